/**
 * A stateless BullMQ worker: takes `transcode` jobs, runs them, and reports each final outcome on the
 * `transcode-outcomes` queue. A worker killed mid-job stops renewing the job's lock; after `lockDurationMs`
 * BullMQ's stalled-job check hands the job to another worker (or to this one once restarted). It also answers
 * diagnostics' `ping` jobs at once (no media work, no outcome reported), and names itself `<host>:<pid>` to the queue,
 * so `queue.getWorkers()` says which workers are connected.
 */
import { hostname } from 'node:os';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { TranscodingConfig } from '../config';
import type { MediaStorage } from '../storage/types';
import { BullmqChunkDispatcher, CHUNK_JOB } from './bullmq-chunks';
import { redisConnection } from './bullmq-runner';
import { connectionErrorReporter } from '@framecast/contracts';
import { settleFailedAttempt } from './attempts';
import { SourceCache } from './source-cache';
import { JOB_HANDLERS, type JobType } from './handlers';
import type { TranscodeMetrics } from './metrics';
import {
  OUTCOME_QUEUE,
  TRANSCODE_QUEUE,
  jobLogFields,
  processName,
  type JobLogger,
  type ChunkJobData,
  type PingJobData,
  type TranscodeJobData,
  type JobReport,
} from './types';

/** What the `transcode` queue carries: a job type's data (jobs/handlers.ts), told apart by the job's name. */
type QueuedJobData = TranscodeJobData | ChunkJobData | PingJobData;

export interface TranscodeWorker {
  readonly worker: Worker<QueuedJobData>;
  /** Jobs this process is running now. */
  active(): number;
  close(): Promise<void>;
}

/** At most one progress write per job per this many ms. */
const PROGRESS_INTERVAL_MS = 500;

export function startTranscodeWorker(
  config: TranscodingConfig,
  storage: MediaStorage,
  log: JobLogger,
  metrics?: TranscodeMetrics,
): TranscodeWorker {
  const connection = redisConnection(config);
  const outcomes = new Queue<JobReport>(OUTCOME_QUEUE, { connection, prefix: config.queuePrefix });
  // where a split encode's chunks are queued, and its parent looked up
  const transcodes = new Queue(TRANSCODE_QUEUE, { connection, prefix: config.queuePrefix });
  const connectionErrors = connectionErrorReporter(log, 'worker');
  connectionErrors.watch(outcomes);
  connectionErrors.watch(transcodes);
  let running = 0;
  // the source of the video whose chunks this worker takes, fetched once for all of them
  const sourceCache = new SourceCache({ workDir: config.workDir });

  const report = (outcome: JobReport) =>
    outcomes.add(outcome.status, outcome, {
      jobId: `${outcome.jobId}-${outcome.status}-${Date.now()}`,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });

  /** A chunk of a split encode: encoded and stored for its parent, which hears of it through the queue. */
  const runChunk = async (job: Job<ChunkJobData>) => {
    const { data } = job;
    const fields = { reqId: data.requestId, jobId: job.id, parent: data.parentJobId, chunk: data.chunk.index };
    running += 1;
    let lastWrite = 0;
    log.info({ ...fields, attempt: job.attemptsMade + 1 }, 'chunk job started');
    try {
      const result = await JOB_HANDLERS['transcode-chunk'].run(data, {
        jobId: job.id!,
        config,
        storage,
        onProgress: (percent) => {
          const now = Date.now();
          if (now - lastWrite < PROGRESS_INTERVAL_MS) return;
          lastWrite = now;
          void job.updateProgress(Math.round(percent)).catch(() => undefined);
        },
        sourceCache,
        parentWaiting: async () => {
          const parent = await transcodes.getJob(data.parentJobId);
          const state = parent ? await parent.getState() : 'unknown';
          return !['completed', 'failed', 'unknown'].includes(state);
        },
      });
      log.info({ ...fields, stored: result !== null }, result ? 'chunk encoded' : 'chunk dropped: its job is over');
      return result;
    } catch (error) {
      log.warn({ ...fields, reason: error instanceof Error ? error.message : String(error) }, 'chunk job failed');
      throw error;
    } finally {
      running -= 1;
    }
  };

  const processor = async (queued: Job<QueuedJobData>) => {
    // the map says what each job name runs: a ping is answered at once, outside the transcode bookkeeping
    const type = queued.name as JobType;
    if (type === 'ping')
      return JOB_HANDLERS.ping.run(queued.data as PingJobData, { jobId: queued.id!, config, storage });
    if (type === CHUNK_JOB) return runChunk(queued as Job<ChunkJobData>);
    if (type !== 'transcode') throw new UnrecoverableError(`No handler for jobs named ${queued.name}`);
    const handler = JOB_HANDLERS.transcode;
    const job = queued as Job<TranscodeJobData>;
    running += 1;
    const jobId = job.id!;
    let lastWrite = 0;
    const fields = jobLogFields(jobId, job.data);
    log.info({ ...fields, attempt: job.attemptsMade + 1 }, 'transcode job started');
    const ended = metrics?.attempt(job.attemptsMade === 0 ? job.timestamp : null);
    try {
      const outcome = await handler.run(job.data, {
        jobId,
        config,
        storage,
        onProgress: (percent) => {
          const now = Date.now();
          if (percent < 100 && now - lastWrite < PROGRESS_INTERVAL_MS) return;
          lastWrite = now;
          void job.updateProgress(percent).catch(() => undefined);
        },
        // through the outcome queue, like the outcome: not lost while the CMS restarts, and heard before it
        onPlayable: async (playable) => {
          await report(playable);
        },
        onWarning: (message) => log.warn(fields, message),
        onInfo: (message, extra) => log.info({ ...fields, ...extra }, message),
        // a long source is split: any worker on this queue may take its chunks
        chunks: new BullmqChunkDispatcher(transcodes, jobId, config),
      });
      ended?.(outcome);
      await report(outcome);
      log.info({ ...fields, renditions: outcome.renditions.map((r) => r.label) }, 'transcode job done');
      return { outputPrefix: outcome.outputPrefix };
    } catch (error) {
      const { final, unrecoverable, failure } = settleFailedAttempt(
        error,
        job.attemptsMade + 1,
        job.opts.attempts ?? 1,
      );
      log.warn({ ...fields, final, code: failure.code, reason: failure.reason }, 'transcode job failed');
      const settled = final ? handler.failed(jobId, job.data, failure) : null;
      ended?.(settled ?? 'retry');
      if (settled) await report(settled);
      if (unrecoverable) throw new UnrecoverableError(failure.reason);
      throw new Error(failure.reason, { cause: error });
    } finally {
      running -= 1;
    }
  };

  const worker = new Worker<QueuedJobData>(TRANSCODE_QUEUE, processor, {
    connection,
    prefix: config.queuePrefix,
    // the name the CMS's queue check reports (CLIENT LIST): which host and process is connected
    name: processName(hostname(), process.pid),
    concurrency: config.concurrency,
    lockDuration: config.lockDurationMs,
    stalledInterval: Math.max(1000, Math.round(config.lockDurationMs / 2)),
    // a job whose worker died twice is tried once more before it counts as failed
    maxStalledCount: 2,
  });
  connectionErrors.watch(worker);

  return {
    worker,
    active: () => running,
    async close() {
      await worker.close();
      await outcomes.close();
      await transcodes.close();
      await sourceCache.clear();
    },
  };
}
