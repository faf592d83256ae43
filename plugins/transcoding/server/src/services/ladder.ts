/**
 * transcodeLadder: one ffmpeg run decodes the source once and, through a `split` filter, encodes every HLS
 * rendition and writes the storyboard thumbnails. Two short runs follow: the poster frame (a seek, not a
 * decode of the whole source) and the sprite sheets tiled from the thumbnails. Everything is written to a
 * sibling temporary directory and renamed into place only when complete.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { mediaLadder, type H264Profile, type LadderRung } from '@framecast/config';
import { FfmpegError, runFfmpeg, type FfmpegRun } from '../media/ffmpeg';
import { measureBitrates, parseMasterPlaylist, parseMediaPlaylist } from '../media/hls-check';
import { ALLOWED_DEMUXERS, type Demuxer } from '../media/probe';

/** What the ladder needs to know about the source (from probe + validation). Display dimensions. */
export interface SourceProbe {
  width: number;
  height: number;
  durationS: number;
  frameRate: number;
  hasAudio: boolean;
  /** The demuxer validation probed the file with; omitted: ffmpeg picks among the allowed ones. */
  demuxer?: Demuxer;
}

/**
 * How the encoder opens a source: as the probe does (media/probe.ts), local files only (no http, tcp, concat,
 * subfile… even from inside a container) and only the allowed demuxers, the probed one named. `file:` + an
 * absolute path: never read as an option or another protocol.
 */
export function sourceInput(sourcePath: string, demuxer?: Demuxer, options: string[] = []): { path: string; options: string[] } {
  return {
    path: `file:${path.resolve(sourcePath)}`,
    options: ['-protocol_whitelist', 'file', '-format_whitelist', ALLOWED_DEMUXERS.join(','), ...(demuxer ? ['-f', demuxer] : []), ...options],
  };
}

export interface TranscodeLadderOptions {
  sourcePath: string;
  /** Final location; it appears only once everything in it is complete. An existing one is replaced. */
  outputDir: string;
  probe: SourceProbe;
  /** libx264 preset; default from the config ladder (veryfast). */
  preset?: string;
  /** Thread cap for the decoder, the filters and each encoder; default: the machine's parallelism. */
  threads?: number;
  /** Budget for the whole job; default 5 min + 10 x the source duration. */
  timeoutMs?: number;
  /** 0..100, never decreasing; 100 is reported once the output is in place. */
  onProgress?: (percent: number) => void;
}

export interface Rendition {
  label: string;
  width: number;
  height: number;
  /** Peak segment bitrate, bit/s, as declared in the master playlist. */
  bandwidth: number;
  /** Mean bitrate, bit/s, as declared in the master playlist. */
  averageBandwidth: number;
  codecs: string;
  /** Media playlist, relative to the output directory. */
  playlist: string;
}

export interface PosterImage {
  width: number;
  height: number;
  webp: string;
  jpeg: string;
}

export interface Poster {
  /** Source time of the poster frame. */
  atS: number;
  /** Largest first. */
  images: PosterImage[];
}

export interface Storyboard {
  /** WebVTT thumbnails track: one cue per thumbnail, `sprite#xywh=x,y,w,h`. */
  vtt: string;
  sprites: string[];
  intervalS: number;
  count: number;
  tileWidth: number;
  tileHeight: number;
  columns: number;
  rows: number;
}

export interface TranscodeLadderResult {
  renditions: Rendition[];
  master: 'master.m3u8';
  poster: Poster;
  storyboard: Storyboard;
}

export type TranscodeFailure = 'invalid_input' | 'source_unreadable' | 'ffmpeg_failed' | 'timeout' | 'output_incomplete';

export class TranscodeError extends Error {
  readonly failure: TranscodeFailure;

  constructor(failure: TranscodeFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TranscodeError';
    this.failure = failure;
  }
}

export interface PlannedRendition {
  label: string;
  width: number;
  height: number;
  videoBitrateKbps: number;
  maxrateKbps: number;
  bufsizeKbps: number;
  audioBitrateKbps: number;
  profile: H264Profile;
  level: string;
}

