import * as React from 'react';
import { Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient, useRBAC } from '@strapi/strapi/admin';
import type { CollaborationInvitationView } from '@framecast/contracts';

const PERMISSION = [{ action: 'plugin::collaboration.invitations', subject: null }];
const STATE_TEXT = {
  pending: 'invited, not answered yet',
  accepted: 'accepted',
  declined: 'declined',
  withdrawn: 'withdrawn',
};

function InviteForm({ documentId, onDone }: { documentId: string; onDone: () => void }) {
  const { post } = useFetchClient();
  const [handle, setHandle] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await post(`/collaboration/videos/${documentId}/invitations`, { handle });
      setHandle('');
      setError(null);
      onDone();
    } catch (failure) {
      setError(
        (failure as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
          'The invitation was not sent.',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Field.Root
        name="invite-handle"
        error={error ?? undefined}
        hint="They can edit it once they accept; only you publish."
      >
        <Field.Label>Invite a creator by handle</Field.Label>
        <TextInput
          value={handle}
          placeholder="@handle"
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setHandle(event.target.value)}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
      <Button variant="secondary" onClick={() => void submit()} loading={busy} disabled={!handle.trim()} fullWidth>
        Invite
      </Button>
    </Flex>
  );
}

function Invitations({ documentId }: { documentId: string }) {
  const { get, post } = useFetchClient();
  const [list, setList] = React.useState<CollaborationInvitationView[] | null>(null);
  const [owner, setOwner] = React.useState(true);
  const load = React.useCallback(() => {
    get<{ data: CollaborationInvitationView[] }>(`/collaboration/videos/${documentId}/invitations`)
      .then(({ data }) => setList(data.data))
      .catch(() => {
        // a collaborator's view of another channel's video: only its owner invites
        setOwner(false);
        setList([]);
      });
  }, [get, documentId]);
  React.useEffect(load, [load]);
  if (!list) return <Typography variant="pi">Loading…</Typography>;
  if (!owner)
    return (
      <Typography variant="pi" textColor="neutral600">
        You collaborate on this video: its owner invites others and publishes it.
      </Typography>
    );
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="collaboration-panel">
      <InviteForm documentId={documentId} onDone={load} />
      {list.map((invitation) => (
        <Flex key={invitation.id} justifyContent="space-between" gap={2}>
          <Typography variant="pi">
            {invitation.invitee?.displayName ?? 'A channel'}: {STATE_TEXT[invitation.state]}
          </Typography>
          {invitation.state === 'pending' ? (
            <Button
              size="S"
              variant="tertiary"
              onClick={() => void post(`/collaboration/invitations/${invitation.id}/withdraw`, {}).then(load)}
            >
              Withdraw
            </Button>
          ) : null}
        </Flex>
      ))}
    </Flex>
  );
}

interface PanelProps {
  model: string;
  documentId?: string;
}

/** The video edit view's side panel: who was invited to collaborate, and whether they answered. */
export const InvitationsPanel = ({ model, documentId }: PanelProps) => {
  const { allowedActions } = useRBAC(PERMISSION);
  if (model !== 'api::video.video' || !documentId || !(allowedActions as Record<string, boolean>).canInvitations)
    return null;
  return { title: 'Collaboration', content: <Invitations documentId={documentId} /> };
};
InvitationsPanel.type = 'collaboration-invitations';
