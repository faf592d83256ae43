import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { CollaborationInvitationView } from '@framecast/contracts';

type Mine = { received: CollaborationInvitationView[]; sent: CollaborationInvitationView[] };
const messageOf = (error: unknown, fallback: string) =>
  (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? fallback;

/** Home page: invitations to collaborate on other channels' videos (accept or decline), and the ones waiting on others. */
export function InvitationsWidget() {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [mine, setMine] = React.useState<Mine | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const load = React.useCallback(() => {
    get<Mine>('/collaboration/invitations')
      .then(({ data }) => setMine(data))
      .catch((failure: unknown) => setError(messageOf(failure, 'Invitations could not be loaded.')));
  }, [get]);
  React.useEffect(load, [load]);

  const answer = async (invitation: CollaborationInvitationView, verb: 'accept' | 'decline') => {
    try {
      await post(`/collaboration/invitations/${invitation.id}/${verb}`, {});
      toggleNotification({
        type: 'success',
        message:
          verb === 'accept'
            ? `You collaborate on “${invitation.videoTitle}” now: it is in your videos list.`
            : `You declined “${invitation.videoTitle}”.`,
      });
      load();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: messageOf(failure, 'That did not work.') });
    }
  };

  if (error) return <Typography textColor="danger600">{error}</Typography>;
  if (!mine) return <Typography textColor="neutral600">Loading…</Typography>;
  if (!mine.received.length && !mine.sent.length)
    return (
      <Typography textColor="neutral600">
        No invitations. To work with another creator, name their channel under “collaborators” on your video: they are
        invited, and the video is shared once they accept.
      </Typography>
    );
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="collaboration-invitations">
      {mine.received.map((invitation) => (
        <Box key={invitation.id} tag="article" aria-label={`Invitation: ${invitation.videoTitle ?? ''}`}>
          <Typography>
            <strong>{invitation.inviter?.displayName ?? 'A creator'}</strong> invites you to collaborate on “
            {invitation.videoTitle}”.
          </Typography>
          <Flex gap={2} paddingTop={1}>
            <Button size="S" onClick={() => void answer(invitation, 'accept')}>
              Accept
            </Button>
            <Button size="S" variant="tertiary" onClick={() => void answer(invitation, 'decline')}>
              Decline
            </Button>
          </Flex>
        </Box>
      ))}
      {mine.sent.map((invitation) => (
        <Typography key={invitation.id} variant="pi" textColor="neutral600">
          Waiting for {invitation.invitee?.displayName ?? 'a creator'} to answer your invitation on “
          {invitation.videoTitle}”.
        </Typography>
      ))}
    </Flex>
  );
}
