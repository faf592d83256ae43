import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Checkbox,
  EmptyStateLayout,
  Flex,
  Link,
  LinkButton,
  Loader,
  Modal,
  Searchbar,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { CloudUpload } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import type { InboxOrder, InboxVideo } from '@framecast/contracts';
import { BulkEditForm } from '../components/BulkEditForm';
import { INBOX_API, useInbox } from '../hooks/useInbox';
import { isProcessing, processingLabel } from '../utils/inbox';
import { VIDEO_UID, momentLabel } from '../utils/schedule';

/** How often the inbox looks again while a video in it is still being processed. */
const POLL_MS = 4000;
const UPLOAD_PAGE = '/plugins/transcoding';

function ProcessingBadge({ video }: { video: InboxVideo }) {
  const tone = !video.hasVideoFile
    ? 'neutral'
    : video.processingStatus === 'ready'
      ? 'success'
      : video.processingStatus === 'failed'
        ? 'danger'
        : 'secondary';
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Badge backgroundColor={`${tone}100`} textColor={`${tone}700`}>
        {processingLabel(video)}
      </Badge>
      {video.notReady && video.processingStatus === 'failed' ? (
        <Typography variant="pi" textColor="neutral600">
          {video.notReady}
        </Typography>
      ) : null}
    </Flex>
  );
}

