/**
 * The queue's side of a split encode (jobs/chunked-transcode.ts) on BullMQ: chunk jobs go into the `transcode` queue
 * that every worker takes from, ahead of the transcodes waiting there (a video under way finishes before the next one
 * starts), with ids derived from their parent's, so a parent run again finds the chunks already queued or done.
 */
import type { Job, Queue } from 'bullmq';
import type { TranscodingConfig } from '../config';
import { retryOptions } from './attempts';
import { chunkJobId, type ChunkDispatcher, type ChunkJobData, type ChunkResult, type ChunkState } from './types';

export const CHUNK_JOB = 'transcode-chunk';

export class BullmqChunkDispatcher implements ChunkDispatcher {
  constructor(
    private readonly transcodes: Queue,
    private readonly parentJobId: string,
    private readonly config: TranscodingConfig,
  ) {}

  async queue(chunks: ChunkJobData[]): Promise<void> {
    // LIFO puts each at the head of the queue: added last first, the earliest chunk is taken first
    for (const data of [...chunks].reverse()) {
      await this.transcodes.add(CHUNK_JOB, data, {
        jobId: chunkJobId(this.parentJobId, data.chunk.index),
        lifo: true,
        ...retryOptions(this.config),
        // the parent removes them when it is done; kept a day at most should it never be
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 24 * 3600 },
      });
    }
  }

  private job(index: number): Promise<Job | undefined> {
    return this.transcodes.getJob(chunkJobId(this.parentJobId, index));
  }

  async state(index: number): Promise<ChunkState> {
    const job = await this.job(index);
    if (!job) return { state: 'missing' };
    const state = await job.getState();
    switch (state) {
      case 'completed': {
        // a job finished but answered nothing (its parent looked gone): encoded again
        const result = job.returnvalue as ChunkResult | null;
        if (!result) {
          await job.remove().catch(() => undefined);
          return { state: 'missing' };
        }
        return { state: 'done', result };
      }
      case 'failed':
        return { state: 'failed', reason: job.failedReason || 'the chunk failed' };
      case 'active':
        return { state: 'running' };
      case 'unknown':
        return { state: 'missing' };
      default:
        // waiting, prioritized, or delayed before a retry: nobody is encoding it now
        return { state: 'waiting' };
    }
  }

  async claim(index: number): Promise<boolean> {
    const job = await this.job(index);
    if (!job) return true;
    try {
      // atomic in Redis: fails when a worker holds the job's lock
      await job.remove();
      return true;
    } catch {
      return false;
    }
  }

  async clear(count: number): Promise<void> {
    for (let index = 0; index < count; index++) {
      const job = await this.job(index);
      await job?.remove().catch(() => undefined);
    }
  }
}
