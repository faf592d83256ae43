import * as React from 'react';
import { Button, Field, Flex, LinkButton, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';
import { APPEAL_MESSAGE_MAX_LENGTH } from '@framecast/contracts/moderation';
import { PLUGIN_ID } from '../pluginId';
import { API, messageOf, useLoad, when, type ModerationStatusView } from '../utils/api';

const PERMISSIONS = [
  { action: 'plugin::moderation.appeal', subject: null },
  { action: 'plugin::moderation.review', subject: null },
];

const STATE_TEXT = {
  approved: 'Visible: no moderation decision stands against it.',
  pending: 'Hidden: waiting for a moderator.',
  removed: 'Removed by a moderator: viewers cannot see it.',
} as const;

const APPEAL_TEXT = {
  open: 'A moderator will review it; you will be told by mail.',
  granted: 'Granted: the decision was reversed.',
  refused: 'Refused: the decision stands.',
} as const;

function AppealForm({ documentId, onDone }: { documentId: string; onDone: () => void }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [message, setMessage] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await post(API.appeal(documentId), { message });
      toggleNotification({ type: 'success', message: 'Your appeal was sent to the moderators.' });
      onDone();
    } catch (failure) {
      setError(messageOf(failure, 'The appeal was not sent.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Field.Root name="appeal" error={error ?? undefined} hint="You can appeal this decision once.">
        <Field.Label>Why should it be reversed?</Field.Label>
        <Textarea
          value={message}
          maxLength={APPEAL_MESSAGE_MAX_LENGTH}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
            setMessage(event.target.value);
            setError(null);
          }}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
      <Button variant="secondary" onClick={() => void submit()} loading={busy} fullWidth>
        Appeal
      </Button>
    </Flex>
  );
}

function Status({ documentId, reviewer }: { documentId: string; reviewer: boolean }) {
  const status = useLoad<ModerationStatusView>(API.status(documentId));
  if (status.status === 'loading') return <Typography variant="pi">Loading…</Typography>;
  if (status.status === 'error')
    return (
      <Typography variant="pi" textColor="danger600">
        {status.message}
      </Typography>
    );
  const { state, reason, appealable, appeal } = status.data;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="moderation-status">
      <Typography variant="omega" fontWeight={state === 'approved' ? undefined : 'semiBold'}>
        {STATE_TEXT[state]}
      </Typography>
      {reason ? (
        <Typography variant="pi">
          <strong>Reason:</strong> {reason}
        </Typography>
      ) : null}
      {appeal ? (
        <Typography variant="pi" textColor="neutral600">
          Appealed {when(appeal.createdAt)}. {APPEAL_TEXT[appeal.state]}
        </Typography>
      ) : null}
      {appealable && !reviewer ? <AppealForm documentId={documentId} onDone={status.reload} /> : null}
      {reviewer ? (
        <LinkButton tag={NavLink} to={`/plugins/${PLUGIN_ID}`} variant="tertiary" fullWidth>
          Open the review queue
        </LinkButton>
      ) : null}
    </Flex>
  );
}

interface PanelProps {
  model: string;
  documentId?: string;
}

/** The video edit view's side panel: the moderation state, the reason given, and the creator's one appeal. */
export const ModerationPanel = ({ model, documentId }: PanelProps) => {
  const { allowedActions, isLoading } = useRBAC(PERMISSIONS);
  const permissions = allowedActions as Record<string, boolean>;
  const reviewer = Boolean(permissions.canReview);
  if (model !== 'api::video.video' || !documentId || isLoading || (!permissions.canAppeal && !reviewer)) return null;
  return { title: 'Moderation', content: <Status documentId={documentId} reviewer={reviewer} /> };
};
ModerationPanel.type = 'moderation-status';
