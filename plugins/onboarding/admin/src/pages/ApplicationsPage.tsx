import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  Link,
  Loader,
  Modal,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import type { CreatorApplicationReview } from '@framecast/contracts';

type State = 'pending' | 'approved' | 'declined';
const STATES: Array<[State, string]> = [
  ['pending', 'Waiting'],
  ['approved', 'Approved'],
  ['declined', 'Declined'],
];

const when = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
const messageOf = (error: unknown, fallback: string) =>
  (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? fallback;

function DeclineDialog({
  application,
  onClose,
  onDone,
}: {
  application: CreatorApplicationReview;
  onClose: () => void;
  onDone: () => void;
}) {
  const { post } = useFetchClient();
  const [reason, setReason] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await post(`/onboarding/applications/${application.id}/decline`, { reason });
      onDone();
    } catch (failure) {
      setError(messageOf(failure, 'The decision was not saved.'));
      setBusy(false);
    }
  };
  return (
    <Modal.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Modal.Content>
        <form onSubmit={submit} noValidate>
          <Modal.Header>
            <Modal.Title>Decline @{application.handle}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Field.Root
              name="reason"
              required
              error={error ?? undefined}
              hint="Mailed to the applicant, who may apply again."
            >
              <Field.Label>Reason</Field.Label>
              <Textarea
                value={reason}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
                  setReason(event.target.value);
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
            <Button type="submit" variant="danger" loading={busy}>
              Decline
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}

function ApplicationCard({
  application,
  onDecline,
  onApproved,
}: {
  application: CreatorApplicationReview;
  onDecline: () => void;
  onApproved: () => void;
}) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);
  const approve = async () => {
    setBusy(true);
    try {
      const { data } = await post<{ invited: boolean }>(`/onboarding/applications/${application.id}/approve`, {});
      toggleNotification({
        type: data.invited ? 'success' : 'warning',
        message: data.invited
          ? `@${application.handle} is a creator: the invitation was mailed.`
          : `@${application.handle} is a creator, but the invitation mail failed: resend it from Settings > Users.`,
      });
      onApproved();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: messageOf(failure, 'The approval failed; nothing was created.') });
      setBusy(false);
    }
  };
  return (
    <Box
      tag="article"
      aria-label={`@${application.handle}`}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={6}
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between" gap={4} wrap="wrap">
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="delta" tag="h2">
              {application.displayName} (@{application.handle})
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {application.applicant
                ? `${application.applicant.username} · ${application.applicant.email} · viewer since ${when(application.applicant.memberSince)}`
                : 'The applicant deleted their account'}{' '}
              · applied {when(application.createdAt)}
            </Typography>
          </Flex>
          <Badge active={application.state === 'pending'}>{application.state}</Badge>
        </Flex>
        <Typography tag="p" style={{ whiteSpace: 'pre-wrap' }}>
          {application.about}
        </Typography>
        {application.links.length ? (
          <Box tag="ul">
            {application.links.map((link) => (
              <li key={link}>
                <Link href={link} isExternal>
                  {link}
                </Link>
              </li>
            ))}
          </Box>
        ) : null}
        {application.state !== 'pending' ? (
          <Typography variant="pi" textColor="neutral600">
            {application.state === 'approved' ? 'Approved' : 'Declined'} by {application.decidedBy ?? 'a moderator'}
            {application.decidedAt ? `, ${when(application.decidedAt)}` : ''}
            {application.reason ? `: ${application.reason}` : ''}
          </Typography>
        ) : (
          <Flex gap={2}>
            <Button onClick={() => void approve()} loading={busy}>
              Approve
            </Button>
            <Button variant="danger-light" onClick={onDecline} disabled={busy}>
              Decline…
            </Button>
          </Flex>
        )}
      </Flex>
    </Box>
  );
}

/** Creator applications: the waiting ones first (oldest first), approved and declined ones for the record. */
export function ApplicationsPage() {
  const { get } = useFetchClient();
  const [search, setSearch] = useSearchParams();
  const state = (STATES.find(([key]) => key === search.get('state'))?.[0] ?? 'pending') as State;
  const [loaded, setLoaded] = React.useState<
    { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: CreatorApplicationReview[] }
  >({ status: 'loading' });
  const [attempt, setAttempt] = React.useState(0);
  const [declining, setDeclining] = React.useState<CreatorApplicationReview | null>(null);
  const reload = () => setAttempt((n) => n + 1);
  React.useEffect(() => {
    setLoaded({ status: 'loading' });
    get<{ data: CreatorApplicationReview[] }>(`/onboarding/applications?state=${state}`)
      .then(({ data }) => setLoaded({ status: 'ready', data: data.data }))
      .catch((error: unknown) =>
        setLoaded({ status: 'error', message: messageOf(error, 'The applications could not be loaded.') }),
      );
  }, [get, state, attempt]);

  return (
    <Page.Main>
      <Page.Title>Creator applications</Page.Title>
      <Layouts.Header title="Creator applications" subtitle="Viewers who asked to publish on Framecast" />
      <Layouts.Content>
        <Flex gap={2} paddingBottom={6} tag="nav" aria-label="Applications by state">
          {STATES.map(([key, label]) => (
            <Button
              key={key}
              variant={key === state ? 'secondary' : 'tertiary'}
              aria-pressed={key === state}
              onClick={() => setSearch(new URLSearchParams({ state: key }))}
            >
              {label}
            </Button>
          ))}
        </Flex>
        {loaded.status === 'loading' ? (
          <Flex justifyContent="center" padding={8}>
            <Loader>Loading applications…</Loader>
          </Flex>
        ) : loaded.status === 'error' ? (
          <Box padding={6} background="danger100" hasRadius role="alert">
            <Typography textColor="danger700">{loaded.message}</Typography>
          </Box>
        ) : loaded.data.length === 0 ? (
          <EmptyStateLayout
            content={
              state === 'pending'
                ? 'No application waits. Viewers apply from their account page on the site.'
                : `No ${state} applications yet.`
            }
          />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            {loaded.data.map((application) => (
              <ApplicationCard
                key={application.id}
                application={application}
                onDecline={() => setDeclining(application)}
                onApproved={reload}
              />
            ))}
          </Flex>
        )}
        {declining ? (
          <DeclineDialog
            application={declining}
            onClose={() => setDeclining(null)}
            onDone={() => {
              setDeclining(null);
              reload();
            }}
          />
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
}
