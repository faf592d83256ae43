/** What travels through the queues: plain JSON, the same for the BullMQ and the in-process runner. */
import type { TranscodingConfig } from '../config';
import type { PosterImage, Rendition } from '../media/ladder';
import type { MediaStorage } from '../storage/types';
import type { SourceProbe } from '../media/validate-source';

export const TRANSCODE_QUEUE = 'transcode';
/** Workers report outcomes here; the CMS consumes them, so an outcome survives a CMS restart. */
export const OUTCOME_QUEUE = 'transcode-outcomes';

export type SourceLocation =
  /** A key in the media storage (tus uploads). */
  | { kind: 'storage'; key: string }
  /** A file the worker can read (Strapi's local upload provider, on one host). */
  | { kind: 'file'; path: string }
  /** An http(s) URL the worker downloads (Strapi's S3 upload provider). */
  | { kind: 'url'; url: string };

export interface TranscodeJobData {
  videoDocumentId: string;
  /** For the queue page. */
  videoTitle: string | null;
  /** sha256 of the source (hex), or the media library file's id and hash when the bytes are not at hand. */
  checksum: string;
  source: SourceLocation;
  sourceName: string;
}

export interface ReadyOutcome {
  status: 'ready';
  jobId: string;
  videoDocumentId: string;
  checksum: string;
  /** Storage prefix of the outputs: `videos/<documentId>/<checksum prefix>`. */
  outputPrefix: string;
  master: string;
  renditions: Rendition[];
  posters: PosterImage[];
  storyboard: { vtt: string; sprites: string[] };
  /** What validation measured of the source, recorded on the video. */
  media: Omit<SourceProbe, 'bitRate' | 'demuxer'>;
}

export interface FailedOutcome {
  status: 'failed';
  jobId: string;
  videoDocumentId: string;
  checksum: string;
  /** Written for the creator: shown in the admin as is. */
  reason: string;
  /** `refused:<code>` when validation refused the file, else the kind of failure. */
  code: string;
}

export type TranscodeOutcome = ReadyOutcome | FailedOutcome;

/** What a job handler (jobs/handlers.ts) gets besides its data, from whichever runner runs it. */
export interface JobContext {
  jobId: string;
  config: TranscodingConfig;
  storage: MediaStorage;
  /** 0..100, never decreasing. */
  onProgress?: (percent: number) => void;
}

import type { JobState, TranscodeJobView } from '@framecast/contracts';

export type { JobState, TranscodeJobView };
export const JOB_STATES: readonly JobState[] = ['waiting', 'delayed', 'active', 'completed', 'failed'];

export type JobCounts = Record<JobState, number>;

/** Same video + same bytes = same id, so enqueueing twice is a no-op. BullMQ ids may not contain ':'. */
export function transcodeJobId(videoDocumentId: string, checksum: string): string {
  return `video-${videoDocumentId}-${checksum.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32)}`;
}

export function outputPrefixFor(videoDocumentId: string, checksum: string): string {
  return `videos/${videoDocumentId}/${checksum.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 20)}`;
}
