import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_PROBE_TIMEOUT_MS, ProbeError, probeMedia, type Demuxer, type MediaProbe } from './probe';

// Checks an uploaded file before any transcoding: magic bytes first, then a hardened ffprobe, then the limits.

export type ValidationOptions = {
  minDurationS: number;
  maxDurationS: number;
  /** Smallest accepted "p": the shorter side, so a vertical 1080x1920 is 1080p. */
  minHeight: number;
  maxHeight: number;
  probeTimeoutMs: number;
};

export const DEFAULT_VALIDATION_OPTIONS: Readonly<ValidationOptions> = Object.freeze({
  minDurationS: 1,
  maxDurationS: 4 * 60 * 60,
  minHeight: 144,
  maxHeight: 2160,
  probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
});

export type SourceContainer = 'mp4' | 'mov' | 'matroska' | 'webm' | 'avi' | 'mpegts';

export type SourceProbe = {
  container: SourceContainer;
  /** The demuxer the file was probed with: the encoder opens it with this one and no other. */
  demuxer: Demuxer;
  durationS: number;
  /** Display size: rotation metadata applied, so a portrait phone clip is narrower than tall. */
  width: number;
  height: number;
  frameRate: number | null;
  videoCodec: string;
  audioCodec: string | null;
  bitRate: number | null;
  sizeBytes: number;
};

export type RefusalCode =
  | 'empty'
  | 'not-video'
  | 'playlist'
  | 'unsupported-container'
  | 'no-video-stream'
  | 'too-short'
  | 'too-long'
  | 'too-small'
  | 'too-large'
  | 'unreadable'
  | 'timeout';

export type Refusal = { ok: false; code: RefusalCode; reason: string };
export type ValidationResult = { ok: true; probe: SourceProbe } | Refusal;

const ACCEPTED = 'Upload an MP4, MOV, MKV, WebM, AVI or MPEG-TS file.';
const refuse = (code: RefusalCode, reason: string): Refusal => ({ ok: false, code, reason });

/** file-type reads about this much; enough for every container we accept. */
const SNIFF_BYTES = 4100;
const TS_PACKET = 188;

type FileTypeResult = { ext: string; mime: string };
type FileTypeModule = { fileTypeFromBuffer(buffer: Uint8Array): Promise<FileTypeResult | undefined> };
let fileTypeModule: FileTypeModule | undefined;
function loadFileType(): FileTypeModule {
  // file-type is ESM-only; Node 24 loads it through require(esm). Typed here: the hoisted root copy's types are an older major.
  fileTypeModule ??= require('file-type') as FileTypeModule;
  return fileTypeModule;
}

/** What the magic bytes say: a container we open with one named demuxer, or a refusal. */
type Sniffed = { container: SourceContainer; demuxer: Demuxer } | Refusal;

/** file-type's extension → our container. m4a and 3gp are MP4 files; audio-only ones fail later, on the stream check. */
const CONTAINER_BY_EXTENSION: Record<string, { container: SourceContainer; demuxer: Demuxer }> = {
  mp4: { container: 'mp4', demuxer: 'mov' },
  m4v: { container: 'mp4', demuxer: 'mov' },
  m4a: { container: 'mp4', demuxer: 'mov' },
  '3gp': { container: 'mp4', demuxer: 'mov' },
  '3g2': { container: 'mp4', demuxer: 'mov' },
  mov: { container: 'mov', demuxer: 'mov' },
  mkv: { container: 'matroska', demuxer: 'matroska' },
  webm: { container: 'webm', demuxer: 'matroska' },
  avi: { container: 'avi', demuxer: 'avi' },
  mts: { container: 'mpegts', demuxer: 'mpegts' },
};

/** ffprobe format_name entries that agree with each demuxer. */
const FORMAT_NAMES_BY_DEMUXER: Record<Demuxer, readonly string[]> = {
  mov: ['mov', 'mp4', 'm4a', '3gp', '3g2', 'mj2'],
  matroska: ['matroska', 'webm'],
  avi: ['avi'],
  mpegts: ['mpegts'],
};

/** Video formats a creator might reasonably try that we do not take. */
const OTHER_VIDEO_FORMATS: Record<string, string> = {
  flv: 'FLV (Flash video)',
  f4v: 'F4V (Flash video)',
  f4p: 'F4V (Flash video)',
  m4p: 'protected MP4',
  mpg: 'MPEG program stream',
  asf: 'Windows Media',
  wmv: 'Windows Media',
  ogv: 'Ogg video',
  ogm: 'Ogg video',
  mj2: 'Motion JPEG 2000',
  mxf: 'MXF',
  rm: 'RealMedia',
  rmvb: 'RealMedia',
  swf: 'Flash (SWF)',
  mng: 'MNG',
};

