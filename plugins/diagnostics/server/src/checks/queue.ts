/**
 * The job queue: in process (the CMS encodes), or BullMQ on Redis with at least one worker connected, each named with
 * how long since Redis last heard from it (its heartbeat: a waiting worker asks for jobs every few seconds).
 */
import { transcodingSelfTest, type ConnectedWorker } from '../utils';
import type { Check } from './types';

/** Seconds as an operator reads them: 4 s, 12 min, 3 h. */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** At most this many workers are named in the line; the rest are counted. */
const NAMED_WORKERS = 5;

function describeWorkers(workers: ConnectedWorker[]): string {
  const named = workers.slice(0, NAMED_WORKERS).map(
    (worker) =>
      // a busy worker is quiet on this connection while it encodes: its silence is not a missed heartbeat
      `${worker.name} (${worker.waiting ? 'waiting for jobs' : 'busy'}, last heard ${duration(worker.lastHeardS)} ago)`,
  );
  const more = workers.length - named.length;
  return `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

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
    const count = `${answer.workers} worker${answer.workers === 1 ? '' : 's'} connected`;
    return {
      status: 'ok',
      detail: `BullMQ: Redis answers, ${count}${answer.connected?.length ? `: ${describeWorkers(answer.connected)}` : ''}`,
    };
  },
};

export default queue;
