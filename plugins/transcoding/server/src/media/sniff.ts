/**
 * The one owner of byte sniffing: reading a file's first bytes and saying what they are. Two questions are asked
 * of them, each with its own rules, kept exactly as they decide today:
 * - the upload policy's (`sniffMedia`): is this one of the types anyone may put in the media library (images,
 *   video containers, WebVTT)? Synchronous signature checks, refusing anything else;
 * - the transcoder's (`sniffVideoContainer`): which container, opened with which demuxer, or a refusal that names
 *   what the file is. The file-type package (loaded here only) identifies the container and, for a refusal, the file.
 * file-type (22.3) does not answer the first question the same way, so the policy keeps its own signatures: it
 * takes "WEBVTT" followed by binary bytes as captions, an ISO file with a JPEG 2000 brand as MP4, and nothing for
 * a brand starting with a zero byte, where the policy refuses, refuses and takes an MP4 (and it is asynchronous).
 */
import { looksLikeSrt } from '@framecast/contracts';
import { open } from 'node:fs/promises';
import type { Demuxer } from './probe';

/** Up to `maxBytes` from the start of a file (fewer when the file is shorter). */
export async function readHead(filePath: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(filePath, 'r');
  try {
    const head = Buffer.alloc(maxBytes);
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

// --- the upload policy's sniff (media-policy.ts)

export type MediaKind = 'image' | 'video' | 'captions';

export interface SniffedMedia {
  kind: MediaKind;
  mime: string;
  /** The extension the file is stored with, dot included. */
  ext: string;
  /** What to call it in a message. */
  label: string;
}

/** Bytes read from the start of a file: enough for every signature below. */
export const SNIFF_BYTES = 4096;

const ascii = (head: Uint8Array, start: number, length: number) =>
  Buffer.from(head.subarray(start, start + length)).toString('latin1');
const startsWith = (head: Uint8Array, bytes: number[], offset = 0) =>
  bytes.every((byte, index) => head[offset + index] === byte);

/** ISO base media (MP4, MOV, AVIF…): the `ftyp` box's major and compatible brands. */
function isoBrands(head: Uint8Array): string[] | null {
  if (head.length < 12 || ascii(head, 4, 4) !== 'ftyp') return null;
  const size = Math.min(head.length, Math.max(16, (head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]));
  const brands = [ascii(head, 8, 4)];
  for (let offset = 16; offset + 4 <= size; offset += 4) brands.push(ascii(head, offset, 4));
  return brands;
}

const AUDIO_ONLY_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
const STILL_IMAGE_BRANDS = new Set([
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'mif1',
  'msf1',
  'jp2 ',
  'jpx ',
  'crx ',
]);

/** Sync byte 0x47 at the start of three packets of 188 (MPEG-TS) or 192 bytes (M2TS: a 4-byte timecode first). */
function isTransportStream(head: Uint8Array): boolean {
  const synced = (first: number, step: number) =>
    head.length >= first + 2 * step + 1 && [0, 1, 2].every((n) => head[first + n * step] === 0x47);
  return synced(0, 188) || synced(4, 192);
}

/** Matroska/WebM: the EBML header and its DocType. */
function matroskaDocType(head: Uint8Array): string | null {
  if (!startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return null;
  const text = ascii(head, 0, Math.min(head.length, 64));
  if (text.includes('webm')) return 'webm';
  if (text.includes('matroska')) return 'matroska';
  return null;
}

/** A WebVTT file: optional BOM, `WEBVTT`, then a space, tab or line break (or nothing), all valid UTF-8 text. */
function isWebVtt(head: Uint8Array, complete: boolean): boolean {
  const body = startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head;
  if (ascii(body, 0, 6) !== 'WEBVTT') return false;
  const next = body[6];
  if (next !== undefined && ![0x20, 0x09, 0x0a, 0x0d].includes(next)) return false;
  if (next === undefined && !complete) return false;
  let text: string;
  try {
    // stream: a character cut at the end of the sample is not an error
    text = new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: !complete });
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** A SubRip file (`.srt`): UTF-8 text whose first block is a cue number and a `00:00:01,000 --> …` timing. */
function isSrt(head: Uint8Array, complete: boolean): boolean {
  const body = startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: !complete });
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) && looksLikeSrt(text);
}

/**
 * The upload policy's question: what the first bytes of a file say it is, among the types anyone may upload; null for anything else (SVG,
 * HTML, scripts, PDFs, archives, audio, HEIC…). `complete`: `head` is the whole file.
 */
