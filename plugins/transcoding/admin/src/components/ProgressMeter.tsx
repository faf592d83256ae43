import { Box, Flex, Typography } from '@strapi/design-system';
import { styled } from 'styled-components';

type Tone = 'primary' | 'success' | 'danger' | 'neutral';

interface ProgressMeterProps {
  /** 0..100 */
  value: number;
  /** The accessible name ("Upload of clip.mp4"). */
  label: string;
  tone?: Tone;
  /** Show "43%" beside the bar. */
  showPercent?: boolean;
}

const Track = styled(Box)`
  position: relative;
  flex: 1;
  min-width: 0;
  height: 0.8rem;
  overflow: hidden;
  border-radius: ${({ theme }) => theme.borderRadius};
  background: ${({ theme }) => theme.colors.neutral150};
`;

const Fill = styled.div<{ $tone: Tone; $value: number }>`
  height: 100%;
  width: ${({ $value }) => $value}%;
  background: ${({ theme, $tone }) =>
    $tone === 'success'
      ? theme.colors.success500
      : $tone === 'danger'
        ? theme.colors.danger600
        : $tone === 'neutral'
          ? theme.colors.neutral500
          : theme.colors.primary600};
  transition: width 0.3s ease-out;

  @media (prefers-reduced-motion: reduce) {
    transition: none;
  }
`;

/**
 * A determinate progress bar the whole width of its container. (The design system's ProgressBar has a fixed
 * width and a dark track made for overlays, and leaves its value out of the accessibility tree.)
 */
export const ProgressMeter = ({ value, label, tone = 'primary', showPercent = true }: ProgressMeterProps) => {
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <Flex gap={2} alignItems="center" width="100%">
      <Track
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
      >
        <Fill $tone={tone} $value={percent} />
      </Track>
      {showPercent ? (
        <Typography
          variant="pi"
          fontWeight="semiBold"
          textColor="neutral700"
          style={{ minWidth: '4ch', textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}
          aria-hidden
        >
          {percent}%
        </Typography>
      ) : null}
    </Flex>
  );
};
