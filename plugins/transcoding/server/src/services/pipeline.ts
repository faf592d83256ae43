/**
 * The CMS side of the flow of one video: a source arrives (tus or the media library) -> the video is marked
 * queued and a job enqueued -> the runner reports active / progress / outcome -> the video row is updated.
 * Pipeline fields are written with the query engine on every row of the document (draft and published), so
 * processing never publishes a creator's pending edits.
 */
import path from 'node:path';
import { requestIdOfContext } from '@framecast/contracts';
import type { Core } from '@strapi/strapi';
import type { TranscodingConfig } from '../config';
import { createTranscodeMetrics, mediaFolders } from '../jobs/metrics';
import { createRunner, type TranscodeRunner } from '../jobs/runner';
import { sweepStaleWorkFolders } from '../jobs/work-folders';
import {
  JOB_STATES,
  transcodeJobId,
  type JobLogger,
  type JobState,
  type ReadyOutcome,
  type SourceLocation,
  type JobReport,
  type PlayableOutcome,
  type TranscodeJobView,
} from '../jobs/types';
import { createMediaStorage } from '../storage';
import { uploadFileLocation, type UploadFile } from '../storage/upload-location';
import type { MediaStorage } from '../storage/types';
import { getConfig, getService } from '../utils';
import { sha256File } from '../utils/hash';
import type { PlaybackAssets } from './playback';

const VIDEO = 'api::video.video';

interface VideoRow {
  id: number;
  documentId: string;
  title: string | null;
  publishedAt: string | null;
  visibility: string;
  moderationState: string;
  processingStatus: string;
  processingProgress: number | null;
  failureReason: string | null;
  transcodeJobId: string | null;
  sourceKey: string | null;
  sourceName: string | null;
  sourceChecksum: string | null;
  playbackAssets: PlaybackAssets | null;
}

