import * as React from 'react';
import { Box, Button, Flex, Link, Typography } from '@strapi/design-system';
import { ArrowClockwise, ArrowRight, Cross, Trash } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import { useT } from '../hooks/useT';
import { useVideoStatus } from '../hooks/useVideoStatus';
import { describeProblem } from '../uploads/describeProblem';
import type { UploadItem, UploadQueue } from '../uploads/uploadQueue';
import { editViewPath } from '../utils/api';
import { formatBytes, formatDuration, formatSpeed, renditionLabels } from '../utils/format';
import { PlaybackPreview } from './PlaybackPreview';
import { ProgressMeter } from './ProgressMeter';
import { VideoStatusBadge } from './StateBadge';

interface UploadRowProps {
  item: UploadItem;
  queue: UploadQueue;
  /** Show the link to the video's edit view once uploaded (not needed inside that edit view). */
  linkToVideo?: boolean;
  /** Called after Remove, so the list can put the keyboard focus somewhere sensible. */
  onDismissed?: () => void;
}

const ACTIVE = new Set(['waiting', 'preparing', 'uploading', 'offline']);

/** After the upload: the video's processing, live (said as it changes), and its preview once its first part plays. */
const ProcessingStatus = ({
  documentId,
  name,
  linkToVideo,
}: {
  documentId: string;
  name: string;
  linkToVideo: boolean;
}) => {
  const t = useT();
  const { status } = useVideoStatus(documentId);
  const processing = status?.processingStatus;
  const playback = status?.playback ?? null;
  const playable = Boolean(playback && (processing === 'ready' || (processing === 'processing' && playback.growing)));
  const label =
    processing === 'ready'
      ? t('upload.row.ready')
      : processing === 'failed'
        ? t('upload.row.failed')
        : t('upload.row.uploaded');
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Flex gap={2} wrap="wrap" alignItems="center" aria-live="polite">
        <Typography
          variant="omega"
          fontWeight="semiBold"
          textColor={processing === 'failed' ? 'danger600' : processing === 'ready' ? 'success600' : 'neutral800'}
          data-testid="upload-processing-label"
        >
          {label}
        </Typography>
        {processing && processing !== 'ready' && processing !== 'failed' ? (
          <VideoStatusBadge status={processing} />
        ) : null}
        {processing === 'processing' ? (
          <Typography variant="pi" textColor="neutral600">
            {status?.processingProgress ?? 0}%
          </Typography>
        ) : null}
      </Flex>
      {processing === 'ready' && status?.playback?.renditions.length ? (
        <Typography variant="pi" textColor="neutral600">
          {renditionLabels(status.playback.renditions)}
        </Typography>
      ) : null}
      {processing === 'failed' && status?.failureReason ? (
        <Typography variant="pi" textColor="danger600" aria-live="polite">
          {status.failureReason}
        </Typography>
      ) : null}
      {playable ? (
        <PlaybackPreview
          playback={playback}
          name={name}
          growingHint={
            <Typography variant="pi" textColor="neutral700" tag="p">
              {t('upload.row.growing')}
            </Typography>
          }
        />
      ) : null}
      {linkToVideo ? (
        <Link tag={NavLink} to={editViewPath(documentId)} endIcon={<ArrowRight aria-hidden />}>
          {t('upload.row.openVideoShort')}
        </Link>
      ) : null}
    </Flex>
  );
};

