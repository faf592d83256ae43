import * as React from 'react';
import { Box, Flex, Link, ProgressBar, Typography } from '@strapi/design-system';
import { CheckCircle } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import { Link as RouterLink } from 'react-router-dom';
import type { CreatorChecklist } from '@framecast/contracts';

const messageOf = (error: unknown, fallback: string) =>
  (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? fallback;

/**
 * Admin home page: a new creator's first steps (profile, avatar, first upload, first publish, captions), each ticked
 * from what they have done, each a link to where it is done. Once all are done it shrinks to one line.
 */
export function ChecklistWidget() {
  const { get } = useFetchClient();
  const [checklist, setChecklist] = React.useState<CreatorChecklist | null | undefined>(undefined);
  const [error, setError] = React.useState<string | null>(null);
  React.useEffect(() => {
    get<{ data: CreatorChecklist | null }>('/onboarding/checklist')
      .then(({ data }) => setChecklist(data.data))
      .catch((failure: unknown) => setError(messageOf(failure, 'Your first steps could not be loaded.')));
  }, [get]);

  if (error) return <Typography textColor="danger600">{error}</Typography>;
  if (checklist === undefined) return <Typography textColor="neutral600">Loading…</Typography>;
  if (checklist === null)
    return (
      <Typography textColor="neutral600">This account has no channel: there are no first steps to take.</Typography>
    );
  if (checklist.complete)
    return (
      <Typography textColor="success600" data-testid="creator-checklist-complete">
        You are all set: your channel has a profile, an avatar, published videos and captions.
      </Typography>
    );
  const percent = Math.round((checklist.done / checklist.steps.length) * 100);
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="creator-checklist">
      <Flex gap={2} alignItems="center">
        <Box flex="1">
          <ProgressBar value={percent} size="S" aria-label={`${checklist.done} of ${checklist.steps.length} done`} />
        </Box>
        <Typography variant="pi" textColor="neutral600">
          {checklist.done} of {checklist.steps.length} done
        </Typography>
      </Flex>
      <Flex tag="ul" direction="column" alignItems="stretch" gap={2}>
        {checklist.steps.map((step) => (
          <Flex tag="li" key={step.key} gap={2} alignItems="center" data-step={step.key} data-done={String(step.done)}>
            <CheckCircle aria-hidden fill={step.done ? 'success600' : 'neutral300'} width="1.6rem" height="1.6rem" />
            {step.done ? (
              <Typography textColor="neutral600" style={{ textDecoration: 'line-through' }}>
                <span className="sr-only">Done: </span>
                {step.label}
              </Typography>
            ) : (
              <Link tag={RouterLink} to={step.href}>
                {step.label}
              </Link>
            )}
          </Flex>
        ))}
      </Flex>
    </Flex>
  );
}