export interface StoryboardLayout {
  intervalS: number;
  tileWidth: number;
  tileHeight: number;
}

export interface SpriteGrid {
  columns: number;
  rows: number;
}

const MASTER = 'master.m3u8';
const PLAYLIST = 'index.m3u8';
const SPRITE_PREFIX = 'storyboard-';
const VTT = 'storyboard.vtt';
/** Inside the work directory; removed once the sprites are tiled. */
const THUMBNAILS_DIR = '.thumbnails';

/** The other side of a picture scaled so that one side is `side`, rounded to even as ffmpeg's `-2` does. */
function evenScaled(side: number, numerator: number, denominator: number): number {
  return Math.max(2, Math.round((side * numerator) / (denominator * 2)) * 2);
}

function isPortrait(probe: Pick<SourceProbe, 'width' | 'height'>): boolean {
  return probe.height > probe.width;
}

/** Output frame rate: the source's, halved until it is within the ladder's maximum. */
export function outputFrameRate(sourceFps: number): number {
  let fps = sourceFps;
  while (fps > mediaLadder.maxFrameRate + 0.01) fps /= 2;
  return fps;
}

/** The renditions a source gets; see config/src/media-ladder.ts for the rules. */
export function planLadder(probe: Pick<SourceProbe, 'width' | 'height' | 'frameRate'>): PlannedRendition[] {
  const shortSide = Math.min(probe.width, probe.height);
  const highFrameRate = outputFrameRate(probe.frameRate) > 30.5;
  const rungs: readonly LadderRung[] = mediaLadder.rungs;
  const toRendition = (rung: LadderRung, height: number, rateScale: number, label: string): PlannedRendition => {
    const long = evenScaled(height, Math.max(probe.width, probe.height), shortSide);
    return {
      label,
      width: isPortrait(probe) ? height : long,
      height: isPortrait(probe) ? long : height,
      videoBitrateKbps: Math.round(rung.videoBitrateKbps * rateScale),
      maxrateKbps: Math.round(rung.maxrateKbps * rateScale),
      bufsizeKbps: Math.round(rung.bufsizeKbps * rateScale),
      audioBitrateKbps: rung.audioBitrateKbps,
      profile: rung.profile,
      level: highFrameRate ? rung.levelHighFrameRate : rung.level,
    };
  };

  const planned = rungs.filter((rung) => rung.height <= shortSide).map((rung) => toRendition(rung, rung.height, 1, rung.label));
  const above = rungs.find((rung) => rung.height > shortSide);
  const sourceHeight = shortSide - (shortSide % 2);
  const top = planned.at(-1);
  // a rung at the source's own size, unless the source is above the ladder or close to a rung it already has
  if (above && sourceHeight >= 2 && (!top || sourceHeight > top.height * (1 + mediaLadder.sourceRungMinGain))) {
    const pixelRatio = (sourceHeight / above.height) ** 2;
    planned.push(toRendition(above, sourceHeight, pixelRatio, `${sourceHeight}p`));
  }
  return planned;
}

/** Thumbnail interval and size for a source. */
export function storyboardLayout(probe: Pick<SourceProbe, 'width' | 'height' | 'durationS'>): StoryboardLayout {
  const config = mediaLadder.storyboard;
  return {
    intervalS: Math.min(config.maxIntervalS, Math.max(config.minIntervalS, Math.ceil(probe.durationS / config.targetThumbnails))),
    tileWidth: config.tileWidth,
    tileHeight: evenScaled(config.tileWidth, probe.height, probe.width),
  };
}

/** Sheets of up to columns x rows; a storyboard that fits one sheet gets a sheet just big enough. */
export function spriteGrid(count: number): SpriteGrid {
  const config = mediaLadder.storyboard;
  const columns = Math.max(1, Math.min(config.columns, count));
  return { columns, rows: Math.max(1, Math.min(config.rows, Math.ceil(count / columns))) };
}

