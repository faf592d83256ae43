/**
 * Runs the schedule's due rows. Without Redis, a timer in this process sleeps until the next due row (at most
 * `pollSeconds`, so a time set on another instance is seen) and is woken at once when this instance changes a
 * schedule. With `REDIS_URL`, each scheduled time is a BullMQ delayed job (whichever instance's worker takes it runs
 * the due rows), with a sweep every minute for rows whose job was lost. Either way the rows in the database decide:
 * a job or a timer only says "look now", and a turn at start-up catches up on everything that fell due while the CMS
 * was down, once.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import { connectionErrorReporter, taggedLog } from '@framecast/contracts';
import { Queue, Worker } from 'bullmq';
import { parsePublishingSettings } from '../config';
import { getService } from '../utils';

const QUEUE = 'publishing';
const SWEEP_ID = 'publishing-sweep';
const SWEEP_MS = 60_000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = parsePublishingSettings(strapi.config.get('plugin::publishing'));
  const pollMs = settings.pollSeconds * 1000;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let queue: Queue | undefined;
  let worker: Worker | undefined;
  /**
   * Runs `work` in the context this service was made in (the CMS's load: no request, no transaction). A timer armed
   * from a creator's save would otherwise carry that request into the turn, which would then publish other creators'
   * videos as that creator (and be refused), or reuse a transaction long finished.
   */
  const outsideRequests = AsyncResource.bind((work: () => void) => work());

  async function turn(): Promise<void> {
    const report = await getService(strapi, 'schedules').runDue();
    for (const documentId of report.published)
      strapi.log.info(`[publishing] published video ${documentId} on schedule`);
    for (const documentId of report.unpublished)
      strapi.log.info(`[publishing] unpublished video ${documentId} on schedule`);
  }

  /** One turn at a time in this process; a wake-up during a turn runs one more right after it. */
  function runTurns(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await turn();
        } catch (error) {
          strapi.log.error(
            `[publishing] a turn of the scheduler failed (the next one retries): ${(error as Error).message}`,
          );
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  function armTimer(ms: number): void {
    if (stopped || queue) return;
    if (timer) clearTimeout(timer);
    outsideRequests(() => setTimer(ms));
  }

  function setTimer(ms: number): void {
    timer = setTimeout(() => {
      timer = undefined;
      void runTurns().then(async () => {
        const next = await getService(strapi, 'schedules')
          .nextDueAt()
          .catch(() => null);
        armTimer(next ? Math.min(pollMs, Math.max(0, next.getTime() - Date.now())) : pollMs);
      });
    }, ms);
    timer.unref();
  }

  return {
    get driver(): 'bullmq' | 'timer' {
      return settings.redisUrl ? 'bullmq' : 'timer';
    },

    async start(): Promise<void> {
      stopped = false;
      if (!settings.redisUrl) {
        armTimer(0); // catches up at once
        return;
      }
      const connection = { url: settings.redisUrl, maxRetriesPerRequest: null };
      const connectionErrors = connectionErrorReporter(taggedLog(strapi.log, 'publishing'), 'scheduler');
      queue = new Queue(QUEUE, { connection, prefix: settings.queuePrefix });
      connectionErrors.watch(queue);
      await queue.upsertJobScheduler(
        SWEEP_ID,
        { every: SWEEP_MS },
        { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
      worker = new Worker(QUEUE, () => runTurns(), { connection, prefix: settings.queuePrefix, concurrency: 1 });
      connectionErrors.watch(worker);
      await queue.add('catch-up', {}, { removeOnComplete: true, removeOnFail: 100 });
    },

    /** A schedule changed here: look again at `dueAt` (a delayed job with Redis, else the timer). */
    async wake(dueAt: Date | null): Promise<void> {
      if (stopped) return;
      if (!queue) {
        if (dueAt) armTimer(Math.min(pollMs, Math.max(0, dueAt.getTime() - Date.now())));
        return;
      }
      if (!dueAt) return;
      // one job per moment: two videos due at once share it, and a retried save adds nothing
      await queue.add(
        'due',
        {},
        {
          jobId: `due-${dueAt.getTime()}`,
          delay: Math.max(0, dueAt.getTime() - Date.now()),
          removeOnComplete: true,
          removeOnFail: 100,
        },
      );
    },

    /** Runs the due rows now, in this process (what a job or the timer does; the tests call it too). */
    runNow(): Promise<void> {
      return runTurns();
    },

    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      await worker?.close();
      await queue?.close();
      worker = undefined;
      queue = undefined;
    },
  };
};
