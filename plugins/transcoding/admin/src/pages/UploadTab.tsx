import * as React from 'react';
import { Box, Button, Flex, LinkButton, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import type { PreviousUpload } from 'tus-js-client';
import { DropZone } from '../components/DropZone';
import { Notice } from '../components/Notice';
import { UploadRow } from '../components/UploadRow';
import { useT } from '../hooks/useT';
import { useUploadLimits } from '../hooks/useUploadLimits';
import { useUploads, useWarnBeforeUnload } from '../hooks/useUploads';
import { newVideoUploads, type UploadQueue } from '../uploads/uploadQueue';
import { DEFAULT_ACCEPTED_EXTENSIONS, type UploadLimits } from '../utils/files';

const INBOX_PATH = '/plugins/publishing';

/** Uploads an earlier page load left behind; choosing the same file again continues them. */
const UnfinishedUploads = ({ queue }: { queue: UploadQueue }) => {
  const t = useT();
  const items = useUploads(queue);
  const [unfinished, setUnfinished] = React.useState<PreviousUpload[]>([]);
  React.useEffect(() => {
    let cancelled = false;
    queue
      .unfinished()
      .then((entries) => {
        if (!cancelled) setUnfinished(entries.filter((entry) => !entry.metadata?.videoDocumentId));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [queue, items]);

  if (unfinished.length === 0) return null;
  return (
    <Notice variant="default" title={t('upload.unfinished.title')}>
      <Typography tag="p">{t('upload.unfinished.body')}</Typography>
      <Box tag="ul" paddingTop={2}>
        {unfinished.map((entry) => (
          <Flex tag="li" key={entry.urlStorageKey} gap={2} alignItems="center" wrap="wrap" paddingTop={1}>
            <Typography fontWeight="semiBold">{entry.metadata?.filename ?? entry.uploadUrl}</Typography>
            <Button
              variant="tertiary"
              size="S"
              startIcon={<Trash />}
              aria-label={t('upload.unfinished.discardLabel', { name: entry.metadata?.filename ?? '' })}
              onClick={() => void queue.discard(entry)}
            >
              {t('upload.unfinished.discard')}
            </Button>
          </Flex>
        ))}
      </Box>
    </Notice>
  );
};

export const UploadTab = ({ canUpload }: { canUpload: boolean }) => {
  const t = useT();
  const queue = newVideoUploads;
  const items = useUploads(queue);
  const { limits, error } = useUploadLimits(queue, canUpload);
  useWarnBeforeUnload(queue);

  const effectiveLimits: UploadLimits = limits ?? {
    acceptedExtensions: DEFAULT_ACCEPTED_EXTENSIONS,
    maxUploadBytes: Number.POSITIVE_INFINITY,
  };
  const settled = items.some((item) => ['refused', 'cancelled', 'uploaded'].includes(item.phase));
  const refusedAccess = error?.status === 401 || error?.status === 403;
  const headingRef = React.useRef<HTMLHeadingElement>(null);
  const focusList = () => headingRef.current?.focus();
  // uploaded videos wait as drafts in the upload inbox (plugins/publishing), where several are edited and published together
  const uploaded = items.filter((item) => item.phase === 'uploaded').length;

  if (!canUpload) {
    return (
      <Notice variant="warning" title={t('tabs.upload')}>
        {t('upload.noPermission')}
      </Notice>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      {error ? (
        <Notice variant="danger" title={t('tabs.upload')}>
          {error.status === 401
            ? t('upload.problem.unauthorized')
            : error.status === 403
              ? t('upload.problem.forbidden')
              : t('upload.limits.error', { message: error.message ?? String(error.status ?? '') })}
        </Notice>
      ) : null}

      <DropZone
        onFiles={(files) => queue.add(files, { limits: effectiveLimits })}
        acceptedExtensions={effectiveLimits.acceptedExtensions}
        maxUploadBytes={limits?.maxUploadBytes ?? null}
        disabled={refusedAccess}
        inputLabel={t('upload.dropzone.inputLabel')}
      />

      <UnfinishedUploads queue={queue} />

      <Box tag="section" aria-labelledby="transcoding-uploads-title">
        <Flex justifyContent="space-between" alignItems="center" paddingBottom={3} gap={2} wrap="wrap">
          <Typography variant="delta" tag="h2" id="transcoding-uploads-title" ref={headingRef} tabIndex={-1}>
            {t('upload.list.title')}
          </Typography>
          {uploaded > 0 ? (
            <LinkButton tag={NavLink} to={INBOX_PATH} variant="secondary" size="S" title={t('upload.list.inboxHint')}>
              {t('upload.list.inbox', { count: uploaded })}
            </LinkButton>
          ) : null}
          {settled ? (
            <Button
              variant="tertiary"
              size="S"
              onClick={() => {
                queue.clearSettled();
                focusList();
              }}
            >
              {t('upload.list.clear')}
            </Button>
          ) : null}
        </Flex>
        {items.length === 0 ? (
          <Typography variant="pi" textColor="neutral600" tag="p">
            {t('upload.list.empty')}
          </Typography>
        ) : (
          <Flex tag="ul" direction="column" alignItems="stretch" gap={3}>
            {items.map((item) => (
              <UploadRow key={item.id} item={item} queue={queue} onDismissed={focusList} />
            ))}
          </Flex>
        )}
      </Box>
    </Flex>
  );
};
