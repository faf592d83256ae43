/**
 * The transcode bench's sources, made with ffmpeg's generated (lavfi) sources and kept under .cache/bench-media.
 * A file is named after a hash of everything that made it (filter graph and encoder options), so changing any
 * parameter makes a new file; every run checks the cached file with ffprobe against what its spec promises
 * (resolution, rate, length; for the camera-like one High profile, B-frames, ~15 Mbit/s) and makes it again when
 * it is not. Making a source is never part of a measured figure.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface BenchTools {
  runFfmpeg: (run: {
    inputs: Array<{ path: string; options?: string[] }>;
    filterComplex?: string;
    outputs: Array<{ path: string; options: string[] }>;
    durationS?: number;
    onProgress?: (fraction: number) => void;
  }) => Promise<void>;
  runFfprobeJson: (args: string[], options?: { timeoutMs?: number }) => Promise<unknown>;
}

export interface SourceSpec {
  /** `camera` or `pattern`: the prefix of the printed properties and of the file name. */
  name: string;
  /** What it is, in a few words, for the output. */
  description: string;
  width: number;
  height: number;
  fps: number;
  durationS: number;
  /** A filter graph of generated sources only, with a `[v]` and an `[a]` output (unless `loop` says otherwise). */
  graph: string;
  /** Encoder and muxer options for the file (after the maps). */
  encode: string[];
  /** Made from another cached source played `times` times over instead of from `graph` (loopedSource). */
  loop?: { file: string; times: number };
  /** What the file must also be, checked with ffprobe; otherwise only size, rate, length and audio are checked. */
  expect?: { profile: string; bFrames: true; videoKbps: { min: number; max: number } };
}

/** What ffprobe says the file is. */
export interface SourceInfo {
  path: string;
  width: number;
  height: number;
  /** avg_frame_rate */
  frameRate: number;
  /** r_frame_rate */
  nominalFrameRate: number | null;
  durationS: number;
  videoCodec: string;
  profile: string;
  level: string;
  videoKbps: number;
  /** has_b_frames: the decoder's reorder depth; 0 when the stream has no B-frames. */
  reorderDepth: number;
  /** Share of B pictures among the frames of the first few seconds. */
  bFrameShare: number;
  audioCodec: string | null;
  audioKbps: number | null;
}

/** The camera-like source's target video bitrate: what a phone or camera records 1080p30 H.264 at. */
export const CAMERA_VIDEO_KBPS = 15_000;

/**
 * A camera-like 1080p30 source: a zoom into the Mandelbrot set (detail everywhere and motion that is no plain
 * translation, like a camera moving), testsrc2's moving objects blended over it at a quarter, and temporal film-grain
 * noise; encoded as phones record, High profile H.264 with B-frames (3) at ~15 Mbit/s (1 s GOP), AAC stereo audio
 * (a tone over pink noise). The zoom covers the same range whatever the length.
 */
export function cameraSource(durationS: number): SourceSpec {
  const [width, height, fps] = [1920, 1080, 30];
  const size = `size=${width}x${height}:rate=${fps}`;
  const graph = [
    `mandelbrot=${size}:start_scale=3:end_scale=0.005:end_pts=${durationS * fps}:inner=period,format=yuv420p[scene]`,
    `testsrc2=${size},format=yuv420p[objects]`,
    `[scene][objects]blend=all_mode=normal:all_opacity=0.75,noise=alls=8:allf=t+u,trim=duration=${durationS},` +
      `format=yuv420p[v]`,
    `sine=frequency=440:sample_rate=48000:duration=${durationS}[tone]`,
    `anoisesrc=color=pink:amplitude=0.05:sample_rate=48000:duration=${durationS}[hiss]`,
    `[tone][hiss]amix=inputs=2,aformat=channel_layouts=stereo[a]`,
  ].join(';');
  const kbps = CAMERA_VIDEO_KBPS;
  return {
    name: 'camera',
    description: 'camera-like: Mandelbrot zoom + testsrc2 objects + film grain, High profile, B-frames, ~15 Mbit/s',
    width,
    height,
    fps,
    durationS,
    graph,
    encode: [
      '-c:v',
      'libx264',
      '-preset',
      'faster',
      '-profile:v',
      'high',
      '-level:v',
      '4.2',
      '-bf',
      '3',
      '-g',
      String(fps),
      '-b:v',
      `${kbps}k`,
      // a 1 s buffer keeps the rate near the target from the first seconds on (a short smoke source included)
      '-maxrate',
      `${Math.round(kbps * 1.07)}k`,
      '-bufsize',
      `${Math.round(kbps * 1.07)}k`,
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '192k',
      '-ar',
      '48000',
      '-ac',
      '2',
      '-f',
      'mp4',
    ],
    expect: { profile: 'High', bFrames: true, videoKbps: { min: kbps * 0.8, max: kbps * 1.2 } },
  };
}