export interface LadderRunSpec {
  sourcePath: string;
  /** Directory the playlists, segments and sprites are written to. */
  workDir: string;
  probe: SourceProbe;
  renditions: PlannedRendition[];
  preset: string;
  threads?: number;
  /** Also write storyboard thumbnails (`thumb-00000.jpg`...) into this existing directory; omitted = video only. */
  storyboard?: StoryboardLayout & { thumbnailsDir: string };
  timeoutMs?: number;
  onProgress?: (fraction: number) => void;
}

/** The one-pass ffmpeg run: decode once, split, scale and encode every rendition into one HLS output. */
export function buildLadderRun(spec: LadderRunSpec): FfmpegRun {
  const { renditions, probe, storyboard } = spec;
  const count = renditions.length;
  const fps = outputFrameRate(probe.frameRate);
  const gop = Math.max(1, Math.round(fps * mediaLadder.keyframeIntervalS));
  const portrait = isPortrait(probe);

  // decode once; scale in a cascade, each rung from the next larger one (720p from the source, 480p from
  // 720p, ...): the scalers read a fraction of the pixels they would read from the source every time
  const fpsFilter = fps !== probe.frameRate ? `fps=${fps},` : 'null,';
  const graph = [storyboard ? `[0:v:0]${fpsFilter}split=2[vsrc][vsb]` : `[0:v:0]${fpsFilter.slice(0, -1)}[vsrc]`];
  const largestFirst = renditions.map((rendition, i) => ({ rendition, i })).sort((a, b) => b.rendition.height * b.rendition.width - a.rendition.height * a.rendition.width);
  largestFirst.forEach(({ rendition, i }, step) => {
    const input = step === 0 ? '[vsrc]' : `[vc${largestFirst[step - 1].i}]`;
    const scale = `scale=${portrait ? `${rendition.width}:-2` : `-2:${rendition.height}`}`;
    const last = step === largestFirst.length - 1;
    graph.push(last ? `${input}${scale}[v${i}]` : `${input}${scale},split=2[v${i}][vc${i}]`);
  });
  if (storyboard) {
    graph.push(`[vsb]fps=1/${storyboard.intervalS},scale=${storyboard.tileWidth}:-2[sb]`);
  }
  if (probe.hasAudio) {
    const { sampleRate } = mediaLadder.audio;
    graph.push(`[0:a:0]aresample=${sampleRate},aformat=channel_layouts=stereo,asplit=${count}${renditions.map((_, i) => `[a${i}]`).join('')}`);
  }

  const maps = renditions.flatMap((_, i) => (probe.hasAudio ? ['-map', `[v${i}]`, '-map', `[a${i}]`] : ['-map', `[v${i}]`]));
  const perRendition = renditions.flatMap((r, i) => [
    `-b:v:${i}`, `${r.videoBitrateKbps}k`,
    `-maxrate:v:${i}`, `${r.maxrateKbps}k`,
    `-bufsize:v:${i}`, `${r.bufsizeKbps}k`,
    `-profile:v:${i}`, r.profile,
    `-level:v:${i}`, r.level,
    ...(probe.hasAudio ? [`-b:a:${i}`, `${r.audioBitrateKbps}k`] : []),
  ]);
  const streamMap = renditions.map((r, i) => (probe.hasAudio ? `v:${i},a:${i},name:${r.label}` : `v:${i},name:${r.label}`)).join(' ');
  const hlsOutput = {
    path: path.join(spec.workDir, '%v', PLAYLIST),
    options: [
      ...maps,
      '-c:v', 'libx264', '-preset', spec.preset, '-pix_fmt', 'yuv420p',
      // keyframes on the same 2 s grid in every rendition, and none elsewhere, so segments line up
      '-force_key_frames', `expr:gte(t,n_forced*${mediaLadder.keyframeIntervalS})`,
      '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
      ...(probe.hasAudio ? ['-c:a', 'aac', '-ar', String(mediaLadder.audio.sampleRate), '-ac', String(mediaLadder.audio.channels)] : []),
      ...perRendition,
      '-f', 'hls',
      '-hls_time', String(mediaLadder.segmentDurationS),
      '-hls_playlist_type', 'vod',
      '-hls_flags', 'independent_segments',
      '-hls_segment_type', 'mpegts',
      '-hls_segment_filename', path.join(spec.workDir, '%v', 'seg_%04d.ts'),
      '-master_pl_name', MASTER,
      '-var_stream_map', streamMap,
    ],
  };
  const outputs = [hlsOutput];
  if (storyboard) {
    outputs.push({
      // single thumbnails rather than a `tile` filter here: ffmpeg reports no progress until every output has
      // written its first frame, and a tiled sheet is only written once full
      path: path.join(storyboard.thumbnailsDir, 'thumb-%05d.jpg'),
      options: [
        '-map', '[sb]', '-c:v', 'mjpeg', '-q:v', String(mediaLadder.storyboard.jpegQuality),
        // a thumbnail would otherwise last `intervalS` and push ffmpeg's progress (the furthest output end
        // time) ahead of the video; -r gives it a one-frame duration, passthrough keeps every thumbnail
        '-fps_mode', 'passthrough', '-r', String(fps),
        '-start_number', '0', '-f', 'image2',
      ],
    });
  }
  return {
    inputs: [sourceInput(spec.sourcePath, probe.demuxer)],
    filterComplex: graph.join(';'),
    outputs,
    threads: spec.threads,
    timeoutMs: spec.timeoutMs,
    durationS: probe.durationS,
    onProgress: spec.onProgress,
  };
}

