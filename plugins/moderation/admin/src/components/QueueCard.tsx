import { Badge, Box, Button, Flex, Link, Typography } from '@strapi/design-system';
import { VIDEO_REPORT_REASON_LABELS, type VideoReportReason } from '@framecast/contracts/community';
import { MODERATION_EVENT_LABELS } from '@framecast/contracts/moderation';
import { NavLink } from 'react-router-dom';
import { when, type ModerationDecision, type ModerationQueueItem } from '../utils/api';
import { decisionLabel } from './DecisionDialog';
import { InlinePlayer } from './InlinePlayer';

const WAITING_LABELS: Record<ModerationQueueItem['waiting'][number], string> = {
  appeal: 'Appeal',
  held: 'Held after reports',
  'pre-moderation': 'New creator: pre-moderation',
  reports: 'Reported',
};

const STATE_LABELS = { approved: 'Visible', pending: 'Hidden, waiting', removed: 'Removed' } as const;

/** The decisions that make sense for the video's state. */
function decisionsFor(item: ModerationQueueItem): ModerationDecision[] {
  const list: ModerationDecision[] = [];
  if (item.state === 'pending') list.push(item.reports.total > 0 ? 'dismiss' : 'approve');
  if (item.state === 'approved' && item.reports.total > 0) list.push('dismiss');
  if (item.state !== 'approved') list.push('restore');
  list.push('remove', 'warn');
  if (item.creator && !item.creator.blocked) list.push('block');
  return [...new Set(list)].filter(
    (decision) => !(decision === 'restore' && item.state === 'pending' && list.includes('approve')),
  );
}

export function QueueCard({
  item,
  onDecide,
}: {
  item: ModerationQueueItem;
  onDecide: (decision: ModerationDecision) => void;
}) {
  const reasons = Object.entries(item.reports.byReason) as Array<[VideoReportReason, number]>;
  return (
    <Box
      tag="article"
      aria-label={item.title}
      data-testid="moderation-item"
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={6}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="delta" tag="h2">
              <Link tag={NavLink} to={`/content-manager/collection-types/api::video.video/${item.video}`}>
                {item.title}
              </Link>
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {item.creator ? `${item.creator.displayName} (@${item.creator.handle})` : 'No channel'}
              {item.creator?.blocked ? ' · blocked' : ''} · {STATE_LABELS[item.state]}
            </Typography>
          </Flex>
          <Flex gap={2} wrap="wrap">
            {item.waiting.map((why) => (
              <Badge key={why} active={why === 'appeal' || why === 'held'}>
                {WAITING_LABELS[why]}
              </Badge>
            ))}
          </Flex>
        </Flex>

        {item.note ? (
          <Typography variant="omega">
            <strong>Current note:</strong> {item.note}
          </Typography>
        ) : null}

        {item.reports.total > 0 ? (
          <Box>
            <Typography variant="sigma" textColor="neutral600" tag="h3">
              {item.reports.total} open {item.reports.total === 1 ? 'report' : 'reports'}
            </Typography>
            <Flex gap={2} wrap="wrap" paddingTop={2} tag="ul">
              {reasons.map(([reason, count]) => (
                <li key={reason}>
                  <Badge>{`${VIDEO_REPORT_REASON_LABELS[reason]} ×${count}`}</Badge>
                </li>
              ))}
            </Flex>
            {item.reports.notes.length ? (
              <Box tag="ul" paddingTop={2}>
                {item.reports.notes.slice(0, 5).map((note, index) => (
                  <li key={index}>
                    <Typography variant="pi">“{note}”</Typography>
                  </li>
                ))}
              </Box>
            ) : null}
          </Box>
        ) : null}

        {item.appeal ? (
          <Box background="primary100" padding={3} hasRadius>
            <Typography variant="sigma" tag="h3">
              Creator’s appeal, {when(item.appeal.createdAt)}
            </Typography>
            <Typography variant="omega" tag="p">
              {item.appeal.message}
            </Typography>
          </Box>
        ) : null}

        <InlinePlayer playback={item.playback} title={item.title} />

        {item.history.length ? (
          <details>
            <summary>
              <Typography variant="pi">History ({item.history.length})</Typography>
            </summary>
            <Box tag="ol" paddingTop={2}>
              {item.history.map((entry) => (
                <li key={entry.id}>
                  <Typography variant="pi">
                    {when(entry.createdAt)}: {MODERATION_EVENT_LABELS[entry.event]} by {entry.actorName}
                    {entry.reason ? ` (${entry.reason})` : ''}
                  </Typography>
                </li>
              ))}
            </Box>
          </details>
        ) : null}

        <Flex gap={2} wrap="wrap">
          {decisionsFor(item).map((decision) => (
            <Button
              key={decision}
              variant={decision === 'remove' || decision === 'block' ? 'danger-light' : 'secondary'}
              onClick={() => onDecide(decision)}
            >
              {decisionLabel(decision)}
            </Button>
          ))}
        </Flex>
      </Flex>
    </Box>
  );
}
