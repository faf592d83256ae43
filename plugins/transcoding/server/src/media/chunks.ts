/**
 * A split encode: a long source cut into chunks that different workers encode, and stitched into the same HLS ladder
 * the one-pass run writes (transcode.ts), with no visible or audible seam, growing as the chunks come in.
 *
 * - Chunks are cut on the video's own frame grid, each starting on a keyframe of the 2 s grid, and each holds exactly
 *   the frames the one-pass run would have written there. The first chunks are short (4 s, then doubling up to the
 *   chunk length), so the first seconds play almost at once.
 * - A chunk is video only: every rendition in one run (decode once, scale in a cascade), plus the storyboard
 *   thumbnails that fall in it, in MPEG-TS stamped with the chunk's place on the video's timeline.
 * - The stitch is one ffmpeg run for the whole video: each rendition's chunks, as they come, are written one after
 *   another into a pipe (MPEG-TS concatenates byte for byte, and the stamps continue), copied as they are; the sound
 *   is encoded there, from the source, in one pass (stitched chunks of AAC would leave an encoder delay and a partial
 *   frame at every seam, which the ear hears). Its HLS muxer is the one-pass run's (hls-encode.ts): the segments, the
 *   growing playlists and the finished output are what a one-pass run writes.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { mediaLadder } from '@framecast/contracts';
import { FfmpegError, feedInput, runFfmpeg, type FfmpegRun } from './ffmpeg';
import { hlsMuxerOptions, scaleCascade, sourceInput, thumbnailsOutput, videoEncoderOptions } from './hls-encode';
import { isPortrait, type LadderSource, type PlannedRendition, type StoryboardLayout } from './ladder';
import { thumbnailFiles } from './thumbnails';
import { TranscodeError } from './transcode-error';

export interface ChunkPlan {
  index: number;
  /** The chunk's first frame (a frame of the output's constant-rate grid). */
  startFrame: number;
  /** Where that frame is on the video's timeline. */
  startS: number;
  /** Frames in the chunk; null for the last chunk (the rest of the source). */
  frames: number | null;
  /** The chunk's end on the timeline (the next chunk's start, or the source's duration). */
  endS: number;
}

/** Where the chunks' stamps start on the timeline: high enough that no B-frame's decoding stamp is below zero. */
export const CHUNK_TIMESTAMP_BASE_S = 10;

/**
 * Chunks over a source of `durationS` at `fps`: the first of two keyframe intervals (4 s), each next one twice as long
 * up to `chunkS` (a multiple of the keyframe interval), each starting at the first frame at or after its boundary (the
 * frame the one-pass run forces a keyframe on). A last piece shorter than half its chunk joins the one before it.
 */
export function planChunks(durationS: number, chunkS: number, fps: number): ChunkPlan[] {
  const interval = mediaLadder.keyframeIntervalS;
  if (!Number.isFinite(durationS) || durationS <= 0) throw new RangeError('planChunks: durationS must be > 0');
  if (!Number.isFinite(fps) || fps <= 0) throw new RangeError('planChunks: fps must be > 0');
  if (!Number.isInteger(chunkS / interval) || chunkS <= 0)
    throw new RangeError(`planChunks: chunkS must be a multiple of ${interval} s`);
  const starts: number[] = [0];
  let length = Math.min(chunkS, 2 * interval);
  for (let at = length; durationS - at >= length / 2; at += length) {
    starts.push(Math.ceil(at * fps - 1e-6));
    length = Math.min(chunkS, length * 2);
  }
  return starts.map((startFrame, index) => {
    const next = starts[index + 1];
    return {
      index,
      startFrame,
      startS: startFrame / fps,
      frames: next === undefined ? null : next - startFrame,
      endS: next === undefined ? durationS : next / fps,
    };
  });
}

/** The thumbnails (global numbers, `k * intervalS`) whose time falls in a chunk: [first, first + count). */
export function chunkThumbnails(chunk: ChunkPlan, intervalS: number): { first: number; count: number } {
  const first = Math.ceil(chunk.startS / intervalS - 1e-9);
  const end = chunk.frames === null ? Number.POSITIVE_INFINITY : Math.ceil(chunk.endS / intervalS - 1e-9);
  return { first, count: Math.max(0, end - first) };
}

