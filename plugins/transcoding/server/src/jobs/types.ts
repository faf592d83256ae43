/** What travels through the queues: plain JSON, the same for the BullMQ and the in-process runner. */
import type { TranscodingConfig } from '../config';
import type { ChunkPlan } from '../media/chunks';
import type { LadderSource, PlannedRendition, PosterImage, Rendition, StoryboardLayout } from '../media/ladder';
import type { MediaStorage } from '../storage/types';
import type { SourceCache } from './source-cache';
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
  /** The request that queued the job (X-Request-Id): the job's log lines carry it, wherever it runs. */
  requestId?: string;
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
  media: Omit<SourceProbe, 'bitRate' | 'demuxer' | 'nominalFrameRate'>;
  /** The job's request id, for the CMS's log line of the outcome. */
  requestId?: string;
}

/**
 * Reported while a job still runs, once the first segments of every rendition are stored with a playlist that lists
 * them: the video can be played from the start while the rest is encoded (the playlists grow). Not final: `ready` or
 * `failed` follows. Reported again by an attempt that starts over.
 */
export type PlayableOutcome = { status: 'playable' } & Pick<
  ReadyOutcome,
  'jobId' | 'videoDocumentId' | 'checksum' | 'outputPrefix' | 'master' | 'posters' | 'requestId'
> & {
    /** As planned: the measured rates come with `ready`. */
    renditions: Rendition[];
    /** The growing storyboard (single thumbnails) when one is stored; the sprite sheets come with `ready`. */
    storyboard?: ReadyOutcome['storyboard'] | null;
  };

export interface FailedOutcome {
  status: 'failed';
  jobId: string;
  videoDocumentId: string;
  checksum: string;
  /** Written for the creator: shown in the admin as is. */
  reason: string;
  /** `refused:<code>` when validation refused the file, else the kind of failure. */
  code: string;
  requestId?: string;
}

export type TranscodeOutcome = ReadyOutcome | FailedOutcome;
/** Everything a worker reports to the CMS: the final outcome, and `playable` on the way. */
export type JobReport = TranscodeOutcome | PlayableOutcome;

/**
 * A diagnostic job (`npm run diagnose`, the admin's Diagnostics page): it goes through the queue like a transcode and
 * is answered at once by whoever takes it, with no media work and no outcome for the CMS to apply.
 */
export interface PingJobData {
  /** When it was queued (ms since the epoch, the sender's clock). */
  sentAt: number;
}

/** What the process that took a ping answers. */
export interface PingAnswer {
  /** `<host>:<pid>` of the worker (or the CMS, in process). */
  answeredBy: string;
  /** Its media storage driver: a worker on the wrong storage answers, but its encodes would land elsewhere. */
  storage: 'local' | 's3';
}

/**
 * A chunk of a split encode (jobs/chunked-transcode.ts): video only, any worker may take it; the transcode job that
 * queued it (its parent) stitches the chunks. Its id is the parent's with `-chunk-<n>`.
 */
export interface ChunkJobData {
  parentJobId: string;
  videoDocumentId: string;
  checksum: string;
  requestId?: string;
  source: SourceLocation;
  sourceName: string;
  probe: LadderSource;
  frameRate: number;
  renditions: PlannedRendition[];
  storyboard: StoryboardLayout;
  chunk: ChunkPlan;
  /** Storage prefix the chunk's files go to (`transcode-work/<parent job>/chunk-<n>`). */
  prefix: string;
}

/** What a chunk job answers: where its files are, and who encoded it. */
export interface ChunkResult {
  prefix: string;
  /** The files under `prefix`: each rendition's video and the thumbnails (`thumbnails/thumb-00000.jpg`...). */
  files: string[];
  thumbnails: string[];
  encodedBy: string;
}

export const CHUNK_JOB_MARK = '-chunk-';
export const chunkJobId = (parentJobId: string, index: number) =>
  `${parentJobId}${CHUNK_JOB_MARK}${String(index).padStart(4, '0')}`;
export const isChunkJobId = (jobId: string) => /-chunk-\d{4,}$/.test(jobId);

/** Ping jobs have ids of their own, so the CMS's listeners (progress, failures) can tell them from a video's job. */
export const PING_JOB_PREFIX = 'diagnostics-ping-';

export const isPingJobId = (jobId: string) => jobId.startsWith(PING_JOB_PREFIX);

/** How a process names itself to the queue and in a ping's answer. */
export function processName(hostname: string, pid: number): string {
  return `${hostname}:${pid}`.replace(/[^A-Za-z0-9._:-]/g, '-');
}

/**
 * Where the runners write a job's log lines (pino's argument order): the worker's pino logger, or strapi.log in the
 * CMS. Each line of a job carries its request id (`reqId`).
 */
export interface JobLogger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

/** The fields every log line about a job starts with. */
export function jobLogFields(jobId: string, data: TranscodeJobData): Record<string, unknown> {
  return { reqId: data.requestId, jobId, video: data.videoDocumentId };
}

/** What a job handler (jobs/handlers.ts) gets besides its data, from whichever runner runs it. */
export interface JobContext {
  jobId: string;
  config: TranscodingConfig;
  storage: MediaStorage;
  /** 0..100, never decreasing. */
  onProgress?: (percent: number) => void;
  /** The video can be played while the job goes on (awaited: it is delivered before the job's outcome). */
  onPlayable?: (report: PlayableOutcome) => Promise<void>;
  /** Something went wrong that the job survives (a growing playlist could not be stored: the finished one will be). */
  onWarning?: (message: string) => void;
  /** Other workers can encode chunks of a long source (BullMQ); absent: one pass, in this process. */
  chunks?: ChunkDispatcher;
  /** A chunk job: whether its parent still wants it (not failed or gone), asked before its files are stored and after. */
  parentWaiting?: () => Promise<boolean>;
  /** A chunk job: the source this worker last fetched, kept for that video's next chunks (jobs/source-cache.ts). */
  sourceCache?: SourceCache;
  /** A line for the job's log. */
  onInfo?: (message: string, fields?: Record<string, unknown>) => void;
}

/** Where a chunk of a split encode stands, as its parent sees it. */
export type ChunkState =
  | { state: 'done'; result: ChunkResult }
  | { state: 'running' }
  | { state: 'waiting' }
  | { state: 'failed'; reason: string }
  | { state: 'missing' };

/** The queue's side of a split encode, for its parent (jobs/bullmq-chunks.ts). */
export interface ChunkDispatcher {
  /** Queues these chunks for any worker; a chunk queued already is left as it is. */
  queue(chunks: ChunkJobData[]): Promise<void>;
  state(index: number): Promise<ChunkState>;
  /** Takes a chunk that no worker has started back from the queue, to encode it here; false when one has. */
  claim(index: number): Promise<boolean>;
  /** Removes every chunk job of this parent that is not running (the split encode is over). */
  clear(count: number): Promise<void>;
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
