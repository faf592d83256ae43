/**
 * A stateless BullMQ worker: takes `transcode` jobs, runs them, and reports each final outcome on the
 * `transcode-outcomes` queue. A worker killed mid-job stops renewing the job's lock; after `lockDurationMs`
 * BullMQ's stalled-job check hands the job to another worker (or to this one once restarted).
 */
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { TranscodingConfig } from '../config';
import type { MediaStorage } from '../storage/types';
import { redisConnection } from './bullmq-runner';
import { settleFailedAttempt } from './attempts';
import { JOB_HANDLERS, type JobType } from './handlers';
import type { TranscodeMetrics } from './metrics';
import { OUTCOME_QUEUE, TRANSCODE_QUEUE, type TranscodeJobData, type TranscodeOutcome } from './types';

export interface TranscodeWorker {
  readonly worker: Worker<TranscodeJobData>;
  /** Jobs this process is running now. */
  active(): number;
  close(): Promise<void>;
}

/** At most one progress write per job per this many ms. */
const PROGRESS_INTERVAL_MS = 500;

export function startTranscodeWorker(
  config: TranscodingConfig,
  storage: MediaStorage,
  log: (entry: Record<string, unknown>) => void,
  metrics?: TranscodeMetrics,
): TranscodeWorker {
  const connection = redisConnection(config);
  const outcomes = new Queue<TranscodeOutcome>(OUTCOME_QUEUE, { connection, prefix: config.queuePrefix });
  let running = 0;

  const report = (outcome: TranscodeOutcome) =>
    outcomes.add(outcome.status, outcome, {
      jobId: `${outcome.jobId}-${outcome.status}-${Date.now()}`,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });

  const processor = async (job: Job<TranscodeJobData>) => {
    // the map says what each job name runs; this queue carries `transcode` jobs only
    const handler = JOB_HANDLERS[job.name as JobType];
    if (!handler) throw new UnrecoverableError(`No handler for jobs named ${job.name}`);
    running += 1;
    const jobId = job.id!;
    let lastWrite = 0;
    log({ msg: 'transcode job started', jobId, attempt: job.attemptsMade + 1, video: job.data.videoDocumentId });
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
      });
      ended?.(outcome);
      await report(outcome);
      log({ msg: 'transcode job done', jobId, renditions: outcome.renditions.map((r) => r.label) });
      return { outputPrefix: outcome.outputPrefix };
    } catch (error) {
      const { final, unrecoverable, failure } = settleFailedAttempt(
        error,
        job.attemptsMade + 1,
        job.opts.attempts ?? 1,
      );
      log({ msg: 'transcode job failed', jobId, final, code: failure.code, reason: failure.reason });
      const settled = final ? handler.failed(jobId, job.data, failure) : null;
      ended?.(settled ?? 'retry');
      if (settled) await report(settled);
      if (unrecoverable) throw new UnrecoverableError(failure.reason);
      throw new Error(failure.reason, { cause: error });
    } finally {
      running -= 1;
    }
  };

  const worker = new Worker<TranscodeJobData>(TRANSCODE_QUEUE, processor, {
    connection,
    prefix: config.queuePrefix,
    concurrency: config.concurrency,
    lockDuration: config.lockDurationMs,
    stalledInterval: Math.max(1000, Math.round(config.lockDurationMs / 2)),
    // a job whose worker died twice is tried once more before it counts as failed
    maxStalledCount: 2,
  });
  worker.on('error', (error) => log({ msg: 'worker error', error: error.message }));

  return {
    worker,
    active: () => running,
    async close() {
      await worker.close();
      await outcomes.close();
    },
  };
}