/** Poster widths for a source: the configured ones no wider than the source, else the source's own. */
function posterSizes(probe: SourceProbe): Array<{ width: number; height: number }> {
  const sourceWidth = probe.width - (probe.width % 2);
  const widths: number[] = mediaLadder.poster.widths.filter((width) => width <= sourceWidth);
  if (widths.length === 0) widths.push(sourceWidth);
  return widths.map((width) => ({ width, height: evenScaled(width, probe.height, probe.width) }));
}

function buildPosterRun(sourcePath: string, workDir: string, probe: SourceProbe, atS: number, timeoutMs: number, threads?: number) {
  const sizes = posterSizes(probe);
  const graph = [`[0:v:0]split=${sizes.length}${sizes.map((_, i) => `[p${i}]`).join('')}`];
  const outputs: FfmpegRun['outputs'] = [];
  const images: PosterImage[] = sizes.map(({ width, height }, i) => {
    graph.push(`[p${i}]scale=${width}:-2,setsar=1,split=2[w${i}][j${i}]`);
    const image = { width, height, webp: `poster-${width}.webp`, jpeg: `poster-${width}.jpg` };
    outputs.push(
      { path: path.join(workDir, image.webp), options: ['-map', `[w${i}]`, '-frames:v', '1', '-c:v', 'libwebp', '-quality', String(mediaLadder.poster.webpQuality), '-f', 'webp'] },
      { path: path.join(workDir, image.jpeg), options: ['-map', `[j${i}]`, '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', String(mediaLadder.poster.jpegQuality), '-update', '1', '-f', 'image2'] },
    );
    return image;
  });
  const run: FfmpegRun = {
    inputs: [sourceInput(sourcePath, probe.demuxer, ['-ss', atS.toFixed(3)])],
    filterComplex: graph.join(';'),
    outputs,
    threads,
    timeoutMs,
  };
  return { run, images };
}