const ROW_FIELDS = [
  'id',
  'documentId',
  'title',
  'publishedAt',
  'visibility',
  'moderationState',
  'processingStatus',
  'processingProgress',
  'failureReason',
  'transcodeJobId',
  'sourceKey',
  'sourceName',
  'sourceChecksum',
  'playbackAssets',
] as const;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let storage: MediaStorage | null = null;
  let runner: TranscodeRunner | null = null;
  // the jobs this CMS runs in process (with BullMQ, the workers keep and serve their own)
  const metrics = createTranscodeMetrics({
    service: 'cms',
    folders: () => mediaFolders(getConfig(strapi), { uploads: true }),
  });
  /** Hand-offs to the runner that have not finished yet (hashing a media library source, writing its status). */
  const handoffs = new Set<Promise<unknown>>();

  const log = strapi.log;
  /** The in-process jobs' lines, through strapi.log (the worker has a pino logger of its own). */
  const jobLog: JobLogger = {
    info: (fields, msg) => log.info(msg, fields),
    warn: (fields, msg) => log.warn(msg, fields),
    error: (fields, msg) => log.error(msg, fields),
  };
  const videos = () => strapi.db.query(VIDEO);

  const rowsOf = async (documentId: string): Promise<VideoRow[]> =>
    (await videos().findMany({ select: [...ROW_FIELDS], where: { documentId } })) as VideoRow[];

  /** Writes pipeline fields on the draft and the published row alike, and says so (caches listen). */
  const updateRows = async (
    documentId: string,
    data: Partial<Omit<VideoRow, 'id' | 'documentId'>> & Record<string, unknown>,
  ) => {
    await videos().updateMany({ where: { documentId }, data });
    getService(strapi, 'playback').clearAccessCache();
    strapi.eventHub.emit('transcoding::video.changed', { documentId });
  };

  const required = () => {
    if (!storage || !runner) throw new Error('The transcoding pipeline is not started yet');
    return { storage, runner };
  };

  const service = {
    /** The settings cms/config/plugins.ts passed. */
    get config(): TranscodingConfig {
      return getConfig(strapi);
    },

    get storage(): MediaStorage {
      return required().storage;
    },

    get runnerKind() {
      return runner?.kind ?? null;
    },

    /** The in-process jobs' metrics, merged into the CMS's GET /metrics by the diagnostics plugin. */
    get metricsRegistry() {
      return metrics.registry;
    },

    /** How many jobs are in each state (metrics); null before the pipeline has started. */
    async jobCounts(): Promise<Record<JobState, number> | null> {
      if (!runner) return null;
      return (await runner.list([])).counts;
    },

    /** The runner's queue and workers (diagnostics and readiness); never throws. */
    async runnerHealth() {
      return required().runner.health();
    },

    /** A ping job through the runner, answered by whoever takes jobs (diagnostics' round trip); never throws. */
    async pingRunner(timeoutMs: number) {
      return required().runner.ping(timeoutMs);
    },

    async start() {
      const config = service.config;
      storage = createMediaStorage(config.storage);
      runner = await createRunner(config, storage, metrics, jobLog);
      if (!config.processJobs) {
        log.info(`[transcoding] jobs off in this process (TRANSCODE_JOBS=off), storage ${storage.driver}`);
        return;
      }
      await runner.listen({
        onActive: (jobId) => service.markActive(jobId),
        onProgress: (jobId, percent) => service.recordProgress(jobId, percent),
        onOutcome: (outcome) => service.applyOutcome(outcome),
      });
      log.info(
        `[transcoding] ${runner.kind === 'bullmq' ? 'BullMQ on Redis' : 'in-process runner'}, storage ${storage.driver}`,
      );
      if (runner.kind === 'in-process') {
        // this process runs the encodes: what an earlier one killed mid-encode left behind goes
        const swept = await sweepStaleWorkFolders(config.workDir);
        if (swept.length > 0)
          log.info(`[transcoding] removed ${swept.length} work folder(s) left by stopped processes`);
        await service.resumeUnfinished();
      }
      await service.adoptUnprocessedSources();
    },

    /** Videos with a media library source that never entered the pipeline (e.g. data from before it). */
    async adoptUnprocessedSources() {
      const rows = (await videos().findMany({
        select: ['documentId'],
        where: {
          sourceKey: { $null: true },
          playbackAssets: { $null: true },
          processingStatus: { $ne: 'failed' },
          source: { id: { $notNull: true } },
        },
      })) as Array<{ documentId: string }>;
      const documentIds = [...new Set(rows.map((row) => row.documentId))];
      for (const documentId of documentIds) await service.enqueueMediaLibrarySource(documentId);
      if (documentIds.length > 0)
        log.info(`[transcoding] queued ${documentIds.length} video(s) whose source was never processed`);
    },

    async stop() {
      await service.handoffsSettled();
      await runner?.close();
      await storage?.close();
      runner = null;
      storage = null;
    },

    /** Queues a video's (new) source; the same video and bytes twice is a no-op. */
    async enqueueSource(
      documentId: string,
      source: { location: SourceLocation; sourceKey: string; checksum: string; sourceName: string },
    ) {
      const { runner: active } = required();
      // the request this runs in (an upload, an edit in the admin): its id goes with the job, into the job's log lines
      const requestId = requestIdOfContext(strapi.requestContext?.get?.());
      const rows = await rowsOf(documentId);
      if (rows.length === 0) throw new Error(`No video ${documentId}`);
      const jobId = transcodeJobId(documentId, source.checksum);
      const current = rows[0];
      if (
        current.transcodeJobId === jobId &&
        (current.processingStatus === 'ready' || current.processingStatus === 'processing')
      ) {
        return { jobId, created: false };
      }
      await updateRows(documentId, {
        sourceKey: source.sourceKey,
        sourceName: source.sourceName.slice(0, 255),
        sourceChecksum: source.checksum,
        transcodeJobId: jobId,
        processingStatus: 'queued',
        processingProgress: 0,
        failureReason: null,
      });
      return active.enqueue(jobId, {
        videoDocumentId: documentId,
        videoTitle: current.title,
        checksum: source.checksum,
        source: source.location,
        sourceName: source.sourceName,
        ...(requestId ? { requestId } : {}),
      });
    },

    /**
     * After a write that set a video's media library source: queue it once the write's transaction is over,
     * without holding up the request. Failures are logged; `handoffsSettled` waits for all of them.
     */
    queueMediaLibrarySourceSoon(documentId: string) {
      const handoff = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => service.enqueueMediaLibrarySource(documentId))
        .catch((error: unknown) => {
          log.error(
            `[transcoding] could not queue the source of ${documentId}: ${error instanceof Error ? error.message : String(error)}`,
          );
        })
        .finally(() => handoffs.delete(handoff));
      handoffs.add(handoff);
    },

    /** Resolves once every scheduled hand-off has reached the runner (or failed). */
    async handoffsSettled() {
      while (handoffs.size > 0) await Promise.allSettled([...handoffs]);
    },

    /** A video whose source arrived through the media library (`source` field): queue it when it changed. */
    async enqueueMediaLibrarySource(documentId: string) {
      const row = (await videos().findOne({
        select: ['id', 'sourceKey'],
        where: { documentId },
        populate: { source: true },
      })) as {
        sourceKey: string | null;
        source?: {
          id: number;
          hash: string;
          ext: string | null;
          url: string;
          provider: string;
          name: string;
          path?: string | null;
        } | null;
      } | null;
      const file = row?.source;
      if (!row || !file) return null;
      const sourceKey = `upload:${file.id}`;
      if (row.sourceKey === sourceKey) return null;
      let location: SourceLocation;
      let checksum: string;
      if (file.provider === 'local' || file.url.startsWith('/')) {
        const filePath = path.join(strapi.dirs.static.public, file.url.replace(/^\/+/, ''));
        location = { kind: 'file', path: filePath };
        const hashed = await sha256File(filePath).catch(() => null);
        if (!hashed) {
          await updateRows(documentId, {
            sourceKey,
            processingStatus: 'failed',
            failureReason: 'The source file could not be found in the media library. Upload it again.',
          });
          return null;
        }
        checksum = hashed;
      } else {
        location = sourceLocationOf(sourceKey, file, strapi.dirs.static.public, service.config.storage.driver)!;
        checksum = `upload-${file.id}-${file.hash}`;
      }
      return service.enqueueSource(documentId, { location, sourceKey, checksum, sourceName: `${file.name}` });
    },

    async markActive(jobId: string) {
      await videos().updateMany({
        where: { transcodeJobId: jobId, processingStatus: { $in: ['queued', 'processing', 'failed'] } },
        data: { processingStatus: 'processing', failureReason: null },
      });
    },

    async recordProgress(jobId: string, percent: number) {
      await videos().updateMany({
        where: { transcodeJobId: jobId, processingStatus: { $in: ['queued', 'processing'] } },
        data: { processingStatus: 'processing', processingProgress: Math.max(0, Math.min(99, Math.round(percent))) },
      });
    },

    async applyOutcome(outcome: JobReport) {
      if (outcome.status === 'playable') return service.applyPlayable(outcome);
      const rows = await rowsOf(outcome.videoDocumentId);
      const current = rows[0];
      // a stale outcome: the video is gone, or its source was replaced since this job was queued
      if (!current || current.transcodeJobId !== outcome.jobId) {
        if (outcome.status === 'ready' && !rows.some((row) => row.playbackAssets?.prefix === outcome.outputPrefix)) {
          await storage?.deletePrefix(outcome.outputPrefix).catch(() => undefined);
        }
        return;
      }
      if (outcome.status === 'failed') {
        await updateRows(outcome.videoDocumentId, {
          processingStatus: 'failed',
          failureReason: outcome.reason.slice(0, 2000),
          processingProgress: 0,
        });
        log.warn('[transcoding] video failed', {
          reqId: outcome.requestId,
          video: outcome.videoDocumentId,
          code: outcome.code,
          reason: outcome.reason,
        });
        // the refusal is recorded (its reason stays on the video): the refused upload is of no more use
        if (outcome.code.startsWith('refused:')) await service.removeUploadedSource(current, outcome.requestId);
        return;
      }
      const previous = current.playbackAssets?.prefix;
      const playableAt =
        current.playbackAssets?.prefix === outcome.outputPrefix ? current.playbackAssets.playableAt : undefined;
      await updateRows(outcome.videoDocumentId, readyFields(outcome, playableAt));
      if (previous && previous !== outcome.outputPrefix) await storage?.deletePrefix(previous).catch(() => undefined);
      log.info('[transcoding] video ready', {
        reqId: outcome.requestId,
        video: outcome.videoDocumentId,
        renditions: outcome.renditions.map((r) => r.label),
      });
    },

    /**
     * The first seconds of a job's output are stored and listed: the video plays (the admin's preview, and the watch
     * page once published) from a growing playlist while the rest is encoded. Only for the job the video is on, while
     * it is queued or processing, and never over the finished output of an earlier source: that one stays until this
     * job is ready.
     */
    async applyPlayable(outcome: PlayableOutcome) {
      const rows = await rowsOf(outcome.videoDocumentId);
      const current = rows[0];
      if (!current || current.transcodeJobId !== outcome.jobId) return;
      if (current.processingStatus !== 'queued' && current.processingStatus !== 'processing') return;
      const assets = current.playbackAssets;
      if (assets && !assets.growing) return;
      if (assets?.prefix === outcome.outputPrefix) return;
      await updateRows(outcome.videoDocumentId, {
        processingStatus: 'processing',
        playbackAssets: {
          prefix: outcome.outputPrefix,
          checksum: outcome.checksum,
          master: outcome.master,
          renditions: outcome.renditions,
          posters: outcome.posters,
          storyboard: outcome.storyboard ?? null,
          growing: true,
          playableAt: new Date().toISOString(),
        },
      });
      log.info('[transcoding] video playable while processing', {
        reqId: outcome.requestId,
        video: outcome.videoDocumentId,
      });
    },

    /**
     * Deletes a video's uploaded source from media storage (tus uploads only: a media library file is the media
     * library's). Failures are logged, not thrown: the video's state is already written.
     */
    async removeUploadedSource(row: Pick<VideoRow, 'documentId' | 'sourceKey'>, requestId?: string) {
      const key = uploadedSourceKey(row.sourceKey);
      if (!key || !storage) return;
      try {
        await storage.delete(key);
        log.info('[transcoding] removed a refused source', { reqId: requestId, video: row.documentId, key });
      } catch (error) {
        log.error('[transcoding] could not remove a refused source', {
          reqId: requestId,
          video: row.documentId,
          key,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },

    /** Whether a job's source is still there to run it again (a refused upload is removed once refused). */
    async sourceKept(jobId: string): Promise<boolean> {
      const row = (await videos().findOne({ select: ['sourceKey'], where: { transcodeJobId: jobId } })) as Pick<
        VideoRow,
        'sourceKey'
      > | null;
      const key = uploadedSourceKey(row?.sourceKey ?? null);
      return !key || (await required().storage.stat(key)) !== null;
    },

    /** After a restart of the in-process runner: queue again what was queued or running. */
    async resumeUnfinished() {
      const rows = (await videos().findMany({
        select: [...ROW_FIELDS],
        where: { processingStatus: { $in: ['queued', 'processing'] }, sourceChecksum: { $notNull: true } },
        populate: { source: true },
      })) as Array<VideoRow & { source?: UploadFile | null }>;
      const seen = new Set<string>();
      for (const row of rows) {
        if (seen.has(row.documentId) || !row.sourceKey || !row.sourceChecksum) continue;
        seen.add(row.documentId);
        const location = sourceLocationOf(
          row.sourceKey,
          row.source ?? null,
          strapi.dirs.static.public,
          service.config.storage.driver,
        );
        if (!location) continue;
        await required().runner.enqueue(row.transcodeJobId ?? transcodeJobId(row.documentId, row.sourceChecksum), {
          videoDocumentId: row.documentId,
          videoTitle: row.title,
          checksum: row.sourceChecksum,
          source: location,
          sourceName: row.sourceName ?? 'source',
        });
      }
      if (seen.size > 0) log.info(`[transcoding] resumed ${seen.size} unfinished video(s)`);
    },

    /** Admin: the state of one video, with signed playback for a preview. */
    async statusOf(documentId: string) {
      const rows = await rowsOf(documentId);
      if (rows.length === 0) return null;
      const current = rows.find((row) => !row.publishedAt) ?? rows[0];
      const job = current.transcodeJobId && runner ? await runner.get(current.transcodeJobId) : null;
      return {
        documentId,
        processingStatus: current.processingStatus,
        processingProgress: current.processingStatus === 'ready' ? 100 : (current.processingProgress ?? 0),
        failureReason: current.failureReason,
        sourceName: current.sourceName,
        job,
        // a preview from the first seconds on, while the rest is encoded (a growing playlist)
        playback:
          current.processingStatus === 'ready' || current.playbackAssets?.growing
            ? getService(strapi, 'playback').playbackFor(documentId, current.playbackAssets, { signed: true })
            : null,
      };
    },

    async listJobs(states: JobState[], visibleTo?: (documentIds: string[]) => Promise<Set<string>>) {
      const { jobs, counts } = await required().runner.list(states.length ? states : JOB_STATES);
      if (!visibleTo) return { jobs, counts };
      const allowed = await visibleTo([...new Set(jobs.map((job) => job.videoDocumentId))]);
      const visible = jobs.filter((job) => allowed.has(job.videoDocumentId));
      const scoped: Record<JobState, number> = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
      for (const job of visible) scoped[job.state] += 1;
      return { jobs: visible, counts: scoped };
    },

    async getJob(jobId: string): Promise<TranscodeJobView | null> {
      return required().runner.get(jobId);
    },

    async retryJob(jobId: string) {
      const job = await required().runner.retry(jobId);
      if (job)
        await videos().updateMany({
          where: { transcodeJobId: jobId },
          data: { processingStatus: 'queued', failureReason: null, processingProgress: 0 },
        });
      return job;
    },
  };
  return service;
};

function readyFields(outcome: ReadyOutcome, playableAt?: string) {
  const assets: PlaybackAssets = {
    ...(playableAt ? { playableAt } : {}),
    prefix: outcome.outputPrefix,
    checksum: outcome.checksum,
    master: outcome.master,
    renditions: outcome.renditions,
    posters: outcome.posters,
    storyboard: outcome.storyboard,
  };
  return {
    processingStatus: 'ready',
    processingProgress: 100,
    failureReason: null,
    playbackAssets: assets,
    duration: Math.round(outcome.media.durationS * 1000) / 1000,
    width: outcome.media.width,
    height: outcome.media.height,
    frameRate: outcome.media.frameRate === null ? null : Math.round(outcome.media.frameRate * 1000) / 1000,
    videoCodec: outcome.media.videoCodec,
    audioCodec: outcome.media.audioCodec,
    sourceSize: String(outcome.media.sizeBytes),
  };
}

/** The media storage key of a tus upload's source (`storage:<key>`); null for a media library file. */
function uploadedSourceKey(sourceKey: string | null): string | null {
  return sourceKey?.startsWith('storage:') ? sourceKey.slice('storage:'.length) : null;
}

/**
 * Where a job reads a source from: a tus upload's storage key, or the media library file (upload-location.ts).
 */
function sourceLocationOf(
  sourceKey: string,
  file: UploadFile | null,
  publicDir: string,
  storageDriver?: string,
): SourceLocation | null {
  const uploaded = uploadedSourceKey(sourceKey);
  if (uploaded) return { kind: 'storage', key: uploaded };
  if (!sourceKey.startsWith('upload:') || !file) return null;
  return uploadFileLocation(file, publicDir, storageDriver);
}