/** A chunk's video file for one rendition, in the chunk's folder. */
export const chunkVideoFile = (label: string) => `${label}.ts`;
/** The folder of a chunk's thumbnails (its own numbering from 0), in the chunk's folder. */
export const CHUNK_THUMBNAILS_DIR = 'thumbnails';
export interface ChunkRunSpec {
  sourcePath: string;
  probe: LadderSource;
  renditions: PlannedRendition[];
  /** The output's constant frame rate (outputFrameRate), decided once for the whole video. */
  frameRate: number;
  chunk: ChunkPlan;
  storyboard: StoryboardLayout;
  preset: string;
  threads?: number;
  /** The chunk's folder: `<label>.ts` per rendition and `thumbnails/`. */
  dir: string;
  /** Default: the ladder's budget for the chunk's length (5 min + 10 x its duration). */
  timeoutMs?: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * One chunk, video only: an exact seek to its first frame, its frames at the output rate (exactly `frames` of them),
 * every rendition scaled in a cascade and encoded as the one-pass run encodes them, keyframes on the video's 2 s grid.
 */
export function buildChunkRun(spec: ChunkRunSpec): FfmpegRun {
  const { renditions, probe, chunk, frameRate: fps, storyboard } = spec;
  const portrait = isPortrait(probe);
  const trim = chunk.frames === null ? '' : `,trim=end_frame=${chunk.frames}`;
  const graph = [`[0:v:0]fps=${fps}${trim},split=2[vsrc][vsb]`];
  graph.push(...scaleCascade(renditions, portrait));
  // the thumbnails at k * interval on the video's timeline: the first one in this chunk is `offset` into it
  const { first } = chunkThumbnails(chunk, storyboard.intervalS);
  const offset = Math.max(0, first * storyboard.intervalS - chunk.startS);
  graph.push(
    `[vsb]trim=start=${offset.toFixed(6)},setpts=PTS-STARTPTS,fps=1/${storyboard.intervalS},scale=${storyboard.tileWidth}:-2[sb]`,
  );

  const outputs: FfmpegRun['outputs'] = renditions.map((rendition, i) => ({
    path: path.join(spec.dir, chunkVideoFile(rendition.label)),
    options: [
      '-map',
      `[v${i}]`,
      '-an',
      '-c:v',
      'libx264',
      '-preset',
      spec.preset,
      ...videoEncoderOptions(fps, chunk.startS),
      '-b:v',
      `${rendition.videoBitrateKbps}k`,
      '-maxrate:v',
      `${rendition.maxrateKbps}k`,
      '-bufsize:v',
      `${rendition.bufsizeKbps}k`,
      '-profile:v',
      rendition.profile,
      '-level:v',
      rendition.level,
      // stamped with the chunk's place on the video's timeline: the chunks concatenate into one stream
      '-output_ts_offset',
      (CHUNK_TIMESTAMP_BASE_S + chunk.startS).toFixed(6),
      '-f',
      'mpegts',
    ],
  }));
  outputs.push(thumbnailsOutput(path.join(spec.dir, CHUNK_THUMBNAILS_DIR), fps));
  // the seek is exact (ffmpeg decodes from the keyframe before it and drops what comes first); a second past the end
  // is read, and `trim` keeps the chunk's frames
  const readS = chunk.frames === null ? null : chunk.frames / fps + 1;
  const durationS = Math.max(1, chunk.frames === null ? probe.durationS - chunk.startS : chunk.frames / fps);
  return {
    inputs: [
      sourceInput(spec.sourcePath, probe.demuxer, [
        '-ss',
        chunk.startS.toFixed(6),
        ...(readS === null ? [] : ['-t', readS.toFixed(6)]),
      ]),
    ],
    filterComplex: graph.join(';'),
    outputs,
    threads: spec.threads,
    // the ladder's budget (transcode.ts), for this chunk's length
    timeoutMs: spec.timeoutMs ?? Math.round(5 * 60_000 + durationS * 10_000),
    durationS,
    onProgress: spec.onProgress,
    signal: spec.signal,
  };
}

export interface StitchSpec {
  /** The source: the sound is encoded from it. */
  sourcePath: string;
  probe: LadderSource;
  renditions: PlannedRendition[];
  /** Where the HLS output goes (the ladder's work folder). */
  workDir: string;
  timeoutMs?: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * The stitch: rendition i's chunks from `feedInput(i)` (written by the caller, FfmpegRun.feeds), copied; the sound
 * from the source, encoded once per rendition as the one-pass run encodes it; one HLS output.
 */
export function buildStitchRun(spec: StitchSpec, feeds: NonNullable<FfmpegRun['feeds']>): FfmpegRun {
  const { renditions, probe } = spec;
  const inputs: FfmpegRun['inputs'] = renditions.map((_, i) => ({
    path: feedInput(i),
    // our own chunks: MPEG-TS, named; read as they come (the first chunk is enough to know the stream)
    options: [
      ...['-protocol_whitelist', 'pipe', '-format_whitelist', 'mpegts', '-f', 'mpegts'],
      ...['-thread_queue_size', '1024', '-probesize', '1000000', '-analyzeduration', '1000000'],
    ],
  }));
  const audioInput = renditions.length;
  if (probe.hasAudio) inputs.push(sourceInput(spec.sourcePath, probe.demuxer, ['-vn', '-thread_queue_size', '1024']));
  const { sampleRate, channels } = mediaLadder.audio;
  const filterComplex = probe.hasAudio
    ? `[${audioInput}:a:0]aresample=${sampleRate},aformat=channel_layouts=stereo,asplit=${renditions.length}${renditions.map((_, i) => `[a${i}]`).join('')}`
    : undefined;
  const maps = renditions.flatMap((_, i) =>
    probe.hasAudio ? ['-map', `${i}:v:0`, '-map', `[a${i}]`] : ['-map', `${i}:v:0`],
  );
  const streamMap = renditions
    .map((r, i) => (probe.hasAudio ? `v:${i},a:${i},name:${r.label}` : `v:${i},name:${r.label}`))
    .join(' ');
  return {
    inputs,
    filterComplex,
    outputs: [
      {
        path: path.join(spec.workDir, '%v', 'index.m3u8'),
        options: [
          ...maps,
          '-c:v',
          'copy',
          ...(probe.hasAudio
            ? [
                ...['-c:a', 'aac', '-ar', String(sampleRate), '-ac', String(channels)],
                ...renditions.flatMap((r, i) => [`-b:a:${i}`, `${r.audioBitrateKbps}k`]),
              ]
            : []),
          ...hlsMuxerOptions(spec.workDir, streamMap),
        ],
      },
    ],
    feeds,
    timeoutMs: spec.timeoutMs,
    durationS: probe.durationS,
    onProgress: spec.onProgress,
    signal: spec.signal,
  };
}

/** What an encoded chunk holds, checked: every rendition's file, and its thumbnails (numbered from 0). */
export async function checkChunkOutput(dir: string, renditions: readonly PlannedRendition[]): Promise<string[]> {
  const files = await readdir(dir);
  for (const rendition of renditions) {
    if (!files.includes(chunkVideoFile(rendition.label)))
      throw new TranscodeError('output_incomplete', `chunk: ffmpeg wrote no ${chunkVideoFile(rendition.label)}`);
  }
  return thumbnailFiles(await readdir(path.join(dir, CHUNK_THUMBNAILS_DIR)).catch(() => []));
}

/** Encodes one chunk into `spec.dir`; answers its thumbnails. Failures are TranscodeErrors, as transcodeLadder's. */
export async function encodeChunk(spec: ChunkRunSpec): Promise<string[]> {
  await mkdir(path.join(spec.dir, CHUNK_THUMBNAILS_DIR), { recursive: true });
  try {
    await runFfmpeg(buildChunkRun(spec));
  } catch (error) {
    if (error instanceof FfmpegError) {
      throw new TranscodeError(
        error.failure === 'timeout' ? 'timeout' : 'ffmpeg_failed',
        `chunk ${spec.chunk.index}: ffmpeg could not encode ${spec.chunk.startS.toFixed(3)}-${spec.chunk.endS.toFixed(3)} s: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  return checkChunkOutput(spec.dir, spec.renditions);
}