/** The bench's earlier source: testsrc2 and a tone, nearly free to decode (large flat areas, no B-frames). */
export function patternSource(durationS: number): SourceSpec {
  const [width, height, fps] = [1920, 1080, 30];
  return {
    name: 'pattern',
    description: 'testsrc2 pattern + tone, x264 ultrafast CRF 18 (cheap to decode)',
    width,
    height,
    fps,
    durationS,
    graph:
      `testsrc2=size=${width}x${height}:rate=${fps}:duration=${durationS}[v];` +
      `sine=frequency=440:sample_rate=48000:duration=${durationS}[a]`,
    encode: [
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-crf',
      '18',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '192k',
      '-f',
      'mp4',
    ],
  };
}

/**
 * A longer source made cheaply from a cached one: its file played `times` times over, stream copied (no encode), so
 * it is what `base` promises (profile, B-frames, rate) for `times` as long. `baseFile` is the base's cached file,
 * whose name carries the hash of everything that made it.
 */
export function loopedSource(base: SourceSpec, baseFile: string, times: number, name = base.name): SourceSpec {
  return {
    ...base,
    name,
    description: `${base.description}; the ${base.durationS} s file ${times} times over (stream copy)`,
    durationS: base.durationS * times,
    graph: '',
    encode: ['-c', 'copy', '-f', 'mp4'],
    loop: { file: baseFile, times },
  };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
};
const rate = (value: unknown): number | null => {
  const match = typeof value === 'string' ? /^(\d+)\/(\d+)$/.exec(value) : null;
  return match && Number(match[2]) > 0 && Number(match[1]) > 0 ? Number(match[1]) / Number(match[2]) : null;
};

/** The frames of this many seconds from the start are read for the share of B pictures. */
const FRAME_SCAN_S = 3;

export async function inspectSource(tools: BenchTools, file: string): Promise<SourceInfo> {
  const input = `file:${path.resolve(file)}`;
  const report = await tools.runFfprobeJson(['-show_format', '-show_streams', input]);
  if (!isObject(report) || !isObject(report.format) || !Array.isArray(report.streams)) {
    throw new Error(`ffprobe gave no streams for ${file}`);
  }
  const streams = report.streams.filter(isObject);
  const video = streams.find((stream) => stream.codec_type === 'video');
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  if (!video) throw new Error(`${file} has no video stream`);
  const frames = await tools.runFfprobeJson([
    '-select_streams',
    'v:0',
    '-read_intervals',
    `%+${FRAME_SCAN_S}`,
    '-show_entries',
    'frame=pict_type',
    input,
  ]);
  const types = (isObject(frames) && Array.isArray(frames.frames) ? frames.frames : [])
    .filter(isObject)
    .map((frame) => String(frame.pict_type ?? '').trim());
  const audioBitRate = audio ? num(audio.bit_rate) : null;
  return {
    path: file,
    width: num(video.width) ?? 0,
    height: num(video.height) ?? 0,
    frameRate: rate(video.avg_frame_rate) ?? rate(video.r_frame_rate) ?? 0,
    nominalFrameRate: rate(video.r_frame_rate),
    durationS: num(video.duration) ?? num(report.format.duration) ?? 0,
    videoCodec: String(video.codec_name ?? '?'),
    profile: String(video.profile ?? '?'),
    level: typeof video.level === 'number' ? (video.level / 10).toFixed(1) : '?',
    videoKbps: (num(video.bit_rate) ?? 0) / 1000,
    reorderDepth: num(video.has_b_frames) ?? 0,
    bFrameShare: types.length > 0 ? types.filter((type) => type === 'B').length / types.length : 0,
    audioCodec: audio ? String(audio.codec_name ?? '?') : null,
    audioKbps: audioBitRate === null ? null : audioBitRate / 1000,
  };
}

