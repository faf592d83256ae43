/**
 * transcodeLadder: the poster frame (a seek, not a decode of the whole source) beside one ffmpeg run that decodes the
 * source once and, through a `split` filter, encodes every HLS rendition and writes the storyboard thumbnails; the
 * sprite sheets tiled from the thumbnails follow. Everything is written to a sibling temporary directory and renamed
 * into place only when complete. While the ladder runs, `onSegments` hears of every segment all renditions have
 * finished (segment-record.ts), so a caller can publish a growing playlist that plays from the first seconds.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mediaLadder } from '@framecast/contracts';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  buildStitchRun,
  CHUNK_THUMBNAILS_DIR,
  chunkThumbnails,
  chunkVideoFile,
  type ChunkPlan,
  type StitchSpec,
} from './chunks';
import { FfmpegError, runFfmpeg } from './ffmpeg';
import { buildLadderRun, finalizeMaster, MASTER, PLAYLIST } from './hls-encode';
import {
  outputFrameRate,
  planLadder,
  spriteGrid,
  storyboardLayout,
  type LadderSource,
  type PlannedRendition,
  type PosterImage,
  type TranscodeLadderResult,
} from './ladder';
import { mediaPlaylist, SegmentRecord, type SegmentEntry } from './segment-record';
import { buildPosterRun, buildSpriteRun, SPRITE_PREFIX, storyboardVtt, thumbnailFiles } from './thumbnails';
import { TranscodeError } from './transcode-error';

export { TranscodeError, type TranscodeFailure } from './transcode-error';

const VTT = 'storyboard.vtt';
/** Inside the work directory; removed once the sprites are tiled. */
const THUMBNAILS_DIR = '.thumbnails';

export interface TranscodeLadderOptions {
  sourcePath: string;
  /** Final location; it appears only once everything in it is complete. An existing one is replaced. */
  outputDir: string;
  probe: LadderSource;
  /** libx264 preset; default from the config ladder (veryfast). */
  preset?: string;
  /** Thread cap for the decoder, the filters and each encoder; default: the machine's parallelism. */
  threads?: number;
  /** Budget for the whole job; default 5 min + 10 x the source duration. */
  timeoutMs?: number;
  /** 0..100, never decreasing; 100 is reported once the output is in place. */
  onProgress?: (percent: number) => void;
  /**
   * Called (one call at a time, never with fewer segments than before) whenever every rendition has finished more
   * segments. The ladder waits for it; what it throws is handed to `onSegmentsError` and the encode goes on.
   */
  onSegments?: (update: SegmentUpdate) => Promise<void>;
  onSegmentsError?: (error: unknown) => void;
  /**
   * A split encode (chunks.ts): the renditions come from these chunks, joined by stream copy with the sound encoded
   * once, rather than from one encode of the source. The poster, the growing output and the finished one are made as
   * for a one-pass run.
   */
  stitch?: StitchInput;
}

export interface StitchInput {
  /** The chunks, in order (planChunks). */
  chunks: ChunkPlan[];
  /**
   * Resolves once chunk `index` is encoded and whole in a local folder (buildChunkRun's), with its thumbnails; rejects
   * when it cannot be had (the stitch then fails with that error). Asked in order, each once.
   */
  ready: (index: number) => Promise<{ dir: string; thumbnails: string[] }>;
}

/** What is finished so far, in the work directory: posters, and the first `count` segments of every rendition. */
export interface SegmentUpdate {
  /** Where the files are now (the work directory: the output directory does not exist until the end). */
  dir: string;
  count: number;
  renditions: PlannedRendition[];
  /** Each rendition's first `count` segments. */
  segments: Record<string, SegmentEntry[]>;
  posters: PosterImage[];
  /** The storyboard's thumbnails written so far, each whole (`thumb-00000.jpg`... in `dir`/`folder`), in order. */
  thumbnails: { folder: string; files: string[]; intervalS: number };
  frameRate: number;
  hasAudio: boolean;
}

/** How often the work directory is looked at while ffmpeg runs. */
const SEGMENT_SCAN_MS = 250;