function InboxTable({
  videos,
  selected,
  onToggle,
  onToggleAll,
}: {
  videos: InboxVideo[];
  selected: Set<string>;
  onToggle: (documentId: string) => void;
  onToggleAll: (all: boolean) => void;
}) {
  const all = videos.length > 0 && videos.every((video) => selected.has(video.documentId));
  const some = videos.some((video) => selected.has(video.documentId));
  return (
    <Box style={{ overflowX: 'auto' }}>
      <Table colCount={6} rowCount={videos.length + 1}>
        <Thead>
          <Tr>
            <Th>
              <Checkbox
                aria-label="Select all videos in the inbox"
                checked={all ? true : some ? 'indeterminate' : false}
                onCheckedChange={() => onToggleAll(!all)}
              />
            </Th>
            <Th>
              <Typography variant="sigma">Title</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">Video</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">Details</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">Scheduled</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">Uploaded</Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {videos.map((video) => (
            <Tr key={video.documentId}>
              <Td>
                <Checkbox
                  aria-label={`Select ${video.title}`}
                  checked={selected.has(video.documentId)}
                  onCheckedChange={() => onToggle(video.documentId)}
                />
              </Td>
              <Td style={{ whiteSpace: 'normal', maxWidth: 320 }}>
                <Link tag={RouterLink} to={`/content-manager/collection-types/${VIDEO_UID}/${video.documentId}`}>
                  {video.title}
                </Link>
              </Td>
              <Td>
                <ProcessingBadge video={video} />
              </Td>
              <Td style={{ whiteSpace: 'normal', maxWidth: 280 }}>
                <Typography variant="pi">
                  {[
                    video.visibility,
                    video.category ?? 'no category',
                    video.tags.length ? video.tags.join(', ') : 'no tags',
                  ].join(' · ')}
                </Typography>
              </Td>
              <Td>
                <Typography variant="pi">{video.scheduledAt ? momentLabel(video.scheduledAt) : '—'}</Typography>
              </Td>
              <Td>
                <Typography variant="pi">{momentLabel(video.createdAt)}</Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Box>
  );
}

/**
 * The upload inbox: the videos the user uploaded and never published, in upload order or by title (a title pattern's
 * {n} follows the order shown). Several are selected and edited at
 * once (titles from a pattern, description, tags, category, playlist, visibility, schedule: the videos list's bulk edit,
 * with its preview and per-video results), then published. Rows still being processed show their progress, and the
 * inbox looks again every few seconds until they are ready.
 */
export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const q = params.get('q') ?? '';
  const order: InboxOrder = params.get('order') === 'title' ? 'title' : 'uploaded';
  const query = new URLSearchParams({ page: String(page), order, ...(q ? { q } : {}) });
  const inbox = useInbox(`${INBOX_API}?${query.toString()}`);
  const [selected, setSelected] = React.useState<Set<string>>(new Set());
  const [dialog, setDialog] = React.useState<null | '' | 'publish'>(null);
  const [search, setSearch] = React.useState(q);

  const videos = inbox.status === 'ready' ? inbox.data.items : [];
  const waiting = videos.some(isProcessing);
  const { reload } = inbox;
  React.useEffect(() => {
    if (!waiting || dialog !== null) return undefined;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [waiting, dialog, reload, inbox]);
  // a selection only holds videos still in the inbox
  React.useEffect(() => {
    if (inbox.status !== 'ready') return;
    const present = new Set(inbox.data.items.map((video) => video.documentId));
    setSelected((current) => {
      const kept = [...current].filter((id) => present.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [inbox]);

  const toggle = (documentId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(documentId)) next.delete(documentId);
      else next.add(documentId);
      return next;
    });
  const goTo = (to: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(to));
    setParams(next);
  };
  const ids = videos.filter((video) => selected.has(video.documentId)).map((video) => video.documentId);

  return (
    <Page.Main>
      <Page.Title>Upload inbox</Page.Title>
      <Layouts.Header
        title="Upload inbox"
        subtitle="Videos you uploaded and have not published yet: edit several at once (a title pattern numbers them in the order shown), then publish"
        primaryAction={
          <LinkButton tag={RouterLink} to={UPLOAD_PAGE} startIcon={<CloudUpload />} variant="secondary">
            Upload videos
          </LinkButton>
        }
      />
      <Layouts.Content>
        <Flex justifyContent="space-between" alignItems="center" gap={4} wrap="wrap" paddingBottom={4}>
          <Flex gap={2} wrap="wrap" alignItems="center">
            <Box
              tag="form"
              role="search"
              onSubmit={(event: React.FormEvent) => {
                event.preventDefault();
                const next = new URLSearchParams({ order });
                if (search.trim()) next.set('q', search.trim());
                setParams(next);
              }}
            >
              <Searchbar
                name="q"
                value={search}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => setSearch(event.target.value)}
                onClear={() => {
                  setSearch('');
                  setParams(new URLSearchParams({ order }));
                }}
                clearLabel="Clear the search"
                placeholder="Search titles"
              >
                Search the inbox by title
              </Searchbar>
              <VisuallyHidden>
                <button type="submit">Search</button>
              </VisuallyHidden>
            </Box>
            <Box minWidth="20rem">
              <SingleSelect
                aria-label="Order"
                value={order}
                onChange={(value: string | number) => {
                  const next = new URLSearchParams(params);
                  next.set('order', String(value));
                  next.delete('page');
                  setParams(next);
                }}
              >
                <SingleSelectOption value="uploaded">Upload order</SingleSelectOption>
                <SingleSelectOption value="title">Title, A to Z</SingleSelectOption>
              </SingleSelect>
            </Box>
          </Flex>
          <Flex gap={2} alignItems="center" wrap="wrap">
            <Typography variant="pi" textColor="neutral600" role="status" aria-live="polite">
              {ids.length ? `${ids.length} selected` : 'Select videos to edit them together'}
            </Typography>
            <Button variant="secondary" disabled={!ids.length} onClick={() => setDialog('')}>
              Edit selected
            </Button>
            <Button disabled={!ids.length} onClick={() => setDialog('publish')}>
              Publish selected
            </Button>
          </Flex>
        </Flex>

        {inbox.status === 'loading' ? (
          <Flex justifyContent="center" padding={8}>
            <Loader>Loading the inbox…</Loader>
          </Flex>
        ) : inbox.status === 'error' ? (
          <Box padding={6} background="danger100" hasRadius role="alert">
            <Typography textColor="danger700">{inbox.message}</Typography>
          </Box>
        ) : videos.length === 0 ? (
          <EmptyStateLayout
            icon={<CloudUpload width="6.4rem" height="6.4rem" />}
            content={
              q
                ? `No unpublished video has “${q}” in its title.`
                : 'Nothing waits here: every video you uploaded is published. New uploads land here as drafts.'
            }
            action={
              <LinkButton tag={RouterLink} to={UPLOAD_PAGE} variant="secondary" startIcon={<CloudUpload />}>
                Upload videos
              </LinkButton>
            }
          />
        ) : (
          <>
            <InboxTable
              videos={videos}
              selected={selected}
              onToggle={toggle}
              onToggleAll={(all) => setSelected(all ? new Set(videos.map((video) => video.documentId)) : new Set())}
            />
            <Flex justifyContent="space-between" paddingTop={4} gap={2} wrap="wrap">
              <Typography variant="pi" textColor="neutral600">
                {inbox.data.total} {inbox.data.total === 1 ? 'video waits' : 'videos wait'}
                {waiting ? ' · looking again every few seconds while videos are processed' : ''}
              </Typography>
              {inbox.data.pageCount > 1 ? (
                <Flex gap={2}>
                  <Button variant="tertiary" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                    Earlier uploads
                  </Button>
                  <Button variant="tertiary" disabled={page >= inbox.data.pageCount} onClick={() => goTo(page + 1)}>
                    Later uploads
                  </Button>
                </Flex>
              ) : null}
            </Flex>
          </>
        )}
      </Layouts.Content>

      {dialog !== null ? (
        <Modal.Root open onOpenChange={(open: boolean) => (open ? undefined : setDialog(null))}>
          <Modal.Content>
            <Modal.Header>
              <Modal.Title>{`${dialog === 'publish' ? 'Publish' : 'Edit'} ${ids.length} ${ids.length === 1 ? 'video' : 'videos'}`}</Modal.Title>
            </Modal.Header>
            <BulkEditForm
              ids={ids}
              then={dialog}
              onClose={() => setDialog(null)}
              onApplied={() => {
                setSelected(new Set());
                reload();
              }}
            />
          </Modal.Content>
        </Modal.Root>
      ) : null}
    </Page.Main>
  );
}
