/** The job queue: in process (the CMS encodes), or BullMQ on Redis with at least one worker connected. */
import { transcodingSelfTest } from '../utils';
import type { Check } from './types';

const queue: Check = {
  name: 'queue',
  verifies: 'transcode jobs can be queued and a worker takes them (Redis answers, workers connected)',
  readiness: true,
  async run(strapi) {
    const selfTest = transcodingSelfTest(strapi);
    if (!selfTest) return { status: 'skip', detail: 'the transcoding plugin is not enabled' };
    const answer = await selfTest.queue();
    if (answer.kind === 'in-process') return { status: 'ok', detail: 'in process: this CMS runs the encodes' };
    if (!answer.reachable)
      return {
        status: 'fail',
        detail: `BullMQ: ${answer.error}`,
        fix: 'Start Redis, or point REDIS_URL at it (unset REDIS_URL to encode inside the CMS instead).',
      };
    if (answer.workers === 0)
      return {
        status: 'fail',
        detail: 'BullMQ: Redis answers, but no worker is connected: uploads wait in the queue',
        fix: 'Start a worker with `npm run worker` (same REDIS_URL and QUEUE_PREFIX as the CMS).',
      };
    return {
      status: 'ok',
      detail: `BullMQ: Redis answers, ${answer.workers} worker${answer.workers === 1 ? '' : 's'} connected`,
    };
  },
};

export default queue;
