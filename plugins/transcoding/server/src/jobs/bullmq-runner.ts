/**
 * The CMS side of BullMQ: enqueues into `transcode`, lists and retries jobs for the queue page, consumes the
 * `transcode-outcomes` queue (durable: an outcome waits in Redis while the CMS is down) and listens to
 * progress events (best effort). The work itself happens in `npm run worker` processes (bullmq-worker.ts).
 */
import { Queue, QueueEvents, Worker, type Job, type JobType } from 'bullmq';
import type { TranscodingConfig } from '../config';
import { retryOptions } from './attempts';
import { emptyCounts, type RunnerEvents, type TranscodeRunner } from './runner';
import {
  JOB_STATES,
  OUTCOME_QUEUE,
  TRANSCODE_QUEUE,
  type JobState,
  type TranscodeJobData,
  type TranscodeJobView,
  type TranscodeOutcome,
} from './types';

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
  private outcomeWorker: Worker<TranscodeOutcome> | null = null;
  private queueEvents: QueueEvents | null = null;

  constructor(private readonly config: TranscodingConfig) {
    this.queue = new Queue<TranscodeJobData>(TRANSCODE_QUEUE, {
      connection: redisConnection(config),
      prefix: config.queuePrefix,
    });
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
    const raw = await this.queue.getJobCounts(...JOB_STATES);
    const counts = emptyCounts();
    for (const state of JOB_STATES) counts[state] = raw[state] ?? 0;
    const jobs: TranscodeJobView[] = [];
    for (const state of states) {
      const found = await this.queue.getJobs([state as JobType], 0, limit - 1, false);
      for (const job of found) if (job) jobs.push(await jobView(job, state));
    }
    jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { jobs: jobs.slice(0, limit), counts };
  }

  async get(jobId: string) {
    const job = await this.queue.getJob(jobId);
    return job ? jobView(job) : null;
  }

  async retry(jobId: string) {
    const job = await this.queue.getJob(jobId);
    if (!job || !(await job.isFailed())) return null;
    await job.retry('failed');
    return jobView((await this.queue.getJob(jobId))!);
  }

  async listen(events: RunnerEvents) {
    const connection = redisConnection(this.config);
    this.outcomeWorker = new Worker<TranscodeOutcome>(OUTCOME_QUEUE, async (job) => events.onOutcome(job.data), {
      connection,
      prefix: this.config.queuePrefix,
      concurrency: 1,
    });
    this.outcomeWorker.on('error', () => undefined);
    this.queueEvents = new QueueEvents(TRANSCODE_QUEUE, { connection, prefix: this.config.queuePrefix });
    this.queueEvents.on('error', () => undefined);
    this.queueEvents.on('active', ({ jobId }) => void events.onActive(jobId).catch(() => undefined));
    this.queueEvents.on('progress', ({ jobId, data }) => {
      if (typeof data === 'number') void events.onProgress(jobId, data).catch(() => undefined);
    });
    // a job can also fail without its worker reporting (it died too often, and BullMQ gave up on it)
    this.queueEvents.on('failed', ({ jobId, failedReason }) => {
      void (async () => {
        const job = await this.queue.getJob(jobId);
        if (!job || !(await job.isFailed())) return;
        await events.onOutcome({
          status: 'failed',
          jobId,
          videoDocumentId: job.data.videoDocumentId,
          checksum: job.data.checksum,
          code: 'failed',
          reason: failedReason || 'Processing failed.',
        });
      })().catch(() => undefined);
    });
    await Promise.all([this.outcomeWorker.waitUntilReady(), this.queueEvents.waitUntilReady()]);
  }

  /** Redis answers within 2 s, and the transcode workers connected to the queue (BullMQ names their clients). */
  async health() {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer within 2 s')), 2_000);
    });
    try {
      // BullMQ's connection retries forever while Redis is down: a command would wait, so the answer races a timer
      // CLIENT LIST under the hood: an answer is Redis answering
      const workers = await Promise.race([this.queue.getWorkersCount(), late]);
      return { reachable: true, workers };
    } catch (error) {
      return { reachable: false, workers: 0, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close() {
    await Promise.allSettled([this.outcomeWorker?.close(), this.queueEvents?.close()]);
    await this.queue.close();
  }
}
