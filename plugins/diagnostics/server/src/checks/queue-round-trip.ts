/**
 * The queue's round trip: a `ping` job goes into the queue the way a transcode does, a worker takes it and answers
 * (no media work), and the answer comes back within 10 s. With BullMQ this works from a CMS that runs no jobs itself
 * (`npm run diagnose` runs with TRANSCODE_JOBS=off): the worker answers through Redis. In process, this CMS answers,
 * unless it takes no jobs; then there is nothing here to try.
 */
import { transcodingSelfTest } from '../utils';
import type { Check } from './types';

const TIMEOUT_MS = 10_000;
const WAIT = `${TIMEOUT_MS / 1000} s`;

const queueRoundTrip: Check = {
  name: 'queue-round-trip',
  verifies: `a ping job goes through the queue to a worker and its answer comes back within ${WAIT}`,
  readiness: false,
  async run(strapi) {
    const selfTest = transcodingSelfTest(strapi);
    if (!selfTest) return { status: 'skip', detail: 'the transcoding plugin is not enabled' };
    const queue = await selfTest.queue();
    if (!queue.kind)
      return {
        status: 'fail',
        detail: queue.error ?? 'the transcoding pipeline has not started',
        fix: 'The CMS log says why the transcoding plugin did not start (its settings are checked at boot).',
      };
    if (queue.kind === 'bullmq' && !queue.reachable)
      return {
        status: 'fail',
        detail: `BullMQ: ${queue.error}`,
        fix: 'Start Redis, or point REDIS_URL at it (unset REDIS_URL to encode inside the CMS instead).',
      };
    if (queue.kind === 'bullmq' && queue.workers === 0)
      return {
        status: 'fail',
        detail: 'BullMQ: no worker is connected to take a ping job: uploads wait in the queue',
        fix: 'Start a worker with `npm run worker` (same REDIS_URL and QUEUE_PREFIX as the CMS).',
      };

    const { kind, storage, roundTrip } = await selfTest.queueRoundTrip(TIMEOUT_MS);
    const runner = kind === 'bullmq' ? 'BullMQ' : 'in process';
    if (!roundTrip)
      return {
        status: 'skip',
        detail:
          'in process, and this CMS takes no jobs (TRANSCODE_JOBS=off, as `npm run diagnose` runs): the CMS that ' +
          'serves runs them, and its own Diagnostics page tries this',
      };
    if (roundTrip.answered) {
      const { answeredBy, storage: workerStorage } = roundTrip.answer;
      const detail = `${runner}: a ping job was taken and answered by ${answeredBy} in ${roundTrip.ms} ms`;
      if (workerStorage !== storage)
        return {
          status: 'warn',
          detail: `${detail}, whose media storage is ${workerStorage} while this CMS's is ${storage}`,
          fix: 'Give the workers the storage settings of the CMS (STORAGE_DRIVER, MEDIA_ROOT or S3_*): their encodes land where the CMS does not look.',
        };
      return { status: 'ok', detail };
    }

    if (kind === 'in-process')
      return {
        status: 'fail',
        detail: `in process: a ping job was not answered: ${roundTrip.error ?? roundTrip.state}`,
        fix: "The CMS's log around this time says what went wrong; restart the CMS if it keeps failing.",
      };
    if (roundTrip.state === 'failed')
      return {
        status: 'fail',
        detail: `BullMQ: a worker took the ping job and failed it: ${roundTrip.error}`,
        fix:
          'Deploy this version to every worker host (`npm ci`, `npm run build`) and restart the workers ' +
          '(`npm run worker`): a worker older than the CMS knows no ping jobs.',
      };
    if (roundTrip.state === 'waiting' || roundTrip.state === 'prioritized') {
      const workers = queue.connected ?? [];
      const allBusy = workers.length > 0 && workers.every((worker) => !worker.waiting);
      if (allBusy)
        return {
          status: 'warn',
          detail: `BullMQ: ${workers.length} worker${workers.length === 1 ? '' : 's'} connected, all busy: a ping job waited ${WAIT} untaken (uploads wait too)`,
          fix: 'Add workers (`npm run worker` on another host: one encode already uses every core of a worker).',
        };
      return {
        status: 'fail',
        detail: `BullMQ: ${queue.workers} worker${queue.workers === 1 ? '' : 's'} connected, but none took a ping job within ${WAIT}`,
        fix:
          'Restart the workers (`npm run worker`) and read their log: a connected worker that takes no job is stuck. ' +
          'Check they use the same REDIS_URL and QUEUE_PREFIX as the CMS.',
      };
    }
    if (roundTrip.state === 'active')
      return {
        status: 'fail',
        detail: `BullMQ: a worker took the ping job but did not answer within ${WAIT}`,
        fix: 'Restart the workers (`npm run worker`) and read their log: the one that took it is stuck.',
      };
    return {
      status: 'fail',
      detail: `BullMQ: the ping job ${roundTrip.error ? `could not go through: ${roundTrip.error}` : `ended ${roundTrip.state}`}`,
      fix: 'Check that Redis answers and has room (`redis-cli -u $REDIS_URL info memory`), then run this check again.',
    };
  },
};

export default queueRoundTrip;