function vttTimestamp(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const hh = Math.floor(ms / 3_600_000);
  const mm = Math.floor((ms % 3_600_000) / 60_000);
  const ss = Math.floor((ms % 60_000) / 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(hh)}:${pad(mm)}:${pad(ss)}.${pad(ms % 1000, 3)}`;
}

/** Tiles the thumbnails into sprite sheets `storyboard-000.jpg`... (a short run over small JPEGs). */
function buildSpriteRun(thumbnailsDir: string, workDir: string, grid: SpriteGrid, timeoutMs: number): FfmpegRun {
  return {
    inputs: [{ path: path.join(thumbnailsDir, 'thumb-%05d.jpg'), options: ['-protocol_whitelist', 'file', '-f', 'image2', '-framerate', '1', '-start_number', '0'] }],
    filterComplex: `[0:v:0]tile=${grid.columns}x${grid.rows}[sheet]`,
    outputs: [{
      path: path.join(workDir, `${SPRITE_PREFIX}%03d.jpg`),
      options: ['-map', '[sheet]', '-c:v', 'mjpeg', '-q:v', String(mediaLadder.storyboard.jpegQuality), '-start_number', '0', '-f', 'image2'],
    }],
    timeoutMs,
  };
}

/** WebVTT thumbnails track: cue k covers [k*interval, (k+1)*interval) and points at its tile. */
export function storyboardVtt(
  layout: StoryboardLayout & SpriteGrid & { count: number },
  durationS: number,
  spriteName: (sheet: number) => string,
): string {
  const perSheet = layout.columns * layout.rows;
  const cues = ['WEBVTT', ''];
  for (let k = 0; k < layout.count; k++) {
    const sheet = Math.floor(k / perSheet);
    const index = k % perSheet;
    const x = (index % layout.columns) * layout.tileWidth;
    const y = Math.floor(index / layout.columns) * layout.tileHeight;
    const start = k * layout.intervalS;
    const end = Math.min((k + 1) * layout.intervalS, Math.max(durationS, start + 0.001));
    cues.push(`${vttTimestamp(start)} --> ${vttTimestamp(end)}`, `${spriteName(sheet)}#xywh=${x},${y},${layout.tileWidth},${layout.tileHeight}`, '');
  }
  return cues.join('\n');
}

/** RFC 6381 codec string for when ffmpeg leaves CODECS out. */
function fallbackCodecs(rendition: PlannedRendition, hasAudio: boolean): string {
  const profile = { baseline: '42e0', main: '4d40', high: '6400' }[rendition.profile];
  const level = Math.round(Number(rendition.level) * 10).toString(16).padStart(2, '0');
  return `avc1.${profile}${level}${hasAudio ? ',mp4a.40.2' : ''}`;
}

/**
 * Rewrites master.m3u8 with BANDWIDTH (peak) and AVERAGE-BANDWIDTH measured from the segments, as RFC 8216
 * defines them: ffmpeg 5.x declares target bitrate x 1.1 and no average. RESOLUTION and CODECS are ffmpeg's.
 */