const FILE_DESCRIPTIONS: Record<string, string> = {
  png: 'a PNG image',
  apng: 'an animated PNG image',
  jpg: 'a JPEG image',
  jxl: 'a JPEG XL image',
  jp2: 'a JPEG 2000 image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  heic: 'a HEIC image',
  avif: 'an AVIF image',
  bmp: 'a BMP image',
  tif: 'a TIFF image',
  ico: 'an icon image',
  psd: 'a Photoshop image',
  mp3: 'an MP3 audio file',
  wav: 'a WAV audio file',
  flac: 'a FLAC audio file',
  ogg: 'an Ogg audio file',
  oga: 'an Ogg audio file',
  opus: 'an Opus audio file',
  aac: 'an AAC audio file',
  m4b: 'an audiobook file',
  pdf: 'a PDF document',
  zip: 'a ZIP archive',
  rar: 'a RAR archive',
  '7z': 'a 7-Zip archive',
  gz: 'a compressed archive',
  tar: 'a TAR archive',
  exe: 'a program',
  elf: 'a program',
  docx: 'a Word document',
  xlsx: 'a spreadsheet',
  pptx: 'a presentation',
};

function describeFileType(type: FileTypeResult): string {
  const known = FILE_DESCRIPTIONS[type.ext];
  if (known) return known;
  const label = type.ext.toUpperCase();
  if (type.mime.startsWith('image/')) return `an image (${label})`;
  if (type.mime.startsWith('audio/')) return `an audio file (${label})`;
  return `a ${label} file`;
}

/** Playlists, manifests and lists of files: each names other files or addresses to fetch. */
const PLAYLIST_SIGNATURES: readonly RegExp[] = [
  /^#EXTM3U/, // HLS and M3U
  /^#EXT(?:INF|-X-)/m,
  /^ffconcat\s+version/i, // ffmpeg concat
  /^\s*file\s+\S/m, // headerless concat list
  /^\[playlist\]/i, // PLS
  /<(?:MPD|asx|smil|playlist|ASX|SMIL)[\s>]/, // DASH, ASX, SMIL, XSPF
];

