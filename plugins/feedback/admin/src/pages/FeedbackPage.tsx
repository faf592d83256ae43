import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  Loader,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Textarea,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_LIMITS,
  FEEDBACK_STATES,
  FEEDBACK_STATE_LABELS,
  type FeedbackCategory,
  type FeedbackReview,
  type FeedbackReviewPage,
  type FeedbackState,
} from '@framecast/contracts/feedback';

const API = '/feedback/messages';
/** The filters' "any" choice (the API reads an absent filter as any). */
const ANY = 'any';

const when = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
const messageOf = (error: unknown, fallback: string) =>
  (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? fallback;
const isState = (value: string | null): value is FeedbackState =>
  (FEEDBACK_STATES as readonly string[]).includes(value ?? '');
const isCategory = (value: string | null): value is FeedbackCategory =>
  (FEEDBACK_CATEGORIES as readonly string[]).includes(value ?? '');

function NoteDialog({
  item,
  onClose,
  onSaved,
}: {
  item: FeedbackReview;
  onClose: () => void;
  onSaved: (item: FeedbackReview) => void;
}) {
  const { put } = useFetchClient();
  const [note, setNote] = React.useState(item.note ?? '');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const { data } = await put<{ data: FeedbackReview }>(`${API}/${item.id}`, { note });
      onSaved(data.data);
    } catch (failure) {
      setError(messageOf(failure, 'The note was not saved.'));
      setBusy(false);
    }
  };
  return (
    <Modal.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Modal.Content>
        <form onSubmit={submit} noValidate>
          <Modal.Header>
            <Modal.Title>Note on feedback #{item.id}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Field.Root
              name="note"
              error={error ?? undefined}
              hint={`For moderators only; the sender never sees it. Up to ${FEEDBACK_LIMITS.note} characters.`}
            >
              <Field.Label>Note</Field.Label>
              <Textarea
                value={note}
                maxLength={FEEDBACK_LIMITS.note}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
                  setNote(event.target.value);
                  setError(null);
                }}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" type="button">
                Cancel
              </Button>
            </Modal.Close>
            <Button type="submit" loading={busy}>
              Save note
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}

