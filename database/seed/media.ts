/**
 * Real demo media made with ffmpeg: short H.264/AAC test-pattern videos with a poster frame, avatars,
 * banners and WebVTT captions. Every file is cached under a key derived from its recipe, so a second
 * run (or a --reset) reuses what is already there instead of encoding again.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SeedCaptionCue, VideoPattern } from './catalog.ts';

/** Bump when a recipe below changes, so cached files are made again. */
const RECIPE_VERSION = 1;
const FRAME_RATE = 25;
const COMMAND_TIMEOUT_MS = 120_000;

export class MediaToolError extends Error {
  hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = 'MediaToolError';
    this.hint = hint;
  }
}

export type MediaTools = { ffmpeg: string; ffprobe: string; fontFile: string | null };

export type VideoMediaSpec = {
  /** Stable name used in the cache file name (the video slug). */
  key: string;
  title: string;
  /** Small label drawn in the corner (the creator's name). */
  label: string;
  pattern: VideoPattern;
  width: number;
  height: number;
  /** Seconds. */
  duration: number;
  toneHz: number;
  /** Two hex colours (no #) used by the patterns that take colours. */
  colors: [string, string];
};

export type GeneratedVideo = {
  videoPath: string;
  posterPath: string;
  duration: number;
  width: number;
  height: number;
  cached: boolean;
};

export type ImageMediaSpec = {
  key: string;
  width: number;
  height: number;
  colors: [string, string];
  /** Drawn centred when a font is available (avatar initials). */
  text?: string;
  format: 'png' | 'jpg';
};

export type GeneratedImage = { path: string; width: number; height: number; cached: boolean };

type CommandResult = { stdout: string; stderr: string };

function runCommand(command: string, args: string[], timeoutMs = COMMAND_TIMEOUT_MS): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ stdout, stderr });
      const reason = signal ? `was killed (${signal})` : `exited with code ${code}`;
      const tail = stderr.trim().split('\n').slice(-6).join('\n');
      reject(new Error(`${path.basename(command)} ${reason}${tail ? `:\n${tail}` : ''}`));
    });
  });
}

async function commandWorks(command: string, args: string[]): Promise<CommandResult | null> {
  try {
    return await runCommand(command, args, 15_000);
  } catch {
    return null;
  }
}

const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
  '/Library/Fonts/Arial Bold.ttf',
  '/System/Library/Fonts/Supplemental/Arial Bold.ttf',
];

