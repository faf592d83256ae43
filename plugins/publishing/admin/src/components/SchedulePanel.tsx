import { Flex, Typography } from '@strapi/design-system';
import { VIDEO_UID, mediaWait, momentLabel, timeZone, type ScheduledVideo } from '../utils/schedule';

const ScheduleSummary = ({ video }: { video: ScheduledVideo }) => {
  const zone = timeZone();
  const wait = mediaWait(video);
  if (!video.scheduledAt && !video.unpublishAt)
    return (
      <Typography variant="pi" textColor="neutral600">
        Not scheduled. Set “Scheduled at” and save to publish this video at that time (it is published once its video is
        ready, if that is later); “Unpublish at” takes it down at a given time.
      </Typography>
    );
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="publishing-schedule">
      {video.scheduledAt ? (
        <Typography variant="omega" fontWeight="semiBold">
          {new Date(video.scheduledAt).getTime() <= Date.now() ? 'Due since' : 'Scheduled for'}{' '}
          {momentLabel(video.scheduledAt)}
        </Typography>
      ) : null}
      {video.scheduledAt && wait ? (
        <Typography variant="pi" textColor="warning600">
          It will be published as soon as it is ready: {wait}.
        </Typography>
      ) : null}
      {video.unpublishAt ? <Typography variant="omega">Unpublishes {momentLabel(video.unpublishAt)}</Typography> : null}
      <Typography variant="pi" textColor="neutral600">
        Times are in your time zone ({zone}).
      </Typography>
    </Flex>
  );
};

interface PanelProps {
  model: string;
  documentId?: string;
  document?: ScheduledVideo | null;
}

/**
 * The content manager's edit view side panel for videos (registered with `addEditViewSidePanel`): what is scheduled,
 * in the admin user's time zone, from the saved document.
 */
export const SchedulePanel = ({ model, document }: PanelProps) => {
  if (model !== VIDEO_UID) return null;
  return {
    title: 'Schedule',
    content: <ScheduleSummary video={document ?? {}} />,
  };
};
SchedulePanel.type = 'publishing-schedule';