/** One message: its text as text (never markup), where it came from, and its state, changed in place. */
function FeedbackRow({
  item,
  onChanged,
  onEditNote,
}: {
  item: FeedbackReview;
  onChanged: (item: FeedbackReview) => void;
  onEditNote: () => void;
}) {
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);
  const setState = async (state: FeedbackState) => {
    if (state === item.state) return;
    setBusy(true);
    try {
      const { data } = await put<{ data: FeedbackReview }>(`${API}/${item.id}`, { state });
      onChanged(data.data);
      toggleNotification({ type: 'success', message: `Feedback #${item.id}: ${FEEDBACK_STATE_LABELS[state]}.` });
    } catch (failure) {
      toggleNotification({ type: 'danger', message: messageOf(failure, 'The state was not saved.') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tr aria-label={`Feedback #${item.id}`} data-feedback-id={item.id}>
      <Td>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography>{when(item.createdAt)}</Typography>
          <Typography variant="pi" textColor="neutral600">
            #{item.id}
          </Typography>
        </Flex>
      </Td>
      <Td>
        <Badge>{FEEDBACK_CATEGORY_LABELS[item.category]}</Badge>
      </Td>
      <Td style={{ whiteSpace: 'normal', minWidth: 280, maxWidth: 520 }}>
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Typography tag="p" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-feedback-message>
            {item.message}
          </Typography>
          <Typography variant="pi" textColor="neutral600" style={{ overflowWrap: 'anywhere' }}>
            From the page <code>{item.page}</code>
            {' · '}
            {item.viewer ? `signed in as ${item.viewer.username}` : 'not signed in'}
            {item.contact ? ` · reply to ${item.contact}` : ' · no contact address'}
          </Typography>
          {item.note ? (
            <Typography variant="pi" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              Note: {item.note}
            </Typography>
          ) : null}
        </Flex>
      </Td>
      <Td>
        <Flex direction="column" alignItems="stretch" gap={2} style={{ minWidth: 160 }}>
          <SingleSelect
            aria-label={`State of feedback #${item.id}`}
            value={item.state}
            disabled={busy}
            onChange={(value: string | number) => {
              if (isState(String(value))) void setState(String(value) as FeedbackState);
            }}
          >
            {FEEDBACK_STATES.map((state) => (
              <SingleSelectOption key={state} value={state}>
                {FEEDBACK_STATE_LABELS[state]}
              </SingleSelectOption>
            ))}
          </SingleSelect>
          {item.triagedBy && item.triagedAt ? (
            <Typography variant="pi" textColor="neutral600">
              by {item.triagedBy}, {when(item.triagedAt)}
            </Typography>
          ) : null}
        </Flex>
      </Td>
      <Td>
        <Button variant="tertiary" size="S" onClick={onEditNote}>
          {item.note ? 'Edit note' : 'Add note'}
        </Button>
      </Td>
    </Tr>
  );
}

/** Feedback: what visitors sent from the site, newest first, filtered by state and category (kept in the URL). */
export function FeedbackPage() {
  const { get } = useFetchClient();
  const [search, setSearch] = useSearchParams();
  const state = search.get('state');
  const category = search.get('category');
  const page = Math.max(1, Number(search.get('page')) || 1);
  const [loaded, setLoaded] = React.useState<
    { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: FeedbackReviewPage }
  >({ status: 'loading' });
  const [noting, setNoting] = React.useState<FeedbackReview | null>(null);

  const query = new URLSearchParams({ page: String(page) });
  if (isState(state)) query.set('state', state);
  if (isCategory(category)) query.set('category', category);
  const path = `${API}?${query.toString()}`;
  React.useEffect(() => {
    setLoaded({ status: 'loading' });
    get<FeedbackReviewPage>(path)
      .then(({ data }) => setLoaded({ status: 'ready', data }))
      .catch((error: unknown) =>
        setLoaded({ status: 'error', message: messageOf(error, 'The feedback could not be loaded.') }),
      );
  }, [get, path]);

  const filterBy = (name: 'state' | 'category', value: string) => {
    const next = new URLSearchParams(search);
    if (value === ANY) next.delete(name);
    else next.set(name, value);
    next.delete('page');
    setSearch(next);
  };
  const goTo = (to: number) => {
    const next = new URLSearchParams(search);
    next.set('page', String(to));
    setSearch(next);
  };
  const replace = (item: FeedbackReview) =>
    setLoaded((current) =>
      current.status === 'ready'
        ? {
            status: 'ready',
            data: { ...current.data, data: current.data.data.map((row) => (row.id === item.id ? item : row)) },
          }
        : current,
    );
  const filtered = isState(state) || isCategory(category);

  return (
    <Page.Main>
      <Page.Title>Feedback</Page.Title>
      <Layouts.Header
        title="Feedback"
        subtitle="What visitors sent from the site’s “Send feedback” form, newest first"
      />
      <Layouts.Content>
        <Box paddingBottom={6} tag="section" aria-label="Filter the feedback">
          <Flex gap={4} wrap="wrap" alignItems="flex-end">
            <Field.Root name="state">
              <Field.Label>State</Field.Label>
              <SingleSelect
                value={isState(state) ? state : ANY}
                onChange={(value: string | number) => filterBy('state', String(value))}
              >
                <SingleSelectOption value={ANY}>Any state</SingleSelectOption>
                {FEEDBACK_STATES.map((key) => (
                  <SingleSelectOption key={key} value={key}>
                    {FEEDBACK_STATE_LABELS[key]}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            <Field.Root name="category">
              <Field.Label>Category</Field.Label>
              <SingleSelect
                value={isCategory(category) ? category : ANY}
                onChange={(value: string | number) => filterBy('category', String(value))}
              >
                <SingleSelectOption value={ANY}>Any category</SingleSelectOption>
                {FEEDBACK_CATEGORIES.map((key) => (
                  <SingleSelectOption key={key} value={key}>
                    {FEEDBACK_CATEGORY_LABELS[key]}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Flex>
        </Box>
        {loaded.status === 'loading' ? (
          <Flex justifyContent="center" padding={8}>
            <Loader>Loading feedback…</Loader>
          </Flex>
        ) : loaded.status === 'error' ? (
          <Box padding={6} background="danger100" hasRadius role="alert">
            <Typography textColor="danger700">{loaded.message}</Typography>
          </Box>
        ) : loaded.data.data.length === 0 ? (
          <EmptyStateLayout
            content={
              filtered
                ? 'No feedback matches these filters.'
                : 'No feedback yet. Visitors send it from the “Send feedback” link at the foot of every page of the site.'
            }
          />
        ) : (
          <>
            <Box style={{ overflowX: 'auto' }}>
              <Table colCount={5} rowCount={loaded.data.data.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">Received</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">Category</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">Message</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">State</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">Note</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {loaded.data.data.map((item) => (
                    <FeedbackRow key={item.id} item={item} onChanged={replace} onEditNote={() => setNoting(item)} />
                  ))}
                </Tbody>
              </Table>
            </Box>
            <Flex justifyContent="space-between" paddingTop={4}>
              <Typography variant="pi" textColor="neutral600">
                {loaded.data.meta.pagination.total} {loaded.data.meta.pagination.total === 1 ? 'message' : 'messages'}
              </Typography>
              <Flex gap={2}>
                <Button variant="tertiary" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                  Newer
                </Button>
                <Button
                  variant="tertiary"
                  disabled={page >= loaded.data.meta.pagination.pageCount}
                  onClick={() => goTo(page + 1)}
                >
                  Older
                </Button>
              </Flex>
            </Flex>
          </>
        )}
        {noting ? (
          <NoteDialog
            item={noting}
            onClose={() => setNoting(null)}
            onSaved={(item) => {
              setNoting(null);
              replace(item);
            }}
          />
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
}
