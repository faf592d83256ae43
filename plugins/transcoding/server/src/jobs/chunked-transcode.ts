/**
 * Split encodes: a long source cut into chunks (media/chunks.ts) that several workers encode side by side, then
 * stitched into the same output a one-pass run writes. Used where BullMQ carries the jobs (`context.chunks`) and the
 * source is at least TRANSCODE_CHUNK_MIN_S long; the in-process runner keeps one pass.
 *
 * The transcode job (the parent) queues every chunk as a job of its own, encodes the sound once, and then works
 * through the chunks in order: a chunk no worker has started is taken back from the queue and encoded here, one
 * another worker runs is waited for, one that failed for good fails the video. The parent never waits on a queue it
 * alone could serve, so one worker is enough, and every added worker takes chunks. Chunks travel through the media
 * storage (`transcode-work/<parent>/chunk-<n>/`), so workers may run on other hosts; the folder goes when the job
 * ends. A worker killed mid-chunk loses its chunk to BullMQ's stalled-job check (another takes it, or the parent
 * does); a parent killed mid-way is run again, and finds the chunks already done.
 */
import { hostname } from 'node:os';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { encodeChunk, planChunks, type ChunkPlan } from '../media/chunks';
import { outputFrameRate, planLadder, storyboardLayout, type LadderSource } from '../media/ladder';
import { transcodeLadder, type TranscodeLadderOptions } from '../media/transcode';
import { forEachLimited, listLocalFiles, StoredObjectMissingError } from '../storage/shared';
import type { TranscodingConfig } from '../config';
import { fetchSource, sourcePathIn } from './fetch-source';
import { workFolderFor } from './work-folders';
import { processName, type ChunkJobData, type ChunkResult, type JobContext, type TranscodeJobData } from './types';

/** Where a parent job's chunks are kept in the media storage while it runs. */
export const WORK_PREFIX = 'transcode-work';
/** How often the parent looks at the chunks other workers run. */
const POLL_MS = 250;
/** Files moved at once between the storage and a work folder. */
const CONCURRENCY = 8;
/** The chunks' share of the encode's progress; the stitch (which follows them) has the rest. */
const CHUNKS_SHARE = 90;

/** The chunks of this source when it is to be split here, else null (one pass). */
export function splitPlanFor(config: TranscodingConfig, context: JobContext, probe: LadderSource): ChunkPlan[] | null {
  const { chunkS, minDurationS } = config.chunking;
  if (!context.chunks || chunkS === 0 || probe.durationS < minDurationS) return null;
  const chunks = planChunks(probe.durationS, chunkS, outputFrameRate(probe));
  return chunks.length >= 2 ? chunks : null;
}

export const chunkPrefix = (parentJobId: string, index: number) =>
  `${WORK_PREFIX}/${parentJobId}/chunk-${String(index).padStart(4, '0')}`;

