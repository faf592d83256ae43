import * as React from 'react';
import {
  Box,
  Button,
  EmptyStateLayout,
  Flex,
  Link,
  Loader,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useFetchClient, useIsMobile, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import { styled } from 'styled-components';
import { Notice } from '../components/Notice';
import { ProgressMeter } from '../components/ProgressMeter';
import { JobStateBadge } from '../components/StateBadge';
import { usePolling } from '../hooks/usePolling';
import { useT } from '../hooks/useT';
import { PLUGIN_ID } from '../pluginId';
import {
  API,
  POLL_INTERVAL_MS,
  editViewPath,
  messageOfError,
  statusOfError,
  type JobState,
  type JobsResponse,
  type TranscodeJobView,
} from '../utils/api';

const STATES_SHOWN: JobState[] = ['waiting', 'active', 'failed', 'completed'];
const COUNT_ORDER: JobState[] = ['active', 'waiting', 'delayed', 'failed', 'completed'];

function useJobs() {
  const { get } = useFetchClient();
  const [data, setData] = React.useState<JobsResponse | null>(null);
  const [error, setError] = React.useState<{ status?: number; message?: string } | null>(null);
  const [updatedAt, setUpdatedAt] = React.useState<Date | null>(null);
  const [generation, setGeneration] = React.useState(0);

  usePolling(
    async (signal) => {
      try {
        const response = await get<JobsResponse>(API.jobs, { params: { state: STATES_SHOWN.join(',') }, signal });
        if (signal.aborted) return;
        setData(response.data);
        setError(null);
        setUpdatedAt(new Date());
      } catch (caught) {
        if (signal.aborted) return;
        setError({
          status: statusOfError(caught),
          message: messageOfError(caught) ?? (caught instanceof Error ? caught.message : undefined),
        });
      }
    },
    // a new `generation` asks again at once (after a retry)
    { intervalMs: POLL_INTERVAL_MS, restartKey: generation },
  );

  const refresh = React.useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, updatedAt, refresh };
}

const CountGrid = styled(Box)`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
  gap: ${({ theme }) => theme.spaces[2]};
  max-width: 60rem;
`;

const Counts = ({ counts }: { counts: JobsResponse['counts'] }) => {
  const t = useT();
  return (
    <CountGrid tag="ul" aria-label={t('queue.counts.label')}>
      {COUNT_ORDER.filter((state) => state !== 'delayed' || counts.delayed > 0).map((state) => (
        <Box tag="li" key={state} padding={3} hasRadius background="neutral0" shadow="tableShadow">
          <Typography variant="pi" textColor="neutral600" tag="p">
            {t(`queue.state.${state}`)}
          </Typography>
          <Typography variant="beta" tag="p" data-testid={`queue-count-${state}`}>
            {counts[state] ?? 0}
          </Typography>
        </Box>
      ))}
    </CountGrid>
  );
};

function useJobRetry(onDone: () => void) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [pending, setPending] = React.useState<string | null>(null);
  const retry = async (job: TranscodeJobView) => {
    setPending(job.id);
    try {
      await post(API.retryJob(job.id), {});
      toggleNotification({ type: 'success', message: t('queue.retried') });
      onDone();
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: t('queue.retryFailed', { message: messageOfError(error) ?? t('error.unknown') }),
      });
    } finally {
      setPending(null);
    }
  };
  return { retry, pending };
}

const VideoLink = ({ job }: { job: TranscodeJobView }) => {
  const t = useT();
  return (
    <Link tag={NavLink} to={editViewPath(job.videoDocumentId)}>
      {job.videoTitle || t('queue.untitled')}
    </Link>
  );
};

const RetryButton = ({ job, pending, onRetry }: { job: TranscodeJobView; pending: boolean; onRetry: () => void }) => {
  const t = useT();
  return (
    <Button
      variant="secondary"
      size="S"
      startIcon={<ArrowClockwise />}
      loading={pending}
      onClick={onRetry}
      aria-label={t('queue.retryLabel', { title: job.videoTitle || t('queue.untitled') })}
    >
      {t('queue.retry')}
    </Button>
  );
};