/** Decodes the head of a file as text, or null when it holds bytes no text file has. */
function readAsText(head: Buffer): string | null {
  let bytes: Uint8Array = head;
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) bytes = head.subarray(3);
  else if (head[0] === 0xff && head[1] === 0xfe) [bytes, encoding] = [head.subarray(2), 'utf-16le'];
  else if (head[0] === 0xfe && head[1] === 0xff) [bytes, encoding] = [head.subarray(2), 'utf-16be'];
  let text: string;
  try {
    // stream: a character cut at the end of the sample is not an error
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** Sync bytes at the start of three (or, for a short file, two) 188-byte packets. */
function looksLikeTransportStream(head: Buffer): boolean {
  if (head.length <= TS_PACKET) return false;
  const packets = Math.min(3, Math.floor((head.length - 1) / TS_PACKET) + 1);
  for (let packet = 0; packet < packets; packet += 1) if (head[packet * TS_PACKET] !== 0x47) return false;
  return true;
}

async function sniff(head: Buffer): Promise<Sniffed> {
  const type = await loadFileType().fileTypeFromBuffer(head);
  if (type) {
    const accepted = CONTAINER_BY_EXTENSION[type.ext];
    if (accepted) return accepted;
    const otherVideo = OTHER_VIDEO_FORMATS[type.ext];
    if (otherVideo) return refuse('unsupported-container', `This video is in a format we can't take (${otherVideo}). ${ACCEPTED}`);
    if (type.ext !== 'xml') return refuse('not-video', `This file is ${describeFileType(type)}, not a video. ${ACCEPTED}`);
  }
  if (looksLikeTransportStream(head)) return { container: 'mpegts', demuxer: 'mpegts' };

  const text = readAsText(head);
  if (text !== null) {
    const start = text.trimStart();
    if (PLAYLIST_SIGNATURES.some((signature) => signature.test(start))) {
      return refuse('playlist', `This file is a playlist that points to other files, not a video. Upload the video file itself: ${ACCEPTED.slice('Upload '.length)}`);
    }
    return refuse('not-video', `This file is a text file, not a video. ${ACCEPTED}`);
  }
  return refuse('not-video', `This file isn't a video we recognise. ${ACCEPTED}`);
}

async function readHead(filePath: string, size: number): Promise<Buffer> {
  const handle = await open(filePath, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    let filled = 0;
    while (filled < head.length) {
      const { bytesRead } = await handle.read(head, filled, head.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return head.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function plural(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/** 0.4 → "0.4 seconds", 14400 → "4 hours", 18000.5 → "5 hours", 5430 → "1 hour 30 minutes 30 seconds". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return plural(Math.round(seconds * 10) / 10, 'second');
  const whole = Math.round(seconds);
  const parts: string[] = [];
  const [hours, minutes, rest] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  if (hours) parts.push(plural(hours, 'hour'));
  if (minutes) parts.push(plural(minutes, 'minute'));
  if (rest) parts.push(plural(rest, 'second'));
  return parts.join(' ');
}

function checkOptions(options: ValidationOptions): void {
  for (const [name, value] of Object.entries(options)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TypeError(`validation option ${name} must be a positive number, got ${String(value)}`);
    }
  }
  if (options.minDurationS > options.maxDurationS) throw new TypeError('minDurationS is above maxDurationS');
  if (options.minHeight > options.maxHeight) throw new TypeError('minHeight is above maxHeight');
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function judge(probe: MediaProbe, sniffed: { container: SourceContainer; demuxer: Demuxer }, sizeBytes: number, options: ValidationOptions): ValidationResult {
  const formatNames = probe.formatName.split(',');
  if (!FORMAT_NAMES_BY_DEMUXER[sniffed.demuxer].some((name) => formatNames.includes(name))) {
    return refuse('unsupported-container', `This file's contents don't match a video format we take. ${ACCEPTED}`);
  }

  const video = probe.streams.find((stream) => stream.codecType === 'video' && !stream.attachedPic);
  const audio = probe.streams.find((stream) => stream.codecType === 'audio');
  if (!video) {
    return refuse(
      'no-video-stream',
      audio
        ? 'This file has sound but no picture. Upload a video file that contains video, not just audio.'
        : 'This file has no video picture in it. Upload a video file that contains video.',
    );
  }
  if (video.width === null || video.height === null || !video.codecName) {
    return refuse('unreadable', "We couldn't read the picture in this video. It may be damaged; export it again and upload the new file.");
  }

  const durationS = probe.durationS ?? video.durationS;
  if (durationS === null || durationS <= 0) {
    return refuse('unreadable', "We couldn't tell how long this video is. It may be damaged or only partly uploaded; export it again and upload the new file.");
  }
  if (durationS < options.minDurationS) {
    return refuse('too-short', `This video is only ${formatDuration(durationS)} long. Videos must be at least ${formatDuration(options.minDurationS)} long.`);
  }
  if (durationS > options.maxDurationS) {
    return refuse(
      'too-long',
      `This video is ${formatDuration(durationS)} long, and the limit is ${formatDuration(options.maxDurationS)}. Trim it or split it into parts, then upload again.`,
    );
  }

  const [width, height] = video.rotation % 180 === 0 ? [video.width, video.height] : [video.height, video.width];
  const lines = Math.min(width, height);
  if (lines < options.minHeight) {
    return refuse('too-small', `This video is ${width}×${height} (${lines}p). The smallest size we take is ${options.minHeight}p; export it at a higher resolution and upload it again.`);
  }
  if (lines > options.maxHeight) {
    const label = options.maxHeight === 2160 ? '2160p (4K)' : `${options.maxHeight}p`;
    return refuse('too-large', `This video is ${width}×${height} (${lines}p). The largest size we take is ${label}; export it at ${options.maxHeight}p or lower and upload it again.`);
  }

  return {
    ok: true,
    probe: {
      container: sniffed.container,
      demuxer: sniffed.demuxer,
      durationS: round(durationS, 3),
      width,
      height,
      frameRate: video.frameRate === null ? null : round(video.frameRate, 3),
      videoCodec: video.codecName,
      audioCodec: audio?.codecName ?? null,
      bitRate: probe.bitRate,
      sizeBytes,
    },
  };
}

/**
 * Decides whether an uploaded file may be transcoded. Refusals carry a code and a sentence for the creator.
 * Rejects only when the server cannot do the check (file missing, ffprobe not installed): not the creator's doing.
 */
export async function validateSource(filePath: string, options: Partial<ValidationOptions> = {}): Promise<ValidationResult> {
  const limits: ValidationOptions = { ...DEFAULT_VALIDATION_OPTIONS, ...options };
  checkOptions(limits);
  const absolutePath = path.resolve(filePath);

  const stats = await stat(absolutePath);
  if (!stats.isFile()) return refuse('unreadable', "We couldn't read this upload as a file. Please upload it again.");
  if (stats.size === 0) return refuse('empty', 'This file is empty (0 bytes). Upload it again, or export it again from your editor first.');

  const sniffed = await sniff(await readHead(absolutePath, stats.size));
  if ('ok' in sniffed) return sniffed;

  let probe: MediaProbe;
  try {
    probe = await probeMedia(absolutePath, { timeoutMs: limits.probeTimeoutMs, demuxer: sniffed.demuxer });
  } catch (error) {
    if (!(error instanceof ProbeError) || error.kind === 'unavailable') throw error;
    if (error.kind === 'timeout') {
      return refuse('timeout', 'Checking this video took too long, which usually means the file is damaged. Export it again and upload the new file.');
    }
    return refuse('unreadable', "We couldn't read this video. It may be damaged or only partly uploaded; export it again and upload the new file.");
  }
  return judge(probe, sniffed, stats.size, limits);
}