/** A chunk job, on whichever worker takes it: fetch the source, encode the chunk, store its files. */
export async function processChunkJob(data: ChunkJobData, context: JobContext): Promise<ChunkResult | null> {
  const { config, storage } = context;
  const workDir = workFolderFor(config.workDir, context.jobId);
  await mkdir(workDir, { recursive: true });
  try {
    const sourcePath = sourcePathIn(workDir, data.sourceName);
    const fetch = (file: string) => fetchSource(data.source, storage, file);
    if (context.sourceCache)
      await context.sourceCache.provide(`${data.videoDocumentId}/${data.checksum}`, sourcePath, fetch);
    else await fetch(sourcePath);
    const dir = path.join(workDir, 'chunk');
    const thumbnails = await encodeChunk({
      sourcePath,
      probe: data.probe,
      renditions: data.renditions,
      frameRate: data.frameRate,
      chunk: data.chunk,
      storyboard: data.storyboard,
      preset: config.preset,
      threads: config.threads,
      dir,
      onProgress: (fraction) => context.onProgress?.(fraction * 100),
    });
    // a parent that failed meanwhile has cleared its folder: nothing is stored for nobody
    if (context.parentWaiting && !(await context.parentWaiting())) return null;
    const files = await listLocalFiles(dir);
    await forEachLimited(files, CONCURRENCY, (file) =>
      storage.putFile(`${data.prefix}/${file.relativeKey}`, file.absolutePath),
    );
    // and after: a parent that ended while they went up cleared its folder before they landed, so they go too
    if (context.parentWaiting && !(await context.parentWaiting())) {
      await storage.deletePrefix(data.prefix);
      return null;
    }
    return {
      prefix: data.prefix,
      files: files.map((file) => file.relativeKey),
      thumbnails,
      encodedBy: processName(hostname(), process.pid),
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

export interface SplitEncode {
  data: TranscodeJobData;
  context: JobContext;
  chunks: ChunkPlan[];
  /** The job's work folder. */
  workDir: string;
  /** What the one-pass run would have been given: the stitch keeps its output, progress and growing output. */
  ladder: TranscodeLadderOptions;
}

/** A promise with its settle functions at hand (Promise.withResolvers, typed for the compile target). */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // awaited by the stitch; a chunk it never reached must not go unhandled
  return { promise, resolve, reject };
}

/**
 * The parent's side: queue the chunks, then, side by side, the stitch (which grows the output from the first chunk on)
 * and the chunks: the first encoded here, then in order, each taken back from the queue if no worker has started it,
 * else waited for.
 */
export async function splitEncode({ data, context, chunks, workDir, ladder }: SplitEncode) {
  const { config, storage } = context;
  const dispatcher = context.chunks!;
  const { probe } = ladder;
  const frameRate = outputFrameRate(probe);
  const renditions = planLadder(probe, frameRate);
  const storyboard = storyboardLayout(probe);
  const jobData = (chunk: ChunkPlan): ChunkJobData => ({
    parentJobId: context.jobId,
    videoDocumentId: data.videoDocumentId,
    checksum: data.checksum,
    ...(data.requestId ? { requestId: data.requestId } : {}),
    source: data.source,
    sourceName: data.sourceName,
    probe,
    frameRate,
    renditions,
    storyboard,
    chunk,
    prefix: chunkPrefix(context.jobId, chunk.index),
  });
  const chunkDirs = chunks.map((chunk) => path.join(workDir, 'chunks', String(chunk.index)));
  const ready = chunks.map(() => deferred<{ dir: string; thumbnails: string[] }>());
  const encodedBy: string[] = chunks.map(() => '');
  const weight = (chunk: ChunkPlan) => (chunk.endS - chunk.startS) / probe.durationS;
  // the chunks' share of the progress, and the stitch's (which follows the chunks in order)
  let chunkShare = 0;
  let stitchShare = 0;
  const progress = () => ladder.onProgress?.(chunkShare * CHUNKS_SHARE + stitchShare * (100 - CHUNKS_SHARE));
  const stop = new AbortController();

  const local = async (chunk: ChunkPlan) => {
    const thumbnails = await encodeChunk({
      sourcePath: ladder.sourcePath,
      probe,
      renditions,
      frameRate,
      chunk,
      storyboard,
      preset: ladder.preset ?? config.preset,
      threads: ladder.threads,
      dir: chunkDirs[chunk.index],
      signal: stop.signal,
    });
    encodedBy[chunk.index] = processName(hostname(), process.pid);
    context.onInfo?.('chunk encoded', { chunk: chunk.index, by: encodedBy[chunk.index] });
    return thumbnails;
  };
  /** A chunk another worker stored, fetched here; null when its files are gone (a storage tidied meanwhile). */
  const fetched = async (chunk: ChunkPlan, result: ChunkResult): Promise<string[] | null> => {
    try {
      await forEachLimited(result.files, CONCURRENCY, async (file) => {
        const target = path.join(chunkDirs[chunk.index], file);
        await mkdir(path.dirname(target), { recursive: true });
        await storage.downloadToFile(`${result.prefix}/${file}`, target);
      });
    } catch (error) {
      if (error instanceof StoredObjectMissingError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
        await rm(chunkDirs[chunk.index], { recursive: true, force: true });
        return null;
      }
      throw error;
    }
    encodedBy[chunk.index] = result.encodedBy;
    return result.thumbnails;
  };
  const done = (chunk: ChunkPlan, thumbnails: string[]) => {
    ready[chunk.index].resolve({ dir: chunkDirs[chunk.index], thumbnails });
    chunkShare += weight(chunk);
    progress();
  };

  /** Every chunk made ready, the earliest first; throws when one cannot be had. */
  const work = async () => {
    await dispatcher.queue(chunks.slice(1).map(jobData));
    done(chunks[0], await local(chunks[0]));
    const pending = new Set(chunks.slice(1).map((chunk) => chunk.index));
    while (pending.size > 0) {
      if (stop.signal.aborted) throw stop.signal.reason;
      let moved = false;
      for (const index of [...pending]) {
        const chunk = chunks[index];
        const state = await dispatcher.state(index);
        let thumbnails: string[];
        if (state.state === 'failed') {
          throw new Error(
            `chunk ${index} (${chunk.startS.toFixed(1)}-${chunk.endS.toFixed(1)} s) failed: ${state.reason}`,
          );
        } else if (state.state === 'missing') {
          await dispatcher.queue([jobData(chunk)]);
          moved = true;
          continue;
        } else if (state.state === 'done') {
          thumbnails = (await fetched(chunk, state.result)) ?? (await local(chunk));
        } else if (state.state === 'waiting') {
          if (!(await dispatcher.claim(index))) continue; // a worker took it this very moment
          thumbnails = await local(chunk);
        } else continue; // running on another worker
        pending.delete(index);
        done(chunk, thumbnails);
        moved = true;
        // back to the first chunk still pending: the earliest first, as the stitch needs them
        break;
      }
      if (!moved && pending.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    context.onInfo?.('chunks encoded', { chunks: chunks.length, encodedBy });
  };

  try {
    // whichever fails first is the cause: a chunk that cannot be had fails the stitch, a failed stitch stops the chunks
    let cause: { reason: unknown } | null = null;
    const chunking = work().catch((error: unknown) => {
      cause ??= { reason: error };
      for (const waiting of ready) waiting.reject(error);
    });
    const stitched = transcodeLadder({
      ...ladder,
      onProgress: (percent) => {
        stitchShare = percent / 100;
        progress();
      },
      stitch: { chunks, ready: (index) => ready[index].promise },
    }).catch((error: unknown) => {
      cause ??= { reason: error };
      stop.abort(error); // a local chunk under way is stopped, and no other is started
      return null;
    });
    const [, result] = await Promise.all([chunking, stitched]);
    if (cause) throw (cause as { reason: unknown }).reason;
    return result!;
  } finally {
    await dispatcher.clear(chunks.length).catch(() => undefined);
    await storage.deletePrefix(`${WORK_PREFIX}/${context.jobId}`).catch(() => undefined);
    await rm(path.join(workDir, 'chunks'), { recursive: true, force: true });
  }
}