async function findFont(): Promise<string | null> {
  const matched = await commandWorks('fc-match', ['-f', '%{file}', 'sans-serif:style=Bold']);
  const file = matched?.stdout.trim();
  if (file && /\.(ttf|otf)$/i.test(file) && existsSync(file)) return file;
  return FONT_CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

/** Finds ffmpeg and ffprobe (FFMPEG_PATH / FFPROBE_PATH, else PATH) and a font for drawtext, if any. */
export async function detectMediaTools(env: NodeJS.ProcessEnv = process.env): Promise<MediaTools> {
  const ffmpeg = env.FFMPEG_PATH || 'ffmpeg';
  const sibling = env.FFMPEG_PATH ? path.join(path.dirname(env.FFMPEG_PATH), 'ffprobe') : '';
  const ffprobe = env.FFPROBE_PATH || (sibling && existsSync(sibling) ? sibling : 'ffprobe');
  const install =
    'Install it (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) or set FFMPEG_PATH and FFPROBE_PATH.';

  if (!(await commandWorks(ffmpeg, ['-hide_banner', '-version']))) {
    throw new MediaToolError(`ffmpeg was not found or does not run (tried "${ffmpeg}").`, install);
  }
  if (!(await commandWorks(ffprobe, ['-hide_banner', '-version']))) {
    throw new MediaToolError(`ffprobe was not found or does not run (tried "${ffprobe}").`, install);
  }
  const encoders = (await commandWorks(ffmpeg, ['-hide_banner', '-encoders']))?.stdout ?? '';
  if (!/\blibx264\b/.test(encoders)) {
    throw new MediaToolError(
      `${ffmpeg} has no libx264 encoder.`,
      'Use a full ffmpeg build (Debian: apt-get install ffmpeg).',
    );
  }
  const filters = (await commandWorks(ffmpeg, ['-hide_banner', '-filters']))?.stdout ?? '';
  const fontFile = /\bdrawtext\b/.test(filters) ? await findFont() : null;
  return { ffmpeg, ffprobe, fontFile };
}

/** Escapes a value for a filter option, then for the filtergraph around it. */
function filterValue(value: string): string {
  const option = value.replace(/[\\':]/g, (char) => `\\${char}`);
  return option.replace(/[\\'[\],;]/g, (char) => `\\${char}`);
}

function recipeHash(recipe: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify({ version: RECIPE_VERSION, recipe }))
    .digest('hex')
    .slice(0, 12);
}

function seedFrom(hash: string): number {
  return Number.parseInt(hash.slice(0, 8), 16);
}

async function nonEmptyFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

/** Writes through a temporary name so an interrupted run never leaves a half-written file in the cache. */
async function produce(target: string, make: (tmp: string) => Promise<void>): Promise<void> {
  const ext = path.extname(target);
  const tmp = `${target.slice(0, -ext.length)}.tmp-${process.pid}${ext}`;
  try {
    await make(tmp);
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

function patternSource(spec: VideoMediaSpec, seed: number): string {
  const { width: w, height: h } = spec;
  const [c0, c1] = spec.colors;
  const size = (sw: number, sh: number) => `s=${even(sw)}x${even(sh)}:r=${FRAME_RATE}`;
  const upscale = (flags: string) => `,scale=${w}:${h}:flags=${flags}`;
  switch (spec.pattern) {
    case 'testsrc2':
    case 'smptebars':
    case 'smptehdbars':
    case 'rgbtestsrc':
      return `${spec.pattern}=${size(w, h)}`;
    case 'mandelbrot':
      // the fractal is the costliest source: render at half size and scale up
      return `mandelbrot=${size(w / 2, h / 2)}:maxiter=128${upscale('bicubic')}`;
    case 'life':
      return `life=${size(w / 4, h / 4)}:mold=10:ratio=0.12:seed=${seed}:life_color=#${c0}:death_color=#${c1}:mold_color=#${c1}${upscale('neighbor')}`;
    case 'cellauto':
      return `cellauto=${size(w / 2, h / 2)}:rule=${[30, 90, 110, 150][seed % 4]}:seed=${seed}:start_full=1${upscale('neighbor')}`;
    case 'gradients':
      return `gradients=${size(w / 2, h / 2)}:c0=0x${c0}:c1=0x${c1}:c2=0x101820:nb_colors=3:x0=0:y0=0:x1=${even(w / 2)}:y1=${even(h / 2)}:speed=0.03:seed=${seed}${upscale('bicubic')}`;
    default:
      throw new Error(`Unknown video pattern "${String(spec.pattern)}"`);
  }
}

/** Splits a title into at most three lines that fit the frame. */
function wrapTitle(title: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of title.split(/\s+/)) {
    if (line && `${line} ${word}`.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > 3) return [...lines.slice(0, 2), lines.slice(2).join(' ')];
  return lines;
}

/** drawtext filters for the title band, the creator label and a running timecode; none without a font. */
async function overlayFilters(spec: VideoMediaSpec, fontFile: string | null, textBase: string): Promise<string[]> {
  if (!fontFile) return [];
  const { width: w, height: h } = spec;
  const font = `fontfile=${filterValue(fontFile)}`;
  const lines = wrapTitle(spec.title, w >= h ? 30 : 16);
  const longest = Math.max(...lines.map((line) => line.length));
  const fontSize = Math.floor(Math.min(h * (w >= h ? 0.065 : 0.045), (w * 0.9) / (longest * 0.62)));
  const lineHeight = Math.round(fontSize * 1.3);
  const pad = Math.round(fontSize * 0.6);
  const bandHeight = lines.length * lineHeight + 2 * pad;
  const bandTop = Math.round(h * 0.9 - bandHeight);

  const filters = [`drawbox=x=0:y=${bandTop}:w=iw:h=${bandHeight}:color=black@0.6:t=fill`];
  for (const [index, text] of lines.entries()) {
    // text goes through files (expansion off) so titles need no escaping at all
    const file = `${textBase}.line${index}.txt`;
    await writeFile(file, text, 'utf8');
    filters.push(
      `drawtext=${font}:textfile=${filterValue(file)}:expansion=none:fontsize=${fontSize}:fontcolor=white:` +
        `x=(w-text_w)/2:y=${bandTop + pad + index * lineHeight}`,
    );
  }
  const labelFile = `${textBase}.label.txt`;
  await writeFile(labelFile, `Framecast demo · ${spec.label}`, 'utf8');
  const small = Math.max(12, Math.round(Math.min(w, h) * 0.04));
  filters.push(
    `drawtext=${font}:textfile=${filterValue(labelFile)}:expansion=none:fontsize=${small}:fontcolor=white:` +
      `box=1:boxcolor=black@0.5:boxborderw=${Math.round(small / 2)}:x=${small}:y=${small}`,
    `drawtext=${font}:text='%{pts\\:hms}':fontsize=${small}:fontcolor=white:` +
      `box=1:boxcolor=black@0.5:boxborderw=${Math.round(small / 2)}:x=w-text_w-${small}:y=${w >= h ? small : Math.round(small * 3.2)}`,
  );
  return filters;
}

function maxBitrateKbps(spec: VideoMediaSpec): number {
  const pixels = spec.width * spec.height;
  if (pixels >= 1280 * 720) return 1500;
  if (pixels >= 854 * 480) return 900;
  return 600;
}

export type VideoProbe = { duration: number; width: number; height: number };

export async function probeVideo(tools: MediaTools, file: string): Promise<VideoProbe> {
  const { stdout } = await runCommand(tools.ffprobe, [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height:format=duration',
    '-of',
    'json',
    file,
  ]);
  const parsed = JSON.parse(stdout) as {
    streams?: Array<{ width?: number; height?: number }>;
    format?: { duration?: string };
  };
  const stream = parsed.streams?.[0];
  const duration = Number(parsed.format?.duration);
  if (!stream?.width || !stream?.height || !Number.isFinite(duration)) {
    throw new Error(`ffprobe could not read the video stream of ${file}`);
  }
  return { duration: Math.round(duration * 100) / 100, width: stream.width, height: stream.height };
}

/** One video and its poster frame, from the cache when the same recipe was made before. */
export async function generateVideo(
  tools: MediaTools,
  spec: VideoMediaSpec,
  cacheDir: string,
): Promise<GeneratedVideo> {
  const hash = recipeHash({ spec, font: tools.fontFile ? path.basename(tools.fontFile) : null });
  const base = path.join(cacheDir, `${spec.key}-${hash}`);
  const videoPath = `${base}.mp4`;
  const posterPath = `${base}.poster.jpg`;
  const cached = (await nonEmptyFile(videoPath)) && (await nonEmptyFile(posterPath));

  if (!cached) {
    await mkdir(cacheDir, { recursive: true });
    const textBase = `${base}.tmp-${process.pid}`;
    try {
      const overlays = await overlayFilters(spec, tools.fontFile, textBase);
      const chain = [patternSource(spec, seedFrom(hash)), ...overlays, 'format=yuv420p'].join(',');
      const bitrate = maxBitrateKbps(spec);
      await produce(videoPath, (tmp) =>
        runCommand(tools.ffmpeg, [
          '-hide_banner',
          '-loglevel',
          'error',
          '-nostdin',
          '-y',
          '-f',
          'lavfi',
          '-i',
          chain,
          '-f',
          'lavfi',
          '-i',
          `sine=frequency=${spec.toneHz}:sample_rate=48000:beep_factor=2,volume=0.25`,
          '-map',
          '0:v',
          '-map',
          '1:a',
          '-t',
          String(spec.duration),
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-crf',
          '28',
          '-maxrate',
          `${bitrate}k`,
          '-bufsize',
          `${bitrate * 2}k`,
          '-g',
          String(FRAME_RATE * 2),
          '-c:a',
          'aac',
          '-b:a',
          '96k',
          '-movflags',
          '+faststart',
          '-metadata',
          `title=${spec.title}`,
          tmp,
        ]).then(() => undefined),
      );
    } finally {
      for (const suffix of ['line0', 'line1', 'line2', 'label']) await rm(`${textBase}.${suffix}.txt`, { force: true });
    }
    // the poster is a frame of the real file, taken where the title is already on screen
    const at = Math.max(0, Math.min(spec.duration * 0.4, spec.duration - 0.5));
    await produce(posterPath, (tmp) =>
      runCommand(tools.ffmpeg, [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-y',
        '-ss',
        at.toFixed(2),
        '-i',
        videoPath,
        '-frames:v',
        '1',
        '-q:v',
        '3',
        tmp,
      ]).then(() => undefined),
    );
  }

  const probe = await probeVideo(tools, videoPath);
  return { videoPath, posterPath, ...probe, cached };
}

/** An avatar or banner: a two-colour gradient, with centred text when a font is available. */
export async function generateImage(
  tools: MediaTools,
  spec: ImageMediaSpec,
  cacheDir: string,
): Promise<GeneratedImage> {
  const font = tools.fontFile && spec.text ? tools.fontFile : null;
  const hash = recipeHash({ spec, font: font ? path.basename(font) : null });
  const target = path.join(cacheDir, `${spec.key}-${hash}.${spec.format}`);
  const { width: w, height: h } = spec;
  if (await nonEmptyFile(target)) return { path: target, width: w, height: h, cached: true };

  await mkdir(cacheDir, { recursive: true });
  const textFile = `${target}.tmp-${process.pid}.txt`;
  try {
    const filters: string[] = [];
    if (font && spec.text) {
      await writeFile(textFile, spec.text, 'utf8');
      filters.push(
        `drawtext=fontfile=${filterValue(font)}:textfile=${filterValue(textFile)}:expansion=none:` +
          `fontsize=${Math.round(h * 0.42)}:fontcolor=white:x=(w-text_w)/2:y=(h-text_h)/2`,
      );
    }
    const [c0, c1] = spec.colors;
    const source = `gradients=s=${w}x${h}:c0=0x${c0}:c1=0x${c1}:nb_colors=2:x0=0:y0=0:x1=${w}:y1=${h}:seed=1`;
    await produce(target, (tmp) =>
      runCommand(tools.ffmpeg, [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-y',
        '-f',
        'lavfi',
        '-i',
        source,
        ...(filters.length > 0 ? ['-vf', filters.join(',')] : []),
        '-frames:v',
        '1',
        ...(spec.format === 'jpg' ? ['-q:v', '3'] : []),
        tmp,
      ]).then(() => undefined),
    );
  } finally {
    await rm(textFile, { force: true });
  }
  return { path: target, width: w, height: h, cached: false };
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (value: number, size = 2) => String(value).padStart(size, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/** A WebVTT caption track for a demo video. */
export async function writeCaptionFile(key: string, cues: SeedCaptionCue[], cacheDir: string): Promise<string> {
  const body = [
    'WEBVTT',
    '',
    ...cues.flatMap((cue, index) => [String(index + 1), `${vttTime(cue.start)} --> ${vttTime(cue.end)}`, cue.text, '']),
  ].join('\n');
  const target = path.join(cacheDir, `${key}-${recipeHash(body)}.vtt`);
  if (!(await nonEmptyFile(target))) {
    await mkdir(cacheDir, { recursive: true });
    await produce(target, (tmp) => writeFile(tmp, body, 'utf8'));
  }
  return target;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapWithConcurrency<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
