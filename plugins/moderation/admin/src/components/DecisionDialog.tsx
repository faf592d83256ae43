import * as React from 'react';
import { Button, Field, Flex, Modal, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { DECISIONS_NEEDING_REASON, MODERATION_REASON_MAX_LENGTH } from '@framecast/contracts/moderation';
import { API, messageOf, type ModerationDecision, type ModerationQueueItem } from '../utils/api';

const WHAT: Record<ModerationDecision, { label: string; effect: string; danger?: boolean }> = {
  dismiss: { label: 'Dismiss reports', effect: 'The reports are closed. A video they held is shown again.' },
  approve: { label: 'Approve', effect: 'The video appears on the site. Its reports, if any, are closed.' },
  restore: { label: 'Restore', effect: 'The video is shown again and the creator is told. An open appeal is granted.' },
  remove: {
    label: 'Remove',
    effect:
      'The video leaves the site within seconds. The creator is told why by mail and in the admin, and may appeal once.',
    danger: true,
  },
  warn: { label: 'Warn creator', effect: 'The creator is told why by mail. The video stays as it is.' },
  block: {
    label: 'Block creator',
    effect:
      'The video is removed and the creator’s admin account deactivated: they are signed out and cannot sign in again.',
    danger: true,
  },
};

export const decisionLabel = (decision: ModerationDecision) => WHAT[decision].label;

/** Asks for the reason (where the creator is told one), says what will happen, then decides. */
export function DecisionDialog({
  item,
  decision,
  onClose,
  onDone,
}: {
  item: ModerationQueueItem;
  decision: ModerationDecision;
  onClose: () => void;
  onDone: () => void;
}) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [reason, setReason] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const needsReason = DECISIONS_NEEDING_REASON.includes(decision);
  const what = WHAT[decision];

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (needsReason && !reason.trim()) {
      setError('Say why: the creator is told.');
      return;
    }
    setBusy(true);
    try {
      const { data } = await post<{ notified: boolean }>(API.decide(item.video), {
        decision,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      toggleNotification({
        type: 'success',
        message: `${what.label}: “${item.title}”${data.notified ? ' (the creator was told by mail)' : ''}.`,
      });
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
            <Modal.Title>
              {what.label}: {item.title}
            </Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography>{what.effect}</Typography>
              <Field.Root
                name="reason"
                required={needsReason}
                error={error ?? undefined}
                hint={
                  needsReason ? 'Shown to the creator and kept in the moderation log.' : 'Optional; kept in the log.'
                }
              >
                <Field.Label>Reason</Field.Label>
                <Textarea
                  value={reason}
                  maxLength={MODERATION_REASON_MAX_LENGTH}
                  onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
                    setReason(event.target.value);
                    setError(null);
                  }}
                />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" type="button">
                Cancel
              </Button>
            </Modal.Close>
            <Button type="submit" variant={what.danger ? 'danger' : 'default'} loading={busy}>
              {what.label}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}
