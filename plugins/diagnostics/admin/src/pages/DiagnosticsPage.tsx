import * as React from 'react';
import { Badge, Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { Layouts, Page, useAuth, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type {
  DiagnosticCheckInfo,
  DiagnosticResult,
  DiagnosticStatus,
  DiagnosticsRun,
  DiagnosticsRunning,
} from '@framecast/contracts';

const RUN = 'plugin::diagnostics.run';

const when = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
const messageOf = (error: unknown, fallback: string) =>
  (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? fallback;

const STATUS: Record<DiagnosticStatus, { label: string; text: string; background: string }> = {
  ok: { label: 'ok', text: 'success700', background: 'success100' },
  warn: { label: 'warning', text: 'warning700', background: 'warning100' },
  fail: { label: 'failed', text: 'danger700', background: 'danger100' },
  skip: { label: 'skipped', text: 'neutral700', background: 'neutral150' },
};

const StatusBadge = ({ status }: { status: DiagnosticStatus }) => (
  <Badge textColor={STATUS[status].text} backgroundColor={STATUS[status].background}>
    {STATUS[status].label}
  </Badge>
);

const summaryOf = (run: DiagnosticsRun) => {
  const count = (status: DiagnosticStatus) => run.results.filter((result) => result.status === status).length;
  const parts = [`${count('ok')} ok`];
  if (count('warn')) parts.push(`${count('warn')} warning${count('warn') === 1 ? '' : 's'}`);
  if (count('fail')) parts.push(`${count('fail')} failed`);
  if (count('skip')) parts.push(`${count('skip')} skipped`);
  return `${parts.join(', ')} in ${seconds(run.ms)}`;
};

/** The newest result of every check across the runs (a run of one check updates only that check). */
const latestOf = (runs: DiagnosticsRun[]) => {
  const latest = new Map<string, { result: DiagnosticResult; run: DiagnosticsRun }>();
  for (const run of runs)
    for (const result of run.results) if (!latest.has(result.name)) latest.set(result.name, { result, run });
  return latest;
};

function CheckCard({
  check,
  result,
  ranAt,
  canRun,
  busy,
  onRun,
}: {
  check: DiagnosticCheckInfo;
  result?: DiagnosticResult;
  ranAt?: string;
  canRun: boolean;
  busy: boolean;
  onRun?: () => void;
}) {
  const headingId = `diagnostics-check-${check.name}`;
  return (
    <Box
      tag="article"
      aria-labelledby={headingId}
      data-check={check.name}
      data-status={result?.status ?? 'none'}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={5}
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={3} wrap="wrap">
          <Flex direction="column" alignItems="flex-start" gap={1} style={{ minWidth: 0, flex: '1 1 16rem' }}>
            <Flex gap={2} alignItems="center" wrap="wrap">
              <Typography variant="delta" tag="h3" id={headingId}>
                {check.name}
              </Typography>
              {result ? <StatusBadge status={result.status} /> : <Badge>not run yet</Badge>}
              {check.readiness ? (
                <Typography variant="pi" textColor="neutral600">
                  part of readiness
                </Typography>
              ) : null}
            </Flex>
            <Typography variant="pi" textColor="neutral600" tag="p">
              Verifies {check.verifies}.
            </Typography>
          </Flex>
          {canRun && onRun ? (
            <Button
              variant="secondary"
              size="S"
              onClick={onRun}
              disabled={busy}
              aria-label={`Run the ${check.name} check`}
            >
              Run
            </Button>
          ) : null}
        </Flex>
        {result ? (
          <>
            <Typography tag="p" style={{ overflowWrap: 'anywhere' }}>
              {result.detail}
            </Typography>
            {result.fix ? (
              <Box
                background={result.status === 'fail' ? 'danger100' : 'warning100'}
                padding={3}
                hasRadius
                data-fix={check.name}
              >
                <Typography tag="p" style={{ overflowWrap: 'anywhere' }}>
                  <Typography fontWeight="bold">Fix: </Typography>
                  {result.fix}
                </Typography>
              </Box>
            ) : null}
            <Typography variant="pi" textColor="neutral600" tag="p">
              {seconds(result.ms)}
              {ranAt ? ` · ${when(ranAt)}` : ''}
            </Typography>
          </>
        ) : null}
      </Flex>
    </Box>
  );
}

function HistoryList({
  runs,
  selected,
  onSelect,
}: {
  runs: DiagnosticsRun[];
  selected: string | null;
  onSelect: (startedAt: string | null) => void;
}) {
  return (
    <Flex tag="ol" direction="column" alignItems="stretch" gap={2} aria-label="Last runs, newest first">
      {runs.map((run) => {
        const open = selected === run.startedAt;
        return (
          <Box tag="li" key={run.startedAt} background="neutral0" hasRadius shadow="tableShadow" padding={3}>
            <Flex justifyContent="space-between" alignItems="center" gap={3} wrap="wrap">
              <Flex gap={2} alignItems="center" wrap="wrap" style={{ minWidth: 0 }}>
                <StatusBadge status={run.status} />
                <Typography>{when(run.startedAt)}</Typography>
                <Typography variant="pi" textColor="neutral600">
                  {run.by ? `by ${run.by} · ` : ''}
                  {run.results.length === 1 ? `${run.results[0]!.name} only · ` : ''}
                  {summaryOf(run)}
                </Typography>
              </Flex>
              <Button
                variant="tertiary"
                size="S"
                aria-expanded={open}
                onClick={() => onSelect(open ? null : run.startedAt)}
              >
                {open ? 'Hide' : 'Show'}
              </Button>
            </Flex>
            {open ? (
              <Flex tag="ul" direction="column" alignItems="stretch" gap={2} paddingTop={3}>
                {run.results.map((result) => (
                  <Box tag="li" key={result.name}>
                    <Flex gap={2} alignItems="flex-start" wrap="wrap">
                      <StatusBadge status={result.status} />
                      <Typography fontWeight="bold">{result.name}</Typography>
                      <Typography style={{ overflowWrap: 'anywhere' }}>
                        {result.detail}
                        {result.fix ? ` Fix: ${result.fix}` : ''}
                      </Typography>
                    </Flex>
                  </Box>
                ))}
              </Flex>
            ) : null}
          </Box>
        );
      })}
    </Flex>
  );
}

/** The Diagnostics page: run all checks or one, read the latest results with their fixes, and the last runs. */
export function DiagnosticsPage() {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const permissions = useAuth('diagnostics', (state) => state.permissions);
  const canRun = permissions.some((permission) => permission.action === RUN);
  const [checks, setChecks] = React.useState<DiagnosticCheckInfo[] | null>(null);
  const [runs, setRuns] = React.useState<DiagnosticsRun[]>([]);
  const [running, setRunning] = React.useState<DiagnosticsRunning | null>(null);
  const [mine, setMine] = React.useState<string[] | null>(null);
  const [loadError, setLoadError] = React.useState<string | null>(null);
  const [selected, setSelected] = React.useState<string | null>(null);

  const load = React.useCallback(async () => {
    try {
      const [list, history] = await Promise.all([
        get<{ data: DiagnosticCheckInfo[] }>('/diagnostics/checks'),
        get<{ data: DiagnosticsRun[]; meta: { running: DiagnosticsRunning | null } }>('/diagnostics/runs'),
      ]);
      setChecks(list.data.data);
      setRuns(history.data.data);
      setRunning(history.data.meta.running);
      setLoadError(null);
    } catch (error) {
      setLoadError(messageOf(error, 'The diagnostics could not be loaded.'));
    }
  }, [get]);

  React.useEffect(() => {
    void load();
  }, [load]);

  // another admin's run: look again every few seconds until it ends
  React.useEffect(() => {
    if (!running || mine) return undefined;
    const timer = window.setTimeout(() => void load(), 3000);
    return () => window.clearTimeout(timer);
  }, [running, mine, load]);

  const run = async (only?: string[]) => {
    const names = only ?? checks?.map((check) => check.name) ?? [];
    setMine(names);
    try {
      const { data } = await post<{ data: DiagnosticsRun }>('/diagnostics/runs', only ? { only } : {});
      setRuns((previous) => [data.data, ...previous].slice(0, 20));
      toggleNotification({
        type: data.data.status === 'ok' ? 'success' : data.data.status === 'warn' ? 'warning' : 'danger',
        message:
          data.data.status !== 'ok'
            ? `${summaryOf(data.data)}: the fixes are below.`
            : data.data.results.length === 1
              ? `The ${data.data.results[0]!.name} check passed (${seconds(data.data.ms)}).`
              : `Every check passed (${summaryOf(data.data)}).`,
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: messageOf(error, 'The checks could not be run.') });
      await load();
    } finally {
      setMine(null);
    }
  };

  const busy = Boolean(mine || running);
  const latest = latestOf(runs);
  const newest = runs[0];

  return (
    <Page.Main>
      <Page.Title>Diagnostics</Page.Title>
      <Layouts.Header
        title="Diagnostics"
        subtitle="Each check tries the real part: the database, media storage, the queue and a job through it, search, mail, ffmpeg, disk space, production settings, the site, a viewer signing up and out, and a video playing."
        primaryAction={
          canRun ? (
            <Button onClick={() => void run()} loading={Boolean(mine)} disabled={busy || !checks}>
              Run all checks
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box aria-live="polite">
            {mine || running ? (
              <Box background="primary100" padding={4} hasRadius>
                <Flex gap={3} alignItems="center">
                  <Loader small>Running</Loader>
                  <Typography tag="p">
                    {mine
                      ? `Running ${mine.join(', ')}…`
                      : `${running!.by} started a run at ${when(running!.startedAt)} (${running!.checks.join(', ')})…`}{' '}
                    {(mine ?? running!.checks).includes('ffmpeg') ? 'The ffmpeg check encodes a one-second clip.' : ''}
                  </Typography>
                </Flex>
              </Box>
            ) : newest ? (
              <Typography tag="p" textColor={newest.status === 'fail' ? 'danger700' : 'neutral800'}>
                Last run {when(newest.startedAt)}
                {newest.by ? ` by ${newest.by}` : ''}: {summaryOf(newest)}.
              </Typography>
            ) : null}
          </Box>

          {loadError ? (
            <Box background="danger100" padding={4} hasRadius role="alert">
              <Flex justifyContent="space-between" gap={3} wrap="wrap">
                <Typography>{loadError}</Typography>
                <Button variant="tertiary" onClick={() => void load()}>
                  Try again
                </Button>
              </Flex>
            </Box>
          ) : null}

          {!checks && !loadError ? <Loader>Loading the checks</Loader> : null}

          {checks ? (
            <Flex tag="section" direction="column" alignItems="stretch" gap={3} aria-labelledby="diagnostics-latest">
              <Typography variant="beta" tag="h2" id="diagnostics-latest">
                Latest results
              </Typography>
              {runs.length === 0 && !busy ? (
                <EmptyStateLayout
                  content={
                    canRun
                      ? 'No run yet. Run all checks to learn whether every part works, and what to do where one does not.'
                      : 'No run yet. An administrator who may run diagnostics starts the first one.'
                  }
                />
              ) : null}
              {checks.map((check) => {
                const found = latest.get(check.name);
                return (
                  <CheckCard
                    key={check.name}
                    check={check}
                    result={found?.result}
                    ranAt={found?.run.startedAt}
                    canRun={canRun}
                    busy={busy}
                    onRun={() => void run([check.name])}
                  />
                );
              })}
            </Flex>
          ) : null}

          {runs.length > 0 ? (
            <Flex tag="section" direction="column" alignItems="stretch" gap={3} aria-labelledby="diagnostics-history">
              <Typography variant="beta" tag="h2" id="diagnostics-history">
                Last runs
              </Typography>
              <HistoryList runs={runs} selected={selected} onSelect={setSelected} />
            </Flex>
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