export const QueueTab = ({ canRetry }: { canRetry: boolean }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const isMobile = useIsMobile();
  const { data, error, updatedAt, refresh } = useJobs();
  const { retry, pending } = useJobRetry(refresh);

  const when = (iso: string | null) => (iso ? formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }) : '–');

  if (!data && error) {
    return (
      <Notice variant="danger">
        {error.status === 403
          ? t('queue.forbidden')
          : t('queue.error', { message: error.message ?? String(error.status ?? '') })}
      </Notice>
    );
  }
  if (!data) {
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{t('tabs.queue')}</Loader>
      </Flex>
    );
  }

  const jobs = data.jobs;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Counts counts={data.counts} />
      {error ? (
        <Notice variant="warning">{t('queue.error', { message: error.message ?? String(error.status ?? '') })}</Notice>
      ) : null}
      {updatedAt ? (
        <Typography variant="pi" textColor="neutral600" tag="p">
          {t('queue.updated', { time: updatedAt.toLocaleTimeString() })}
        </Typography>
      ) : null}

      {jobs.length === 0 ? (
        <EmptyStateLayout
          content={t('queue.empty')}
          action={
            <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}`}>
              {t('tabs.upload')}
            </Link>
          }
        />
      ) : isMobile ? (
        <Flex tag="ul" direction="column" alignItems="stretch" gap={3} aria-label={t('queue.table.caption')}>
          {jobs.map((job) => (
            <Box tag="li" key={job.id} padding={4} hasRadius background="neutral0" shadow="tableShadow">
              <Flex direction="column" alignItems="stretch" gap={2}>
                <Flex justifyContent="space-between" gap={2} alignItems="flex-start">
                  <Box style={{ minWidth: 0 }}>
                    <VideoLink job={job} />
                  </Box>
                  <JobStateBadge state={job.state} />
                </Flex>
                {job.state === 'active' ? (
                  <ProgressMeter
                    value={job.progress}
                    label={t('queue.progressLabel', { title: job.videoTitle || t('queue.untitled') })}
                  />
                ) : null}
                {job.failedReason ? (
                  <Typography variant="pi" textColor="danger600" tag="p">
                    {job.failedReason}
                  </Typography>
                ) : null}
                <Typography variant="pi" textColor="neutral600" tag="p">
                  {t('queue.table.attempts')}: {job.attemptsMade} · {t('queue.table.created')}: {when(job.createdAt)}
                  {job.finishedAt ? ` · ${t('queue.table.finished')}: ${when(job.finishedAt)}` : ''}
                </Typography>
                {canRetry && job.state === 'failed' ? (
                  <Box>
                    <RetryButton job={job} pending={pending === job.id} onRetry={() => void retry(job)} />
                  </Box>
                ) : null}
              </Flex>
            </Box>
          ))}
        </Flex>
      ) : (
        <Table colCount={8} rowCount={jobs.length + 1}>
          <caption>
            <VisuallyHidden>{t('queue.table.caption')}</VisuallyHidden>
          </caption>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{t('queue.table.video')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('queue.table.state')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('queue.table.progress')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('queue.table.attempts')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('queue.table.reason')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('queue.table.created')}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">{t('queue.table.finished')}</Typography>
              </Th>
              <Th>
                <VisuallyHidden>{t('queue.table.actions')}</VisuallyHidden>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {jobs.map((job) => (
              <Tr key={job.id} data-job-state={job.state}>
                <Td style={{ maxWidth: '24rem' }}>
                  <Typography ellipsis>
                    <VideoLink job={job} />
                  </Typography>
                </Td>
                <Td>
                  <Flex>
                    <JobStateBadge state={job.state} />
                  </Flex>
                </Td>
                <Td style={{ width: '16rem', minWidth: '12rem' }}>
                  {job.state === 'active' ? (
                    <ProgressMeter
                      value={job.progress}
                      label={t('queue.progressLabel', { title: job.videoTitle || t('queue.untitled') })}
                    />
                  ) : (
                    <Typography textColor="neutral600">{job.state === 'completed' ? '100%' : '–'}</Typography>
                  )}
                </Td>
                <Td>
                  <Typography>{job.attemptsMade}</Typography>
                </Td>
                <Td style={{ maxWidth: '28rem', whiteSpace: 'normal' }}>
                  <Typography textColor={job.failedReason ? 'danger600' : 'neutral600'} variant="pi">
                    {job.failedReason ?? '–'}
                  </Typography>
                </Td>
                <Td>
                  <Typography variant="pi">{when(job.createdAt)}</Typography>
                </Td>
                <Td>
                  <Typography variant="pi">{when(job.finishedAt)}</Typography>
                </Td>
                <Td>
                  {canRetry && job.state === 'failed' ? (
                    <RetryButton job={job} pending={pending === job.id} onRetry={() => void retry(job)} />
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Flex>
  );
};
