/**
 * Runs transcoding jobs inside the CMS process when there is no Redis (a laptop, `npm start`). ffmpeg is a
 * child process, so the CMS stays responsive. Jobs live in memory: the video rows are the durable record,
 * and the CMS re-enqueues unfinished videos at boot (see services/pipeline.ts).
 */
import { AsyncResource } from 'node:async_hooks';
import type { TranscodingConfig } from '../config';
import type { MediaStorage } from '../storage/types';
import { retryDelayMs, settleFailedAttempt } from './attempts';
import { JOB_HANDLERS } from './handlers';
import type { TranscodeMetrics } from './metrics';
import { emptyCounts, type PingRoundTrip, type RunnerEvents, type TranscodeRunner } from './runner';
import {
  PING_JOB_PREFIX,
  jobLogFields,
  type JobLogger,
  type JobState,
  type TranscodeJobData,
  type TranscodeJobView,
} from './types';

interface JobRecord {
  id: string;
  data: TranscodeJobData;
  state: JobState;
  progress: number;
  attemptsMade: number;
  failedReason: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  timer?: NodeJS.Timeout;
}

/** Finished jobs kept for the queue page. */
const KEEP_FINISHED = 200;

export class InProcessRunner implements TranscodeRunner {
  readonly kind = 'in-process' as const;
  private readonly jobs = new Map<string, JobRecord>();
  private readonly waiting: string[] = [];
  private running = 0;
  private events: RunnerEvents | null = null;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();
  /**
   * Jobs run in the async context the runner was made in (the CMS's start), not in that of the request that queued
   * them or of the job before: the CMS's log lines during a job name no unrelated request; the job's own carry its id.
   */
  private readonly scope = new AsyncResource('framecast.transcode-runner');

  constructor(
    private readonly config: TranscodingConfig,
    private readonly storage: MediaStorage,
    private readonly metrics?: TranscodeMetrics,
    private readonly log?: JobLogger,
  ) {}

  async enqueue(jobId: string, data: TranscodeJobData) {
    const existing = this.jobs.get(jobId);
    if (existing) {
      if (existing.state === 'failed') this.requeue(existing);
      return { jobId, created: false };
    }
    const record: JobRecord = {
      id: jobId,
      data,
      state: 'waiting',
      progress: 0,
      attemptsMade: 0,
      failedReason: null,
      createdAt: new Date(),
      finishedAt: null,
    };
    this.jobs.set(jobId, record);
    this.waiting.push(jobId);
    this.pump();
    return { jobId, created: true };
  }

