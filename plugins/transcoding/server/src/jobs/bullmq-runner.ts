/**
 * The CMS side of BullMQ: enqueues into `transcode`, lists and retries jobs for the queue page, consumes the
 * `transcode-outcomes` queue (durable: an outcome waits in Redis while the CMS is down) and listens to
 * progress events (best effort). The work itself happens in `npm run worker` processes (bullmq-worker.ts). Diagnostics'
 * ping jobs go into the same queue (the road a transcode takes), and are left out of the queue page.
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, Worker, type Job, type JobType } from 'bullmq';
import type { TranscodingConfig } from '../config';
import { retryOptions } from './attempts';
import { connectionErrorReporter, type ConnectionErrorReporter } from '@framecast/contracts';
import {
  emptyCounts,
  type ConnectedWorker,
  type PingRoundTrip,
  type RunnerEvents,
  type TranscodeRunner,
} from './runner';
import {
  JOB_STATES,
  OUTCOME_QUEUE,
  PING_JOB_PREFIX,
  TRANSCODE_QUEUE,
  isChunkJobId,
  isPingJobId,
  type JobState,
  type PingAnswer,
  type PingJobData,
  type TranscodeJobData,
  type JobLogger,
  type TranscodeJobView,
  type JobReport,
} from './types';

/** How often a waiting ping's state is read. */
const PING_POLL_MS = 25;

/** One `CLIENT LIST` entry of a worker's connection (BullMQ's getWorkers), as Redis writes it. */
export function connectedWorker(client: Record<string, string>): ConnectedWorker {
  const named = /:w:(.+)$/.exec(client.rawname ?? '');
  return {
    name: named?.[1] ?? client.addr ?? 'unnamed',
    address: client.addr ?? '',
    connectedS: Number(client.age) || 0,
    lastHeardS: Number(client.idle) || 0,
    waiting: (client.flags ?? '').includes('b'),
  };
}

export function redisConnection(config: TranscodingConfig) {
  // BullMQ workers block on Redis: commands must wait for a reconnect rather than fail after N retries
  return { url: config.redisUrl!, maxRetriesPerRequest: null };
}