async function finalizeMaster(workDir: string, renditions: PlannedRendition[], hasAudio: boolean, fps: number): Promise<Rendition[]> {
  const written = parseMasterPlaylist(await readFile(path.join(workDir, MASTER), 'utf8'));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  const result: Rendition[] = [];
  for (const planned of renditions) {
    const playlist = `${planned.label}/${PLAYLIST}`;
    const playlistPath = path.join(workDir, playlist);
    const media = parseMediaPlaylist(await readFile(playlistPath, 'utf8'));
    if (media.segments.length === 0 || !media.endList) {
      throw new TranscodeError('output_incomplete', `transcodeLadder: ${playlist} is incomplete (${media.segments.length} segments, ${media.endList ? '' : 'no '}end list)`);
    }
    const measured = await measureBitrates(playlistPath, media);
    const attributes = written.find((variant) => variant.uri === playlist)?.attributes ?? {};
    const [width, height] = (attributes.RESOLUTION ?? '').split('x').map(Number);
    const rendition: Rendition = {
      label: planned.label,
      width: width > 0 ? width : planned.width,
      height: height > 0 ? height : planned.height,
      bandwidth: measured.peak,
      averageBandwidth: measured.average,
      codecs: attributes.CODECS || fallbackCodecs(planned, hasAudio),
      playlist,
    };
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${rendition.bandwidth},AVERAGE-BANDWIDTH=${rendition.averageBandwidth},`
      + `RESOLUTION=${rendition.width}x${rendition.height},CODECS="${rendition.codecs}",FRAME-RATE=${fps.toFixed(3)}`,
      playlist,
    );
    result.push(rendition);
  }
  await writeFile(path.join(workDir, MASTER), `${lines.join('\n')}\n`);
  return result;
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
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) problems.push('threads must be an integer >= 1');
  if (options.timeoutMs !== undefined && (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0)) problems.push('timeoutMs must be > 0');
  if (options.preset !== undefined && !/^[a-z]+$/.test(options.preset)) problems.push('preset must be a libx264 preset name');
  if (problems.length > 0) throw new TranscodeError('invalid_input', `transcodeLadder: ${problems.join('; ')}`);
}

/** Weights of the steps in the overall percentage. */
const LADDER_SHARE = 95;
const POSTER_SHARE = 2;
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

  const renditions = planLadder(probe);
  const layout = storyboardLayout(probe);
  await mkdir(path.dirname(outputDir), { recursive: true });
  const workDir = path.join(path.dirname(outputDir), `.${path.basename(outputDir)}.partial-${randomUUID()}`);
  const thumbnailsDir = path.join(workDir, THUMBNAILS_DIR);
  await mkdir(thumbnailsDir, { recursive: true });
  progress(0);

  try {
    await runFfmpeg(buildLadderRun({
      sourcePath, workDir, probe, renditions, preset, threads,
      storyboard: { ...layout, thumbnailsDir },
      timeoutMs: remaining(),
      onProgress: (fraction) => progress(fraction * LADDER_SHARE),
    }));

    const atS = Math.min(probe.durationS * mediaLadder.poster.atFraction, Math.max(0, probe.durationS - 0.5));
    const poster = buildPosterRun(sourcePath, workDir, probe, atS, remaining(), threads);
    await runFfmpeg(poster.run);
    progress(LADDER_SHARE + POSTER_SHARE);

    const posterFiles = await readdir(workDir);
    for (const image of poster.images) {
      for (const file of [image.webp, image.jpeg]) {
        if (!posterFiles.includes(file)) throw new TranscodeError('output_incomplete', `transcodeLadder: ffmpeg wrote no poster ${file} (frame at ${atS.toFixed(2)} s)`);
      }
    }

    const thumbnails = (await readdir(thumbnailsDir)).filter((name) => name.endsWith('.jpg'));
    if (thumbnails.length === 0) throw new TranscodeError('output_incomplete', 'transcodeLadder: ffmpeg wrote no storyboard thumbnails');
    const grid = spriteGrid(thumbnails.length);
    await runFfmpeg(buildSpriteRun(thumbnailsDir, workDir, grid, remaining()));
    await rm(thumbnailsDir, { recursive: true, force: true });
    const sprites = (await readdir(workDir)).filter((name) => name.startsWith(SPRITE_PREFIX) && name.endsWith('.jpg')).sort();
    const storyboard = { ...layout, ...grid, count: thumbnails.length };
    if (sprites.length !== Math.ceil(storyboard.count / (grid.columns * grid.rows))) {
      throw new TranscodeError('output_incomplete', `transcodeLadder: ${sprites.length} storyboard sheets for ${storyboard.count} thumbnails`);
    }
    await writeFile(path.join(workDir, VTT), storyboardVtt(storyboard, probe.durationS, (sheet) => sprites[sheet]));
    progress(LADDER_SHARE + POSTER_SHARE + SPRITE_SHARE);

    const result = await finalizeMaster(workDir, renditions, probe.hasAudio, outputFrameRate(probe.frameRate));
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
      throw new TranscodeError(failure, `transcodeLadder: ffmpeg could not transcode ${sourcePath}: ${error.message}`, { cause: error });
    }
    throw new TranscodeError('output_incomplete', `transcodeLadder: ${(error as Error).message}`, { cause: error });
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async transcodeLadder(options: TranscodeLadderOptions): Promise<TranscodeLadderResult> {
    const started = Date.now();
    try {
      const result = await transcodeLadder(options);
      strapi.log.info('transcoding: ladder done', {
        outputDir: options.outputDir,
        renditions: result.renditions.map((rendition) => rendition.label),
        durationS: options.probe.durationS,
        wallMs: Date.now() - started,
      });
      return result;
    } catch (error) {
      strapi.log.error('transcoding: ladder failed', {
        outputDir: options.outputDir,
        failure: error instanceof TranscodeError ? error.failure : 'unknown',
        error: (error as Error).message,
      });
      throw error;
    }
  },
});