export const UploadRow = ({ item, queue, linkToVideo = true, onDismissed }: UploadRowProps) => {
  const t = useT();
  const { phase, problem } = item;
  const actionsRef = React.useRef<HTMLDivElement>(null);
  // Cancel and Retry replace themselves with other buttons: keep the keyboard focus in the row
  const refocus = React.useRef(false);
  React.useEffect(() => {
    if (!refocus.current) return;
    const active = document.activeElement;
    if (!active || active === document.body) {
      const next = actionsRef.current?.querySelector('button');
      if (next) {
        next.focus();
        refocus.current = false;
      }
    } else {
      refocus.current = false;
    }
  }, [phase]);
  const act = (action: () => void) => () => {
    refocus.current = true;
    action();
  };
  const failed = phase === 'error' || phase === 'refused';
  const tone = failed ? 'danger' : phase === 'uploaded' ? 'success' : phase === 'cancelled' ? 'neutral' : 'primary';

  let line: string | null = null;
  if (phase === 'waiting') line = t('upload.row.waiting');
  else if (phase === 'preparing') line = t('upload.row.preparing');
  else if (phase === 'cancelling') line = t('upload.row.cancelling');
  else if (phase === 'cancelled') line = t('upload.row.cancelled');
  else if (phase === 'offline') line = t('upload.row.offline');
  else if (phase === 'uploading' && item.speed) {
    line =
      item.etaSeconds !== null
        ? t('upload.row.speedEta', { speed: formatSpeed(item.speed), eta: formatDuration(item.etaSeconds) })
        : t('upload.row.speed', { speed: formatSpeed(item.speed) });
  }

  return (
    <Box
      tag="li"
      padding={4}
      hasRadius
      background="neutral0"
      shadow="tableShadow"
      aria-label={item.name}
      data-upload-phase={phase}
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={3} wrap="wrap">
          <Box style={{ minWidth: 0, flex: '1 1 16rem' }}>
            <Typography variant="omega" fontWeight="bold" tag="p" ellipsis title={item.name}>
              {item.name}
            </Typography>
            <Typography variant="pi" textColor="neutral600" tag="p">
              {phase === 'uploading' || phase === 'offline' || phase === 'error'
                ? `${formatBytes(item.bytesSent)} / ${formatBytes(item.size)}`
                : formatBytes(item.size)}
            </Typography>
          </Box>
          <Flex gap={2} wrap="wrap" ref={actionsRef}>
            {phase === 'error' || phase === 'offline' ? (
              <Button
                variant="secondary"
                size="S"
                startIcon={<ArrowClockwise />}
                onClick={act(() => queue.retry(item.id))}
                aria-label={t('upload.row.retryLabel', { name: item.name })}
              >
                {t('upload.row.retry')}
              </Button>
            ) : null}
            {ACTIVE.has(phase) ? (
              <Button
                variant="danger-light"
                size="S"
                startIcon={<Cross />}
                onClick={act(() => void queue.cancel(item.id))}
                aria-label={t('upload.row.cancelLabel', { name: item.name })}
              >
                {t('upload.row.cancel')}
              </Button>
            ) : null}
            {phase === 'refused' || phase === 'cancelled' || phase === 'error' || phase === 'uploaded' ? (
              <Button
                variant="tertiary"
                size="S"
                startIcon={<Trash />}
                onClick={() => {
                  queue.dismiss(item.id);
                  onDismissed?.();
                }}
                aria-label={t('upload.row.dismissLabel', { name: item.name })}
              >
                {t('upload.row.dismiss')}
              </Button>
            ) : null}
          </Flex>
        </Flex>

        {phase !== 'refused' ? (
          <ProgressMeter value={item.percent} tone={tone} label={t('upload.row.progressLabel', { name: item.name })} />
        ) : null}

        <div aria-live="polite">
          {item.resumedAt !== null &&
          (phase === 'uploading' || phase === 'preparing' || phase === 'offline' || phase === 'error') ? (
            <Typography variant="pi" textColor="primary600" tag="p" fontWeight="semiBold">
              {t('upload.row.resuming', { percent: item.resumedAt })}
            </Typography>
          ) : null}
          {line ? (
            <Typography variant="pi" textColor="neutral600" tag="p">
              {line}
            </Typography>
          ) : null}
          {problem && (phase === 'refused' || phase === 'error') ? (
            <Typography variant="pi" textColor="danger600" tag="p" role={phase === 'refused' ? 'alert' : undefined}>
              {describeProblem(t, problem)}
            </Typography>
          ) : null}
          {phase === 'uploaded' && !item.videoDocumentId ? (
            <Typography variant="omega" fontWeight="semiBold" tag="p">
              {t('upload.row.uploaded')}
            </Typography>
          ) : null}
        </div>
        {/* outside the live region above: it says its own changes, and its player is not read out as it loads */}
        {phase === 'uploaded' && item.videoDocumentId ? (
          <ProcessingStatus documentId={item.videoDocumentId} name={item.name} linkToVideo={linkToVideo} />
        ) : null}
      </Flex>
    </Box>
  );
};