  async list(states: readonly JobState[], limit = 100) {
    const counts = emptyCounts();
    for (const job of this.jobs.values()) counts[job.state] += 1;
    const jobs = [...this.jobs.values()]
      .filter((job) => states.includes(job.state))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, limit)
      .map((job) => this.view(job));
    return { jobs, counts };
  }

  async get(jobId: string) {
    const job = this.jobs.get(jobId);
    return job ? this.view(job) : null;
  }

  async retry(jobId: string) {
    const job = this.jobs.get(jobId);
    if (!job || job.state !== 'failed') return null;
    this.requeue(job);
    return this.view(job);
  }

  async listen(events: RunnerEvents) {
    this.events = events;
    this.pump();
  }

  async health() {
    return { reachable: true, workers: 1 };
  }

  /**
   * The ping's handler (jobs/handlers.ts) run here, in the runner's scope, but not through the waiting list: behind an
   * encode it would wait minutes, and in process there is no queue between the CMS and the work to prove.
   */
  async ping(timeoutMs: number): Promise<PingRoundTrip> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        this.scope.runInAsyncScope(() =>
          JOB_HANDLERS.ping.run(
            { sentAt: Date.now() },
            { jobId: `${PING_JOB_PREFIX}in-process`, config: this.config, storage: this.storage },
          ),
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { answered: true, ms: elapsed(), answer };
    } catch (error) {
      return {
        answered: false,
        ms: elapsed(),
        state: 'unknown',
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  async close() {
    this.closed = true;
    for (const job of this.jobs.values()) if (job.timer) clearTimeout(job.timer);
    // running ffmpeg processes finish or time out on their own; wait so temp folders are cleaned
    await Promise.allSettled([...this.inFlight]);
  }

  private view(job: JobRecord): TranscodeJobView {
    return {
      id: job.id,
      videoDocumentId: job.data.videoDocumentId,
      videoTitle: job.data.videoTitle,
      state: job.state,
      progress: job.progress,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }

  private requeue(job: JobRecord) {
    job.state = 'waiting';
    job.progress = 0;
    job.attemptsMade = 0;
    job.failedReason = null;
    job.finishedAt = null;
    this.waiting.push(job.id);
    this.pump();
  }

  private pump() {
    if (!this.events || this.closed) return;
    while (this.running < this.config.concurrency && this.waiting.length > 0) {
      const job = this.jobs.get(this.waiting.shift()!);
      if (!job || job.state !== 'waiting') continue;
      this.running += 1;
      const run = this.scope
        .runInAsyncScope(() => this.run(job))
        .finally(() => {
          this.running -= 1;
          this.inFlight.delete(run);
          this.pump();
        });
      this.inFlight.add(run);
    }
  }

  private async run(job: JobRecord) {
    const events = this.events!;
    job.state = 'active';
    job.progress = 0;
    const fields = jobLogFields(job.id, job.data);
    this.log?.info({ ...fields, attempt: job.attemptsMade + 1 }, 'transcode job started');
    await events.onActive(job.id).catch(() => undefined);
    const ended = this.metrics?.attempt(job.attemptsMade === 0 ? job.createdAt.getTime() : null);
    try {
      const outcome = await JOB_HANDLERS.transcode.run(job.data, {
        jobId: job.id,
        config: this.config,
        storage: this.storage,
        onProgress: (percent) => {
          job.progress = percent;
          void events.onProgress(job.id, percent).catch(() => undefined);
        },
        onPlayable: (report) => events.onOutcome(report),
        onWarning: (message) => this.log?.warn(fields, message),
      });
      job.attemptsMade += 1;
      job.state = 'completed';
      job.finishedAt = new Date();
      ended?.(outcome);
      this.log?.info({ ...fields, renditions: outcome.renditions.map((r) => r.label) }, 'transcode job done');
      await events.onOutcome(outcome);
    } catch (error) {
      job.attemptsMade += 1;
      const { final, failure } = settleFailedAttempt(error, job.attemptsMade, this.config.attempts);
      job.failedReason = failure.reason;
      this.log?.warn({ ...fields, final, code: failure.code, reason: failure.reason }, 'transcode job failed');
      if (!final && !this.closed) {
        ended?.('retry');
        job.state = 'delayed';
        job.timer = setTimeout(
          () => {
            job.timer = undefined;
            if (job.state !== 'delayed') return;
            job.state = 'waiting';
            this.waiting.push(job.id);
            this.pump();
          },
          retryDelayMs(this.config.backoffMs, job.attemptsMade),
        );
        return;
      }
      job.state = 'failed';
      job.finishedAt = new Date();
      const outcome = JOB_HANDLERS.transcode.failed(job.id, job.data, failure);
      ended?.(outcome);
      await events.onOutcome(outcome);
    } finally {
      this.forgetOldJobs();
    }
  }

  private forgetOldJobs() {
    const finished = [...this.jobs.values()].filter((job) => job.state === 'completed' || job.state === 'failed');
    if (finished.length <= KEEP_FINISHED) return;
    finished.sort((a, b) => (a.finishedAt?.getTime() ?? 0) - (b.finishedAt?.getTime() ?? 0));
    for (const job of finished.slice(0, finished.length - KEEP_FINISHED)) this.jobs.delete(job.id);
  }
}
