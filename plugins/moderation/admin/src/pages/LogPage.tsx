import * as React from 'react';
import {
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  Loader,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, useAuth, useNotification } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import { MODERATION_EVENT_LABELS, MODERATION_EVENTS } from '@framecast/contracts/moderation';
import { Tabs } from '../components/Tabs';
import { API, useLoad, when, type ModerationLogPage } from '../utils/api';

const FILTERS = ['event', 'creator', 'actor', 'from', 'to'] as const;

/** The moderation log: every decision, hold and appeal; filters live in the URL; the export takes the same filter. */
export function LogPage() {
  const [search, setSearch] = useSearchParams();
  const token = useAuth('LogPage', (auth) => auth.token);
  const { toggleNotification } = useNotification();
  const query = new URLSearchParams(search);
  const page = Number(query.get('page') ?? 1);
  const log = useLoad<ModerationLogPage>(`${API.log}?${query.toString()}`);
  const [draft, setDraft] = React.useState(() =>
    Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? ''])),
  );

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) if (draft[name]) next.set(name, draft[name]!);
    setSearch(next);
  };
  const goTo = (to: number) => {
    const next = new URLSearchParams(search);
    next.set('page', String(to));
    setSearch(next);
  };
  const download = async () => {
    const filter = new URLSearchParams(search);
    filter.delete('page');
    const backend = (window as unknown as { strapi?: { backendURL?: string } }).strapi?.backendURL ?? '';
    const response = await fetch(`${backend}${API.logExport}?${filter.toString()}`, {
      headers: { Authorization: `Bearer ${token ?? ''}` },
    });
    if (!response.ok) {
      toggleNotification({ type: 'danger', message: `The export failed (${response.status}).` });
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'moderation-log.csv';
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  };
  const text = (name: (typeof FILTERS)[number], label: string, type = 'text') => (
    <Field.Root name={name}>
      <Field.Label>{label}</Field.Label>
      <TextInput
        type={type}
        value={draft[name]}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [name]: event.target.value })}
      />
    </Field.Root>
  );

  return (
    <Page.Main>
      <Page.Title>Moderation log</Page.Title>
      <Layouts.Header
        title="Moderation log"
        subtitle="Every decision, hold and appeal, newest first"
        primaryAction={
          <Button variant="secondary" startIcon={<Download />} onClick={() => void download()}>
            Export CSV
          </Button>
        }
      />
      <Layouts.Content>
        <Tabs current="log" />
        <Box tag="form" onSubmit={apply} paddingBottom={4} aria-label="Filter the log">
          <Flex gap={4} wrap="wrap" alignItems="flex-end">
            <Field.Root name="event">
              <Field.Label>Event</Field.Label>
              <SingleSelect
                value={draft.event}
                placeholder="Any"
                onChange={(value: string | number) => setDraft({ ...draft, event: String(value) })}
                onClear={() => setDraft({ ...draft, event: '' })}
              >
                {MODERATION_EVENTS.map((event) => (
                  <SingleSelectOption key={event} value={event}>
                    {MODERATION_EVENT_LABELS[event]}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            {text('creator', 'Creator')}
            {text('actor', 'By')}
            {text('from', 'From', 'date')}
            {text('to', 'To', 'date')}
            <Button type="submit">Filter</Button>
          </Flex>
        </Box>
        {log.status === 'loading' ? (
          <Flex justifyContent="center" padding={8}>
            <Loader>Loading the log…</Loader>
          </Flex>
        ) : log.status === 'error' ? (
          <Box padding={6} background="danger100" hasRadius role="alert">
            <Typography textColor="danger700">{log.message}</Typography>
          </Box>
        ) : log.data.entries.length === 0 ? (
          <EmptyStateLayout content="No moderation events match. Decisions, holds and appeals are logged here as they happen." />
        ) : (
          <>
            <Box style={{ overflowX: 'auto' }}>
              <Table colCount={6} rowCount={log.data.entries.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">When</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">Event</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">Video</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">Creator</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">By</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">Reason</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {log.data.entries.map((entry) => (
                    <Tr key={entry.id}>
                      <Td>
                        <Typography>{when(entry.createdAt)}</Typography>
                      </Td>
                      <Td>
                        <Typography>{MODERATION_EVENT_LABELS[entry.event]}</Typography>
                      </Td>
                      <Td>
                        <Typography>{entry.videoTitle ?? '—'}</Typography>
                      </Td>
                      <Td>
                        <Typography>{entry.creatorName ?? '—'}</Typography>
                      </Td>
                      <Td>
                        <Typography>{entry.actorName}</Typography>
                      </Td>
                      <Td style={{ whiteSpace: 'normal', maxWidth: 360 }}>
                        <Typography>{entry.reason ?? ''}</Typography>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Box>
            <Flex justifyContent="space-between" paddingTop={4}>
              <Typography variant="pi" textColor="neutral600">
                {log.data.total} {log.data.total === 1 ? 'entry' : 'entries'}
              </Typography>
              <Flex gap={2}>
                <Button variant="tertiary" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                  Newer
                </Button>
                <Button
                  variant="tertiary"
                  disabled={page * log.data.pageSize >= log.data.total}
                  onClick={() => goTo(page + 1)}
                >
                  Older
                </Button>
              </Flex>
            </Flex>
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}