export function sniffMedia(head: Uint8Array, complete = false): SniffedMedia | null {
  if (startsWith(head, [0xff, 0xd8, 0xff]))
    return { kind: 'image', mime: 'image/jpeg', ext: '.jpg', label: 'a JPEG image' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'image', mime: 'image/png', ext: '.png', label: 'a PNG image' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a')
    return { kind: 'image', mime: 'image/gif', ext: '.gif', label: 'a GIF image' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP')
    return { kind: 'image', mime: 'image/webp', ext: '.webp', label: 'a WebP image' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'AVI ')
    return { kind: 'video', mime: 'video/x-msvideo', ext: '.avi', label: 'an AVI video' };
  const brands = isoBrands(head);
  if (brands) {
    const major = brands[0];
    if (major === 'avif' || major === 'avis')
      return { kind: 'image', mime: 'image/avif', ext: '.avif', label: 'an AVIF image' };
    if (AUDIO_ONLY_BRANDS.has(major) || STILL_IMAGE_BRANDS.has(major)) return null;
    if (major === 'qt  ') return { kind: 'video', mime: 'video/quicktime', ext: '.mov', label: 'a QuickTime video' };
    return { kind: 'video', mime: 'video/mp4', ext: '.mp4', label: 'an MP4 video' };
  }
  const docType = matroskaDocType(head);
  if (docType === 'webm') return { kind: 'video', mime: 'video/webm', ext: '.webm', label: 'a WebM video' };
  if (docType === 'matroska')
    return { kind: 'video', mime: 'video/x-matroska', ext: '.mkv', label: 'a Matroska video' };
  if (isTransportStream(head)) return { kind: 'video', mime: 'video/mp2t', ext: '.ts', label: 'an MPEG-TS video' };
  if (isWebVtt(head, complete)) return { kind: 'captions', mime: 'text/vtt', ext: '.vtt', label: 'WebVTT captions' };
  // stored as the WebVTT it is converted to (media-library-guard.ts)
  if (isSrt(head, complete)) return { kind: 'captions', mime: 'text/vtt', ext: '.vtt', label: 'SubRip captions' };
  return null;
}

/** Reads the first bytes of a file and sniffs them. */
export async function sniffMediaFile(filePath: string): Promise<SniffedMedia | null> {
  const head = await readHead(filePath, SNIFF_BYTES);
  return sniffMedia(head, head.length < SNIFF_BYTES);
}

// --- the transcoder's sniff (validate-source.ts)

export type SourceContainer = 'mp4' | 'mov' | 'matroska' | 'webm' | 'avi' | 'mpegts';

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

/** The end of every refusal: what to upload instead. */
export const ACCEPTED = 'Upload an MP4, MOV, MKV, WebM, AVI or MPEG-TS file.';

export const refuse = (code: RefusalCode, reason: string): Refusal => ({ ok: false, code, reason });

export type FileTypeResult = { ext: string; mime: string };
type FileTypeModule = { fileTypeFromBuffer(buffer: Uint8Array): Promise<FileTypeResult | undefined> };
let fileTypeModule: FileTypeModule | undefined;
/** What the file-type package makes of these bytes (the one place it is loaded). */
export function fileTypeOf(head: Uint8Array): Promise<FileTypeResult | undefined> {
  // file-type is ESM-only; Node 24 loads it through require(esm). Typed here: the hoisted root copy's types are an older major.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- require(esm): a static import would make this module async
  fileTypeModule ??= require('file-type') as FileTypeModule;
  return fileTypeModule.fileTypeFromBuffer(head);
}

/** file-type reads about this much; enough for every container the transcoder accepts. */
export const CONTAINER_SNIFF_BYTES = 4100;
const TS_PACKET = 188;

/** What the magic bytes say: a container we open with one named demuxer, or a refusal. */
export type SniffedContainer = { container: SourceContainer; demuxer: Demuxer } | Refusal;

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

/** The transcoder's question: which container (and demuxer) is this, or why is it refused? */
export async function sniffVideoContainer(head: Buffer): Promise<SniffedContainer> {
  const type = await fileTypeOf(head);
  if (type) {
    const accepted = CONTAINER_BY_EXTENSION[type.ext];
    if (accepted) return accepted;
    const otherVideo = OTHER_VIDEO_FORMATS[type.ext];
    if (otherVideo)
      return refuse('unsupported-container', `This video is in a format we can't take (${otherVideo}). ${ACCEPTED}`);
    if (type.ext !== 'xml')
      return refuse('not-video', `This file is ${describeFileType(type)}, not a video. ${ACCEPTED}`);
  }
  if (looksLikeTransportStream(head)) return { container: 'mpegts', demuxer: 'mpegts' };

  const text = readAsText(head);
  if (text !== null) {
    const start = text.trimStart();
    if (PLAYLIST_SIGNATURES.some((signature) => signature.test(start))) {
      return refuse(
        'playlist',
        `This file is a playlist that points to other files, not a video. Upload the video file itself: ${ACCEPTED.slice('Upload '.length)}`,
      );
    }
    return refuse('not-video', `This file is a text file, not a video. ${ACCEPTED}`);
  }
  return refuse('not-video', `This file isn't a video we recognise. ${ACCEPTED}`);
}
