import * as React from 'react';
import { Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { DecisionDialog } from '../components/DecisionDialog';
import { HelpLink } from '@framecast/plugin-onboarding/admin/help-link';
import { QueueCard } from '../components/QueueCard';
import { Tabs } from '../components/Tabs';
import { API, useLoad, type ModerationDecision, type ModerationQueue, type ModerationQueueItem } from '../utils/api';

/** The review queue: one card per video waiting for a decision, the most urgent first. */
export function QueuePage() {
  const queue = useLoad<ModerationQueue>(API.queue);
  const [deciding, setDeciding] = React.useState<{ item: ModerationQueueItem; decision: ModerationDecision } | null>(
    null,
  );
  const count = queue.status === 'ready' ? queue.data.items.length : null;

  return (
    <Page.Main>
      <Page.Title>Review queue</Page.Title>
      <Layouts.Header
        title="Review queue"
        subtitle={
          count === null
            ? 'Reported, held and appealed videos'
            : `${count} ${count === 1 ? 'video waits' : 'videos wait'} for a decision`
        }
        primaryAction={
          <Button variant="secondary" onClick={queue.reload}>
            Refresh
          </Button>
        }
        secondaryAction={<HelpLink guide="review" />}
      />
      <Layouts.Content>
        <Tabs current="queue" />
        {queue.status === 'loading' ? (
          <Flex justifyContent="center" padding={8}>
            <Loader>Loading the queue…</Loader>
          </Flex>
        ) : queue.status === 'error' ? (
          <Box padding={6} background="danger100" hasRadius role="alert">
            <Flex gap={4} alignItems="center" wrap="wrap">
              <Typography textColor="danger700">{queue.message}</Typography>
              <Button variant="secondary" onClick={queue.reload}>
                Try again
              </Button>
            </Flex>
          </Box>
        ) : queue.data.items.length === 0 ? (
          <EmptyStateLayout content="Nothing to review. Reported videos, videos held for review and creators’ appeals appear here." />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4} tag="section" aria-label="Videos to review">
            {queue.data.items.map((item) => (
              <QueueCard key={item.video} item={item} onDecide={(decision) => setDeciding({ item, decision })} />
            ))}
          </Flex>
        )}
        {deciding ? (
          <DecisionDialog
            item={deciding.item}
            decision={deciding.decision}
            onClose={() => setDeciding(null)}
            onDone={() => {
              setDeciding(null);
              queue.reload();
            }}
          />
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
}
