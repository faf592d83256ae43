/**
 * The job types the runners carry, each with its handler: the one code path a job takes whichever runner runs it
 * (the in-process runner or a BullMQ worker). A new kind of job is a new entry here.
 */
import { hostname } from 'node:os';
import { processChunkJob } from './chunked-transcode';
import { processTranscodeJob } from './process-job';
import {
  processName,
  type ChunkJobData,
  type ChunkResult,
  type FailedOutcome,
  type JobContext,
  type PingAnswer,
  type PingJobData,
  type ReadyOutcome,
  type TranscodeJobData,
} from './types';

/** Each job type: what it is given, what it ends with, and what is reported when it fails for good. */
export interface JobTypes {
  transcode: { data: TranscodeJobData; result: ReadyOutcome; failed: FailedOutcome };
  /** A chunk of a split encode (BullMQ only): its parent hears of it through the queue, the CMS never does. */
  'transcode-chunk': { data: ChunkJobData; result: ChunkResult | null; failed: null };
  /** Diagnostics' round trip: answered at once, no media work, nothing reported to the CMS when it fails. */
  ping: { data: PingJobData; result: PingAnswer; failed: null };
}

export type JobType = keyof JobTypes;

export interface JobHandler<Type extends JobType> {
  run(data: JobTypes[Type]['data'], context: JobContext): Promise<JobTypes[Type]['result']>;
  /** The outcome reported once the job has failed for good. */
  failed(
    jobId: string,
    data: JobTypes[Type]['data'],
    failure: { code: string; reason: string },
  ): JobTypes[Type]['failed'];
}

export const JOB_HANDLERS: { [Type in JobType]: JobHandler<Type> } = {
  transcode: {
    run: processTranscodeJob,
    failed: (jobId, data, failure) => ({
      status: 'failed',
      jobId,
      videoDocumentId: data.videoDocumentId,
      checksum: data.checksum,
      ...(data.requestId ? { requestId: data.requestId } : {}),
      ...failure,
    }),
  },
  'transcode-chunk': {
    run: processChunkJob,
    failed: () => null,
  },
  ping: {
    run: async (_data, context) => ({
      answeredBy: processName(hostname(), process.pid),
      storage: context.storage.driver,
    }),
    failed: () => null,
  },
};