/**
 * Follows the ladder run: scans the playlists every SEGMENT_SCAN_MS and calls `notify` when more segments are
 * complete. `stop` ends it once the last call has returned.
 */
function followSegments(record: SegmentRecord, notify: (count: number) => Promise<void>) {
  let notified = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    await record.scan().catch(() => undefined);
    const count = record.completeCount();
    if (count > notified) {
      notified = count;
      await notify(count);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, SEGMENT_SCAN_MS);
  };
  schedule();
  return {
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Moves the finished directory into place, replacing an earlier output (a retried job). */
async function publish(workDir: string, outputDir: string): Promise<void> {
  try {
    await rename(workDir, outputDir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
  const replaced = path.join(path.dirname(outputDir), `.${path.basename(outputDir)}.replaced-${randomUUID()}`);
  await rename(outputDir, replaced);
  try {
    await rename(workDir, outputDir);
  } catch (error) {
    await rename(replaced, outputDir);
    throw error;
  }
  await rm(replaced, { recursive: true, force: true });
}

function validate(options: TranscodeLadderOptions): void {
  const { probe } = options;
  const problems: string[] = [];
  if (typeof options.sourcePath !== 'string' || options.sourcePath === '') problems.push('sourcePath is required');
  if (typeof options.outputDir !== 'string' || options.outputDir === '') problems.push('outputDir is required');
  // ffmpeg reads % in output paths as a sequence pattern (segments, thumbnails)
  else if (options.outputDir.includes('%')) problems.push('outputDir must not contain %');
  if (!probe || typeof probe !== 'object') problems.push('probe is required');
  else {
    for (const key of ['width', 'height'] as const) {
      if (!Number.isInteger(probe[key]) || probe[key] < 2) problems.push(`probe.${key} must be an integer >= 2`);
    }
    if (!Number.isFinite(probe.durationS) || probe.durationS <= 0) problems.push('probe.durationS must be > 0');
    if (!Number.isFinite(probe.frameRate) || probe.frameRate <= 0) problems.push('probe.frameRate must be > 0');
    if (typeof probe.hasAudio !== 'boolean') problems.push('probe.hasAudio must be a boolean');
  }
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1))
    problems.push('threads must be an integer >= 1');
  if (options.timeoutMs !== undefined && (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0))
    problems.push('timeoutMs must be > 0');
  if (options.preset !== undefined && !/^[a-z]+$/.test(options.preset))
    problems.push('preset must be a libx264 preset name');
  if (problems.length > 0) throw new TranscodeError('invalid_input', `transcodeLadder: ${problems.join('; ')}`);
}

/**
 * The stitch as the ladder's segment run: each rendition's chunks written into its pipe as they become ready, and each
 * chunk's storyboard thumbnails put in place (numbered on the whole video) as it comes, so the output grows with them.
 */
function stitchRun(
  stitch: StitchInput,
  spec: Omit<StitchSpec, 'renditions'> & { renditions: PlannedRendition[] },
  thumbnailsDir: string,
  intervalS: number,
): Promise<void> {
  // one wait per chunk, shared by every rendition's feed
  const ready = new Map<number, ReturnType<StitchInput['ready']>>();
  const chunkReady = (index: number) => {
    let waiting = ready.get(index);
    if (!waiting) {
      waiting = stitch.ready(index).then(async (chunk) => {
        const { first, count } = chunkThumbnails(stitch.chunks[index], intervalS);
        const files = index === stitch.chunks.length - 1 ? chunk.thumbnails : chunk.thumbnails.slice(0, count);
        for (const [k, file] of files.entries()) {
          const target = path.join(thumbnailsDir, `thumb-${String(first + k).padStart(5, '0')}.jpg`);
          const from = path.join(chunk.dir, CHUNK_THUMBNAILS_DIR, file);
          await link(from, target).catch(() => copyFile(from, target));
        }
        return chunk;
      });
      ready.set(index, waiting);
    }
    return waiting;
  };
  const feeds = spec.renditions.map((rendition) => async (input: Writable) => {
    for (const chunk of stitch.chunks) {
      const { dir } = await chunkReady(chunk.index);
      await pipeline(createReadStream(path.join(dir, chunkVideoFile(rendition.label))), input, { end: false });
    }
    input.end();
  });
  return runFfmpeg(buildStitchRun(spec, feeds));
}

/** Weights of the steps in the overall percentage. */
const POSTER_SHARE = 2;
const LADDER_SHARE = 95;
const SPRITE_SHARE = 2;

export async function transcodeLadder(options: TranscodeLadderOptions): Promise<TranscodeLadderResult> {
  validate(options);
  const { probe } = options;
  const sourcePath = path.resolve(options.sourcePath);
  const outputDir = path.resolve(options.outputDir);
  const preset = options.preset ?? mediaLadder.video.defaultPreset;
  const threads = options.threads ?? os.availableParallelism();
  const budgetMs = options.timeoutMs ?? Math.round(5 * 60_000 + probe.durationS * 10_000);
  const deadline = Date.now() + budgetMs;
  const remaining = () => {
    const left = deadline - Date.now();
    if (left <= 0) throw new TranscodeError('timeout', `transcodeLadder: timed out after ${budgetMs} ms`);
    return left;
  };

  let reported = -1;
  const progress = (percent: number) => {
    const rounded = Math.min(100, Math.round(percent * 10) / 10);
    if (!options.onProgress || rounded <= reported) return;
    reported = rounded;
    options.onProgress(rounded);
  };

  try {
    if (!(await stat(sourcePath)).isFile()) throw new Error('not a file');
  } catch {
    throw new TranscodeError('source_unreadable', `transcodeLadder: source ${sourcePath} is not a readable file`);
  }

  // decided once: the encode, its keyframe interval and the master playlist's FRAME-RATE all follow this one value
  const frameRate = outputFrameRate(probe);
  const renditions = planLadder(probe, frameRate);
  const layout = storyboardLayout(probe);
  await mkdir(path.dirname(outputDir), { recursive: true });
  const workDir = path.join(path.dirname(outputDir), `.${path.basename(outputDir)}.partial-${randomUUID()}`);
  const thumbnailsDir = path.join(workDir, THUMBNAILS_DIR);
  await mkdir(thumbnailsDir, { recursive: true });
  progress(0);

  try {
    // the poster beside the ladder, not before it: both start at once, and the first segments are published
    // only with the poster (a viewer sees it before the first frame plays). A failed poster stops the ladder.
    const atS = Math.min(probe.durationS * mediaLadder.poster.atFraction, Math.max(0, probe.durationS - 0.5));
    const poster = buildPosterRun(sourcePath, workDir, probe, atS, remaining(), threads);
    const stopLadder = new AbortController();
    const posterDone = runFfmpeg(poster.run)
      .then(async () => {
        const posterFiles = await readdir(workDir);
        for (const image of poster.images) {
          for (const file of [image.webp, image.jpeg]) {
            if (!posterFiles.includes(file))
              throw new TranscodeError(
                'output_incomplete',
                `transcodeLadder: ffmpeg wrote no poster ${file} (frame at ${atS.toFixed(2)} s)`,
              );
          }
        }
      })
      .catch((error: unknown) => {
        stopLadder.abort(new Error('the poster could not be made'));
        throw error;
      });
    posterDone.catch(() => undefined); // awaited below; this keeps a failure before then from going unhandled

    const record = new SegmentRecord(
      workDir,
      renditions.map((rendition) => rendition.label),
    );
    const segmentsOf = (count: number) =>
      Object.fromEntries(renditions.map(({ label }) => [label, record.entries(label, count)]));
    const { onSegments } = options;
    const follower = followSegments(record, async (count) => {
      if (!onSegments) return;
      try {
        await posterDone;
      } catch {
        return; // the run fails with the poster's error
      }
      try {
        const thumbnails = thumbnailFiles(await readdir(thumbnailsDir).catch(() => []));
        await onSegments({
          dir: workDir,
          count,
          renditions,
          segments: segmentsOf(count),
          posters: poster.images,
          thumbnails: { folder: THUMBNAILS_DIR, files: thumbnails, intervalS: layout.intervalS },
          frameRate,
          hasAudio: probe.hasAudio,
        });
      } catch (error) {
        options.onSegmentsError?.(error);
      }
    });
    try {
      const onProgress = (fraction: number) => progress(POSTER_SHARE + fraction * LADDER_SHARE);
      const ladderDone = options.stitch
        ? stitchRun(
            options.stitch,
            { sourcePath, probe, renditions, workDir, timeoutMs: remaining(), signal: stopLadder.signal, onProgress },
            thumbnailsDir,
            layout.intervalS,
          )
        : runFfmpeg(
            buildLadderRun({
              sourcePath,
              workDir,
              probe,
              renditions,
              frameRate,
              preset,
              threads,
              storyboard: { ...layout, thumbnailsDir },
              timeoutMs: remaining(),
              signal: stopLadder.signal,
              onProgress,
            }),
          );
      void posterDone.then(() => progress(POSTER_SHARE)).catch(() => undefined);
      // both settled before anything is thrown (a stopped ladder writes nothing more into the work folder), and the
      // poster's failure first: it is the cause when it stopped the ladder
      const [posterRun, ladderRun] = await Promise.allSettled([posterDone, ladderDone]);
      if (posterRun.status === 'rejected') throw posterRun.reason;
      if (ladderRun.status === 'rejected') throw ladderRun.reason;
    } finally {
      await follower.stop();
    }
    // ffmpeg's playlists hold its last few segments: the finished ones list every segment, closed
    try {
      await record.complete();
    } catch (error) {
      throw new TranscodeError('output_incomplete', `transcodeLadder: ${(error as Error).message}`, { cause: error });
    }
    for (const { label } of renditions)
      await writeFile(path.join(workDir, label, PLAYLIST), mediaPlaylist(record.entries(label), true));

    const thumbnails = thumbnailFiles(await readdir(thumbnailsDir));
    if (thumbnails.length === 0)
      throw new TranscodeError('output_incomplete', 'transcodeLadder: ffmpeg wrote no storyboard thumbnails');
    const grid = spriteGrid(thumbnails.length);
    await runFfmpeg(buildSpriteRun(thumbnailsDir, workDir, grid, remaining()));
    await rm(thumbnailsDir, { recursive: true, force: true });
    const sprites = (await readdir(workDir))
      .filter((name) => name.startsWith(SPRITE_PREFIX) && name.endsWith('.jpg'))
      .sort();
    const storyboard = { ...layout, ...grid, count: thumbnails.length };
    if (sprites.length !== Math.ceil(storyboard.count / (grid.columns * grid.rows))) {
      throw new TranscodeError(
        'output_incomplete',
        `transcodeLadder: ${sprites.length} storyboard sheets for ${storyboard.count} thumbnails`,
      );
    }
    await writeFile(
      path.join(workDir, VTT),
      storyboardVtt(storyboard, probe.durationS, (sheet) => sprites[sheet]),
    );
    progress(POSTER_SHARE + LADDER_SHARE + SPRITE_SHARE);

    const result = await finalizeMaster(workDir, renditions, probe.hasAudio, frameRate);
    remaining();
    await publish(workDir, outputDir);
    progress(100);
    return {
      renditions: result,
      master: MASTER,
      poster: { atS, images: poster.images },
      storyboard: { vtt: VTT, sprites, ...storyboard },
    };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    if (error instanceof TranscodeError) throw error;
    if (error instanceof FfmpegError) {
      const failure = error.failure === 'timeout' ? 'timeout' : 'ffmpeg_failed';
      throw new TranscodeError(failure, `transcodeLadder: ffmpeg could not transcode ${sourcePath}: ${error.message}`, {
        cause: error,
      });
    }
    throw new TranscodeError('output_incomplete', `transcodeLadder: ${(error as Error).message}`, { cause: error });
  }
}
