/**
 * The seam between the CMS and whoever runs transcoding jobs: BullMQ workers (REDIS_URL set) or the
 * in-process runner. Both run `processTranscodeJob`; the CMS only enqueues, lists and hears outcomes.
 */
import type { TranscodingConfig } from '../config';
import type { MediaStorage } from '../storage/types';
import type { TranscodeMetrics } from './metrics';
import type {
  JobCounts,
  JobLogger,
  JobState,
  PingAnswer,
  TranscodeJobData,
  TranscodeJobView,
  JobReport,
} from './types';

export interface RunnerEvents {
  /** A runner began (or began again) a job. */
  onActive(jobId: string): Promise<void>;
  /** 0..100; may be dropped under load, the outcome is not. */
  onProgress(jobId: string, percent: number): Promise<void>;
  /**
   * Exactly what the job ended with, and `playable` on the way (before the outcome); delivered again after a crash
   * until handled.
   */
  onOutcome(outcome: JobReport): Promise<void>;
}

export interface TranscodeRunner {
  readonly kind: 'bullmq' | 'in-process';
  /** created=false when a job with this id already exists (a failed one is retried instead). */
  enqueue(jobId: string, data: TranscodeJobData): Promise<{ jobId: string; created: boolean }>;
  list(states: readonly JobState[], limit?: number): Promise<{ jobs: TranscodeJobView[]; counts: JobCounts }>;
  get(jobId: string): Promise<TranscodeJobView | null>;
  /** Moves a failed job back to waiting; null when there is no such failed job. */
  retry(jobId: string): Promise<TranscodeJobView | null>;
  /** Starts delivering events; the in-process runner also starts running jobs. */
  listen(events: RunnerEvents): Promise<void>;
  /** Whether jobs can be queued and who takes them (diagnostics, readiness); never throws. */
  health(): Promise<RunnerHealth>;
  /**
   * A `ping` job (jobs/handlers.ts) through the runner, answered by whoever takes jobs, waited for at most `timeoutMs`
   * (diagnostics' round trip); never throws. A ping nobody took in time is withdrawn from the queue.
   */
  ping(timeoutMs: number): Promise<PingRoundTrip>;
  close(): Promise<void>;
}

/** A process connected to the queue to take jobs, as Redis sees its connection (BullMQ only). */
export interface ConnectedWorker {
  /** The worker's name (`<host>:<pid>`), or its address when it gave none. */
  name: string;
  address: string;
  /** Since when it is connected, in seconds. */
  connectedS: number;
  /** Since its last command to Redis, in seconds: a waiting worker asks again every few seconds, a busy one is quiet. */
  lastHeardS: number;
  /** Blocked waiting for a job right now (else running one, or between two). */
  waiting: boolean;
}

export interface RunnerHealth {
  /** The queue answers (always, in process). */
  reachable: boolean;
  /** Processes taking transcode jobs right now (the CMS itself, in process). */
  workers: number;
  /** BullMQ: each of them, as Redis sees it. */
  connected?: ConnectedWorker[];
  error?: string;
}

export type PingRoundTrip =
  | {
      answered: true;
      /** From queueing to seeing the answer, by this process's clock. */
      ms: number;
      answer: PingAnswer;
    }
  | {
      answered: false;
      ms: number;
      /** Where the ping was when the wait ended: `waiting` means nobody took it. */
      state: string;
      error?: string;
    };

export function emptyCounts(): JobCounts {
  return { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
}

export async function createRunner(
  config: TranscodingConfig,
  storage: MediaStorage,
  metrics?: TranscodeMetrics,
  log?: JobLogger,
): Promise<TranscodeRunner> {
  if (config.redisUrl) {
    const { BullmqRunner } = await import('./bullmq-runner');
    return new BullmqRunner(config, log);
  }
  const { InProcessRunner } = await import('./in-process-runner');
  return new InProcessRunner(config, storage, metrics, log);
}
