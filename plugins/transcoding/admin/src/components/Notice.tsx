import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { CheckCircle, Information, WarningCircle } from '@strapi/icons';

type Variant = 'default' | 'success' | 'warning' | 'danger';

const COLORS = {
  default: { background: 'primary100', border: 'primary200', icon: 'primary700' },
  success: { background: 'success100', border: 'success200', icon: 'success700' },
  warning: { background: 'warning100', border: 'warning200', icon: 'warning700' },
  danger: { background: 'danger100', border: 'danger200', icon: 'danger700' },
} as const;

interface NoticeProps {
  variant?: Variant;
  title?: string;
  children?: React.ReactNode;
  /** Buttons or links under the text. */
  action?: React.ReactNode;
}

/**
 * The design system's Alert look for messages that must stay on screen (a failure reason, a missing
 * permission): no close button, and any block content (lists, several paragraphs).
 */
export const Notice = ({ variant = 'default', title, children, action }: NoticeProps) => {
  const colors = COLORS[variant];
  const Icon = variant === 'success' ? CheckCircle : variant === 'default' ? Information : WarningCircle;
  return (
    <Flex
      alignItems="flex-start"
      gap={3}
      padding={4}
      hasRadius
      background={colors.background}
      borderColor={colors.border}
      shadow="filterShadow"
      role={variant === 'danger' ? 'alert' : 'status'}
    >
      <Box shrink={0} paddingTop={1}>
        <Icon width="1.6rem" height="1.6rem" fill={colors.icon} aria-hidden />
      </Box>
      <Flex direction="column" alignItems="stretch" gap={1} style={{ minWidth: 0, flex: 1 }}>
        {title ? (
          <Typography fontWeight="bold" textColor="neutral800" tag="p">
            {title}
          </Typography>
        ) : null}
        {typeof children === 'string' ? (
          <Typography textColor="neutral800" tag="p" style={{ overflowWrap: 'anywhere' }}>
            {children}
          </Typography>
        ) : (
          children
        )}
        {action ? <Box paddingTop={2}>{action}</Box> : null}
      </Flex>
    </Flex>
  );
};
