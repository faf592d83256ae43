import * as React from 'react';
import { Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useT } from '../hooks/useT';
import { useUploads } from '../hooks/useUploads';
import { useVideoStatus } from '../hooks/useVideoStatus';
import { useTranscodingPermissions } from '../hooks/usePermissions';
import { replacementUploads } from '../uploads/uploadQueue';
import { useUploadLimits } from '../hooks/useUploadLimits';
import { API, VIDEO_UID, messageOfError } from '../utils/api';
import { DEFAULT_ACCEPTED_EXTENSIONS } from '../utils/files';
import { renditionLabels } from '../utils/format';
import { DropZone } from './DropZone';
import { Notice } from './Notice';
import { PlaybackPreview } from './PlaybackPreview';
import { ProgressMeter } from './ProgressMeter';
import { VideoStatusBadge } from './StateBadge';
import { UploadRow } from './UploadRow';

const ReplaceSource = ({ documentId, onUploaded }: { documentId: string; onUploaded: () => void }) => {
  const t = useT();
  const queue = replacementUploads;
  const items = useUploads(queue).filter((item) => item.target === documentId);
  const { limits } = useUploadLimits(queue);
  const latest = items[0];
  const uploadedId = latest?.phase === 'uploaded' ? latest.id : null;

  // a finished replacement restarts the status polling: the video goes back to queued/processing
  React.useEffect(() => {
    if (uploadedId) onUploaded();
  }, [uploadedId, onUploaded]);

  const busy = latest && ['waiting', 'preparing', 'uploading', 'offline', 'cancelling'].includes(latest.phase);
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      {busy ? null : (
        <DropZone
          compact
          multiple={false}
          onFiles={(files) =>
            queue.add(files, {
              limits: limits ?? {
                acceptedExtensions: DEFAULT_ACCEPTED_EXTENSIONS,
                maxUploadBytes: Number.POSITIVE_INFINITY,
              },
              target: documentId,
            })
          }
          acceptedExtensions={limits?.acceptedExtensions ?? DEFAULT_ACCEPTED_EXTENSIONS}
          maxUploadBytes={limits?.maxUploadBytes ?? null}
          inputLabel={t('panel.replace.inputLabel')}
          buttonLabel={t('panel.replace')}
        />
      )}
      {latest ? (
        <Box tag="ul">
          <UploadRow item={latest} queue={queue} linkToVideo={false} />
        </Box>
      ) : null}
    </Flex>
  );
};

const PanelContent = ({ documentId }: { documentId: string }) => {
  const t = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const allowedActions = useTranscodingPermissions();
  const { status, errorStatus, loading, refresh } = useVideoStatus(documentId);
  const [retrying, setRetrying] = React.useState(false);

  if (loading) {
    return <Loader small>{t('panel.title')}</Loader>;
  }
  if (!status) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {errorStatus === 404 ? t('panel.notFound') : t('panel.error')}
      </Typography>
    );
  }

  const processing = status.processingStatus;
  const jobId = status.job?.id ?? null;
  const retry = async () => {
    if (!jobId) return;
    setRetrying(true);
    try {
      await post(API.retryJob(jobId), {});
      toggleNotification({ type: 'success', message: t('panel.retried') });
      refresh();
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: t('panel.retryFailed', { message: messageOfError(error) ?? t('error.unknown') }),
      });
    } finally {
      setRetrying(false);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%">
      <Flex gap={2} alignItems="center" wrap="wrap" aria-live="polite">
        <VideoStatusBadge status={processing} />
        {processing === 'processing' || processing === 'queued' ? (
          <Typography variant="pi" textColor="neutral600">
            {status.processingProgress}%
          </Typography>
        ) : null}
      </Flex>

      {processing === 'processing' || processing === 'queued' || processing === 'uploaded' ? (
        <ProgressMeter value={status.processingProgress} label={t('panel.progressLabel')} />
      ) : null}

      {processing === 'failed' ? (
        <Notice
          variant="danger"
          title={t('panel.failed.title')}
          action={
            jobId && allowedActions.canRetry ? (
              <Button
                variant="secondary"
                size="S"
                startIcon={<ArrowClockwise />}
                loading={retrying}
                onClick={() => void retry()}
                aria-label={t('panel.retry')}
              >
                {t('queue.retry')}
              </Button>
            ) : null
          }
        >
          {status.failureReason || t('panel.failed.noReason')}
        </Notice>
      ) : null}

      {processing === 'ready' && status.playback?.renditions.length ? (
        <Box>
          <Typography variant="sigma" textColor="neutral600" tag="p">
            {t('panel.renditions')}
          </Typography>
          <Typography variant="omega" tag="p" data-testid="transcoding-renditions">
            {renditionLabels(status.playback.renditions)}
          </Typography>
        </Box>
      ) : null}

      {status.playback && (processing === 'ready' || (processing === 'processing' && status.playback.growing)) ? (
        <PlaybackPreview
          playback={status.playback}
          name={status.job?.videoTitle || t('queue.untitled')}
          growingHint={
            <Typography variant="pi" textColor="neutral700" tag="p">
              {t('panel.growing.publishEarly')}
            </Typography>
          }
        />
      ) : null}

      {allowedActions.canUpload ? <ReplaceSource documentId={documentId} onUploaded={refresh} /> : null}
    </Flex>
  );
};

interface PanelProps {
  model: string;
  documentId?: string;
}

/**
 * The content manager's edit view side panel for videos (registered with `addEditViewSidePanel`): a
 * description component, so it returns `{ title, content }`, or null for every other model.
 */
export const VideoProcessingPanel = ({ model, documentId }: PanelProps) => {
  const t = useT();
  if (model !== VIDEO_UID) return null;
  return {
    title: t('panel.title'),
    content:
      documentId && documentId !== 'create' ? (
        <PanelContent documentId={documentId} />
      ) : (
        <Typography variant="pi" textColor="neutral600">
          {t('panel.unsaved')}
        </Typography>
      ),
  };
};
VideoProcessingPanel.type = 'transcoding-video-processing';
