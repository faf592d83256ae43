import { Status, Typography } from '@strapi/design-system';
import { useT, type MessageKey } from '../hooks/useT';
import type { JobState, ProcessingStatus } from '../utils/api';

type Variant = 'success' | 'danger' | 'primary' | 'neutral' | 'secondary' | 'warning';

const JOB_VARIANT: Record<JobState, Variant> = {
  waiting: 'neutral',
  delayed: 'warning',
  active: 'primary',
  completed: 'success',
  failed: 'danger',
};
const VIDEO_VARIANT: Record<ProcessingStatus, Variant> = {
  uploaded: 'neutral',
  queued: 'neutral',
  processing: 'primary',
  ready: 'success',
  failed: 'danger',
};

export const JobStateBadge = ({ state }: { state: JobState }) => {
  const t = useT();
  return (
    <Status variant={JOB_VARIANT[state]} size="S">
      <Typography tag="span" variant="omega" fontWeight="bold">
        {t(`queue.state.${state}` as MessageKey)}
      </Typography>
    </Status>
  );
};

export const VideoStatusBadge = ({ status }: { status: ProcessingStatus | null }) => {
  const t = useT();
  return (
    <Status variant={status ? VIDEO_VARIANT[status] : 'neutral'} size="S">
      <Typography tag="span" variant="omega" fontWeight="bold">
        {status ? t(`panel.status.${status}` as MessageKey) : t('panel.status.none')}
      </Typography>
    </Status>
  );
};