/** What is wrong with the file for its spec; empty when it is what the spec asks for. */
export function sourceProblems(spec: SourceSpec, info: SourceInfo): string[] {
  const problems: string[] = [];
  if (info.width !== spec.width || info.height !== spec.height) {
    problems.push(`${info.width}x${info.height}, not ${spec.width}x${spec.height}`);
  }
  if (Math.abs(info.frameRate - spec.fps) > 0.01) problems.push(`${info.frameRate} fps, not ${spec.fps}`);
  if (Math.abs(info.durationS - spec.durationS) > 0.5) problems.push(`${info.durationS} s long, not ${spec.durationS}`);
  if (info.videoCodec !== 'h264') problems.push(`video is ${info.videoCodec}, not h264`);
  if (info.audioCodec !== 'aac') problems.push(`audio is ${info.audioCodec ?? 'missing'}, not aac`);
  const expect = spec.expect;
  if (expect) {
    if (info.profile !== expect.profile) problems.push(`profile ${info.profile}, not ${expect.profile}`);
    if (expect.bFrames && (info.reorderDepth < 1 || info.bFrameShare === 0)) problems.push('no B-frames');
    if (info.videoKbps < expect.videoKbps.min || info.videoKbps > expect.videoKbps.max) {
      problems.push(
        `video at ${Math.round(info.videoKbps)} kbit/s, outside ${expect.videoKbps.min}-${expect.videoKbps.max}`,
      );
    }
  }
  return problems;
}

/** The source's file under `cacheDir`: the cached one when ffprobe finds it as specified, else made (again) now. */
export async function ensureSource(
  tools: BenchTools,
  spec: SourceSpec,
  cacheDir: string,
  log: (message: string) => void,
): Promise<{ info: SourceInfo; generated: boolean }> {
  const parameters = spec.loop
    ? { loopOf: path.basename(spec.loop.file), times: spec.loop.times, encode: spec.encode }
    : { graph: spec.graph, encode: spec.encode };
  const key = createHash('sha256').update(JSON.stringify(parameters)).digest('hex').slice(0, 12);
  const file = path.join(cacheDir, `${spec.name}-${spec.height}p${spec.fps}-${spec.durationS}s-${key}.mp4`);
  if (existsSync(file)) {
    const info = await inspectSource(tools, file);
    const problems = sourceProblems(spec, info);
    if (problems.length === 0) return { info, generated: false };
    log(`cached ${file} is not as specified (${problems.join('; ')}): making it again`);
    await rm(file, { force: true });
  }
  await mkdir(cacheDir, { recursive: true });
  const partial = path.join(cacheDir, `.partial-${process.pid}-${spec.name}.mp4`);
  log(`generating ${file} (once; not timed)`);
  let reported = 0;
  const started = performance.now();
  try {
    const maps = spec.loop ? ['-map', '0:v:0', '-map', '0:a:0'] : ['-map', '[v]', '-map', '[a]'];
    await tools.runFfmpeg({
      inputs: spec.loop ? [{ path: spec.loop.file, options: ['-stream_loop', String(spec.loop.times - 1)] }] : [],
      ...(spec.loop ? {} : { filterComplex: spec.graph }),
      outputs: [{ path: partial, options: [...maps, '-t', String(spec.durationS), ...spec.encode] }],
      durationS: spec.durationS,
      onProgress: (fraction) => {
        if (fraction < 1 && fraction * 10 >= reported + 1) {
          reported = Math.floor(fraction * 10);
          log(`  ${spec.name}: ${reported * 10}%`);
        }
      },
    });
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const info = await inspectSource(tools, partial);
  const problems = sourceProblems(spec, info);
  if (problems.length > 0) {
    await rm(partial, { force: true });
    throw new Error(`generated ${spec.name} source is not as specified: ${problems.join('; ')}`);
  }
  await rename(partial, file);
  await writeFile(`${file}.json`, `${JSON.stringify(parameters, null, 2)}\n`);
  log(`  ${spec.name}: made in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { info: { ...info, path: file }, generated: true };
}

/** The properties a reader needs to know what was measured, as `name=value` pairs. */
export function describeSource(spec: SourceSpec, info: SourceInfo, root: string): Array<[string, string]> {
  const bFrames =
    info.reorderDepth > 0 && info.bFrameShare > 0
      ? `yes (${Math.round(info.bFrameShare * 100)}% of the frames of the first ${FRAME_SCAN_S} s)`
      : 'no';
  return [
    [`${spec.name}_source`, spec.description],
    [`${spec.name}_file`, path.relative(root, info.path)],
    [`${spec.name}_resolution`, `${info.width}x${info.height}`],
    [`${spec.name}_fps`, String(Math.round(info.frameRate * 1000) / 1000)],
    [`${spec.name}_duration_s`, String(Math.round(info.durationS * 100) / 100)],
    [`${spec.name}_video`, `${info.videoCodec} ${info.profile} level ${info.level}`],
    [`${spec.name}_video_mbps`, (info.videoKbps / 1000).toFixed(2)],
    [`${spec.name}_b_frames`, bFrames],
    [
      `${spec.name}_audio`,
      `${info.audioCodec ?? 'none'} ${info.audioKbps === null ? '' : Math.round(info.audioKbps)} kbit/s`,
    ],
  ];
}
