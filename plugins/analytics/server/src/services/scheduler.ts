/**
 * Runs the rollup every `rollupEverySeconds`: as a BullMQ repeatable job when Redis is configured (one job scheduler
 * for every CMS instance, so each turn runs once, on whichever instance takes it), else on a timer in this process.
 * A run that fails is logged and the next turn retries it: the rollup is idempotent and catches up by itself.
 */
import type { Core } from '@strapi/strapi';
import { connectionErrorReporter, taggedLog } from '@framecast/contracts';
import { Queue, Worker } from 'bullmq';
import { parseAnalyticsSettings } from '../config';
import { getService } from '../utils';

const QUEUE = 'analytics-rollup';
const SCHEDULER_ID = 'rollup';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = parseAnalyticsSettings(strapi.config.get('plugin::analytics'));
  const everyMs = settings.rollupEverySeconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  let queue: Queue | undefined;
  let worker: Worker | undefined;

  async function turn(): Promise<void> {
    try {
      const report = await getService(strapi, 'rollup').run();
      if (report.events > 0 || report.deletedEvents > 0)
        strapi.log.debug(
          `[analytics] rolled up ${report.events} events of ${report.periods} period(s) in ${report.ms} ms; ${report.deletedEvents} old events deleted`,
        );
    } catch (error) {
      strapi.log.error(`[analytics] rollup failed (the next turn retries): ${(error as Error).message}`);
      throw error;
    }
  }

  return {
    /** 'bullmq' or 'timer': how the rollup is driven. */
    get driver(): 'bullmq' | 'timer' {
      return settings.redisUrl ? 'bullmq' : 'timer';
    },

    async start(): Promise<void> {
      if (!settings.redisUrl) {
        const tick = () => {
          timer = setTimeout(
            () =>
              void turn()
                .catch(() => undefined)
                .finally(tick),
            everyMs,
          );
          timer.unref();
        };
        tick();
        return;
      }
      const connection = { url: settings.redisUrl, maxRetriesPerRequest: null };
      const connectionErrors = connectionErrorReporter(taggedLog(strapi.log, 'analytics'), 'rollups');
      queue = new Queue(QUEUE, { connection, prefix: settings.queuePrefix });
      connectionErrors.watch(queue);
      await queue.upsertJobScheduler(
        SCHEDULER_ID,
        { every: everyMs },
        { name: 'rollup', opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
      worker = new Worker(QUEUE, turn, { connection, prefix: settings.queuePrefix, concurrency: 1 });
      connectionErrors.watch(worker);
    },

    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await worker?.close();
      await queue?.close();
      worker = undefined;
      queue = undefined;
    },
  };
};