export function transcodeJobOptions(config: TranscodingConfig, jobId: string) {
  return {
    jobId,
    ...retryOptions(config),
    removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

export async function jobView(job: Job<TranscodeJobData>, state?: JobState): Promise<TranscodeJobView> {
  const resolved = state ?? ((await job.getState()) as string);
  const progress = typeof job.progress === 'number' ? job.progress : 0;
  return {
    id: job.id!,
    videoDocumentId: job.data.videoDocumentId,
    videoTitle: job.data.videoTitle,
    state: (JOB_STATES as readonly string[]).includes(resolved) ? (resolved as JobState) : 'waiting',
    progress: resolved === 'completed' ? 100 : Math.round(progress),
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason || null,
    createdAt: new Date(job.timestamp).toISOString(),
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

export class BullmqRunner implements TranscodeRunner {
  readonly kind = 'bullmq' as const;
  private readonly queue: Queue<TranscodeJobData>;
  private outcomeWorker: Worker<JobReport> | null = null;
  private queueEvents: QueueEvents | null = null;
  /** The same `transcode` queue, typed for pings; opened by the first ping. */
  private pingQueue: Queue<PingJobData, PingAnswer, 'ping'> | null = null;

  private readonly connectionErrors: ConnectionErrorReporter;

  constructor(
    private readonly config: TranscodingConfig,
    log?: JobLogger,
  ) {
    this.connectionErrors = connectionErrorReporter(log, 'transcode queue');
    this.queue = new Queue<TranscodeJobData>(TRANSCODE_QUEUE, {
      connection: redisConnection(config),
      prefix: config.queuePrefix,
    });
    this.connectionErrors.watch(this.queue);
  }

  async enqueue(jobId: string, data: TranscodeJobData) {
    const existing = await this.queue.getJob(jobId);
    if (existing) {
      if (await existing.isFailed()) await existing.retry('failed');
      return { jobId, created: false };
    }
    await this.queue.add('transcode', data, transcodeJobOptions(this.config, jobId));
    return { jobId, created: true };
  }

  async list(states: readonly JobState[], limit = 100) {
    // the queue also holds the chunks of split encodes and the diagnostics' pings: counted by their ids, which say
    // what they are (ids only, no job data), so the counts are the videos' jobs the list shows
    const counts = emptyCounts();
    for (const state of JOB_STATES) {
      const ids = await this.queue.getRanges([state as JobType], 0, -1, true);
      counts[state] = ids.filter((id) => !isChunkJobId(id) && !isPingJobId(id)).length;
    }
    const jobs: TranscodeJobView[] = [];
    for (const state of states) {
      const found = await this.queue.getJobs([state as JobType], 0, limit - 1, false);
      for (const job of found) if (job && job.name === 'transcode') jobs.push(await jobView(job, state));
    }
    jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { jobs: jobs.slice(0, limit), counts };
  }

  async get(jobId: string) {
    if (isPingJobId(jobId) || isChunkJobId(jobId)) return null;
    const job = await this.queue.getJob(jobId);
    return job ? jobView(job) : null;
  }

  async retry(jobId: string) {
    if (isPingJobId(jobId) || isChunkJobId(jobId)) return null;
    const job = await this.queue.getJob(jobId);
    if (!job || !(await job.isFailed())) return null;
    await job.retry('failed');
    return jobView((await this.queue.getJob(jobId))!);
  }

  async listen(events: RunnerEvents) {
    const connection = redisConnection(this.config);
    this.outcomeWorker = new Worker<JobReport>(OUTCOME_QUEUE, async (job) => events.onOutcome(job.data), {
      connection,
      prefix: this.config.queuePrefix,
      concurrency: 1,
    });
    this.connectionErrors.watch(this.outcomeWorker);
    this.queueEvents = new QueueEvents(TRANSCODE_QUEUE, { connection, prefix: this.config.queuePrefix });
    this.connectionErrors.watch(this.queueEvents);
    // a ping (diagnostics) or a chunk of a split encode is no video's job: its events are not the pipeline's (a
    // chunk's parent reports for the video)
    const videoJob = (jobId: string) => !isPingJobId(jobId) && !isChunkJobId(jobId);
    this.queueEvents.on('active', ({ jobId }) => {
      if (videoJob(jobId)) void events.onActive(jobId).catch(() => undefined);
    });
    this.queueEvents.on('progress', ({ jobId, data }) => {
      if (typeof data === 'number' && videoJob(jobId)) void events.onProgress(jobId, data).catch(() => undefined);
    });
    // a job can also fail without its worker reporting (it died too often, and BullMQ gave up on it)
    this.queueEvents.on('failed', ({ jobId, failedReason }) => {
      if (!videoJob(jobId)) return;
      void (async () => {
        const job = await this.queue.getJob(jobId);
        if (!job || !(await job.isFailed())) return;
        await events.onOutcome({
          status: 'failed',
          jobId,
          videoDocumentId: job.data.videoDocumentId,
          checksum: job.data.checksum,
          ...(job.data.requestId ? { requestId: job.data.requestId } : {}),
          code: 'failed',
          reason: failedReason || 'Processing failed.',
        });
      })().catch(() => undefined);
    });
    await Promise.all([this.outcomeWorker.waitUntilReady(), this.queueEvents.waitUntilReady()]);
  }

  /**
   * Redis answers within 2 s, and the transcode workers connected to the queue (BullMQ names their clients), each with
   * how long since Redis last heard from it.
   */
  async health() {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer within 2 s')), 2_000);
    });
    try {
      // BullMQ's connection retries forever while Redis is down: a command would wait, so the answer races a timer
      // CLIENT LIST under the hood: an answer is Redis answering
      const clients = await Promise.race([this.queue.getWorkers(), late]);
      const connected = clients.map((client) => connectedWorker(client as Record<string, string>));
      this.connectionErrors.answered();
      return { reachable: true, workers: connected.length, connected };
    } catch (error) {
      return { reachable: false, workers: 0, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A ping into the `transcode` queue, ahead of the waiting transcodes (LIFO), read back until a worker has answered
   * it or `timeoutMs` passed; then it is removed, so no worker takes a stale one later.
   */
  async ping(timeoutMs: number): Promise<PingRoundTrip> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    this.pingQueue ??= new Queue<PingJobData, PingAnswer, 'ping'>(TRANSCODE_QUEUE, {
      connection: redisConnection(this.config),
      prefix: this.config.queuePrefix,
    });
    if (!this.pingQueue.listenerCount('error')) this.connectionErrors.watch(this.pingQueue);
    const queue = this.pingQueue;
    const jobId = `${PING_JOB_PREFIX}${randomUUID()}`;
    let job: Job<PingJobData, PingAnswer, 'ping'> | undefined;
    let timer: NodeJS.Timeout | undefined;
    // a Redis that stops answering would hold a command forever (see health): the whole wait races the clock too
    const late = new Promise<PingRoundTrip>((resolve) => {
      timer = setTimeout(
        () => resolve({ answered: false, ms: elapsed(), state: 'unknown', error: 'Redis stopped answering' }),
        timeoutMs + 2_000,
      );
    });
    const roundTrip = async (): Promise<PingRoundTrip> => {
      job = await queue.add(
        'ping',
        { sentAt: Date.now() },
        // one attempt; kept an hour at most if this process dies before removing it
        { jobId, attempts: 1, lifo: true, removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } },
      );
      for (;;) {
        const state = await job!.getState();
        if (state === 'completed') {
          const done = await queue.getJob(jobId);
          if (done?.returnvalue) return { answered: true, ms: elapsed(), answer: done.returnvalue };
          return { answered: false, ms: elapsed(), state, error: 'the answer was not kept' };
        }
        if (state === 'failed') {
          const failed = await queue.getJob(jobId);
          return { answered: false, ms: elapsed(), state, error: failed?.failedReason || 'the worker failed it' };
        }
        if (elapsed() >= timeoutMs) return { answered: false, ms: elapsed(), state };
        await new Promise((resolve) => setTimeout(resolve, PING_POLL_MS));
      }
    };
    try {
      return await Promise.race([roundTrip(), late]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { answered: false, ms: elapsed(), state: 'unknown', error: reason };
    } finally {
      clearTimeout(timer);
      // an active one (taken this very moment) cannot be removed: it ends on its own and expires; with Redis gone
      // the removal would wait forever, so it gets as long as a health check
      const removal = (job as Job | undefined)?.remove().catch(() => undefined);
      await Promise.race([removal, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    }
  }

  async close() {
    await Promise.allSettled([this.outcomeWorker?.close(), this.queueEvents?.close(), this.pingQueue?.close()]);
    await this.queue.close();
  }
}
