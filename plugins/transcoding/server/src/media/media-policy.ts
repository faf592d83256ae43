/**
 * Which files an admin may put in the media library or upload as a video source: the one rule for every road
 * in (admin `/upload` and its replace, `/upload/files`, upload-from-URLs, the content API's `/api/upload`, tus).
 * The decision is made on the file's first bytes (magic numbers; for captions the `WEBVTT` header), never on the
 * name or the claimed MIME type, and the file is stored with the extension and MIME type of what it really is.
 */
import { open } from 'node:fs/promises';

export type MediaKind = 'image' | 'video' | 'captions';

/** File name extensions the tus endpoint takes for a video source (the bytes are checked when the upload ends). */
export const ACCEPTED_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi', '.ts', '.mts'] as const;

export interface SniffedMedia {
  kind: MediaKind;
  mime: string;
  /** The extension the file is stored with, dot included. */
  ext: string;
  /** What to call it in a message. */
  label: string;
}

/** What each admin role may upload. No role may upload SVG, HTML, scripts, PDFs or anything else a browser runs. */
export const MEDIA_KINDS_BY_ROLE: Readonly<Record<string, readonly MediaKind[]>> = Object.freeze({
  'framecast-creator': ['image', 'video', 'captions'],
  'framecast-moderator': ['image', 'video', 'captions'],
  'strapi-author': ['image', 'video', 'captions'],
  'strapi-editor': ['image', 'video', 'captions'],
  'strapi-super-admin': ['image', 'video', 'captions'],
});
/** Callers without an admin role (server-side code such as viewer avatars, the content API): the same media, nothing more. */
export const DEFAULT_MEDIA_KINDS: readonly MediaKind[] = ['image', 'video', 'captions'];

const KIND_DESCRIPTIONS: Record<MediaKind, string> = {
  image: 'images (JPEG, PNG, WebP, GIF, AVIF)',
  video: 'videos (MP4, MOV, MKV, WebM, AVI, MPEG-TS)',
  captions: 'WebVTT captions (.vtt)',
};

/** Bytes read from the start of a file: enough for every signature below. */
export const SNIFF_BYTES = 4096;

/** The kinds a user with these roles may upload (the union over its roles); no role: the default. */
export function allowedMediaKinds(roles: ReadonlyArray<{ code?: string | null }> | null | undefined): MediaKind[] {
  const codes = (roles ?? []).map((role) => role.code).filter((code): code is string => Boolean(code));
  if (codes.length === 0) return [...DEFAULT_MEDIA_KINDS];
  // a role this table does not know gets nothing of its own: the default list
  const kinds = new Set<MediaKind>();
  for (const code of codes) for (const kind of MEDIA_KINDS_BY_ROLE[code] ?? DEFAULT_MEDIA_KINDS) kinds.add(kind);
  return [...kinds];
}

export function describeAllowed(kinds: readonly MediaKind[]): string {
  const parts = kinds.map((kind) => KIND_DESCRIPTIONS[kind]);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const ascii = (head: Uint8Array, start: number, length: number) => Buffer.from(head.subarray(start, start + length)).toString('latin1');
const startsWith = (head: Uint8Array, bytes: number[], offset = 0) => bytes.every((byte, index) => head[offset + index] === byte);

/** ISO base media (MP4, MOV, AVIF…): the `ftyp` box's major and compatible brands. */
function isoBrands(head: Uint8Array): string[] | null {
  if (head.length < 12 || ascii(head, 4, 4) !== 'ftyp') return null;
  const size = Math.min(head.length, Math.max(16, (head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]));
  const brands = [ascii(head, 8, 4)];
  for (let offset = 16; offset + 4 <= size; offset += 4) brands.push(ascii(head, offset, 4));
  return brands;
}

const AUDIO_ONLY_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
const STILL_IMAGE_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'jp2 ', 'jpx ', 'crx ']);

/** Sync byte 0x47 at the start of three packets of 188 (MPEG-TS) or 192 bytes (M2TS: a 4-byte timecode first). */
function isTransportStream(head: Uint8Array): boolean {
  const synced = (first: number, step: number) => head.length >= first + 2 * step + 1 && [0, 1, 2].every((n) => head[first + n * step] === 0x47);
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

/**
 * What the first bytes of a file say it is, among the types anyone may upload; null for anything else (SVG,
 * HTML, scripts, PDFs, archives, audio, HEIC…). `complete`: `head` is the whole file.
 */
export function sniffMedia(head: Uint8Array, complete = false): SniffedMedia | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'image', mime: 'image/jpeg', ext: '.jpg', label: 'a JPEG image' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', mime: 'image/png', ext: '.png', label: 'a PNG image' };
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return { kind: 'image', mime: 'image/gif', ext: '.gif', label: 'a GIF image' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return { kind: 'image', mime: 'image/webp', ext: '.webp', label: 'a WebP image' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'AVI ') return { kind: 'video', mime: 'video/x-msvideo', ext: '.avi', label: 'an AVI video' };
  const brands = isoBrands(head);
  if (brands) {
    const major = brands[0];
    if (major === 'avif' || major === 'avis') return { kind: 'image', mime: 'image/avif', ext: '.avif', label: 'an AVIF image' };
    if (AUDIO_ONLY_BRANDS.has(major) || STILL_IMAGE_BRANDS.has(major)) return null;
    if (major === 'qt  ') return { kind: 'video', mime: 'video/quicktime', ext: '.mov', label: 'a QuickTime video' };
    return { kind: 'video', mime: 'video/mp4', ext: '.mp4', label: 'an MP4 video' };
  }
  const docType = matroskaDocType(head);
  if (docType === 'webm') return { kind: 'video', mime: 'video/webm', ext: '.webm', label: 'a WebM video' };
  if (docType === 'matroska') return { kind: 'video', mime: 'video/x-matroska', ext: '.mkv', label: 'a Matroska video' };
  if (isTransportStream(head)) return { kind: 'video', mime: 'video/mp2t', ext: '.ts', label: 'an MPEG-TS video' };
  if (isWebVtt(head, complete)) return { kind: 'captions', mime: 'text/vtt', ext: '.vtt', label: 'WebVTT captions' };
  return null;
}

/** Reads the first bytes of a file and sniffs them. */
export async function sniffMediaFile(filePath: string): Promise<SniffedMedia | null> {
  const handle = await open(filePath, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    let filled = 0;
    while (filled < head.length) {
      const { bytesRead } = await handle.read(head, filled, head.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return sniffMedia(head.subarray(0, filled), filled < head.length);
  } finally {
    await handle.close();
  }
}

export type MediaDecision = { ok: true; media: SniffedMedia } | { ok: false; message: string };

/** The whole rule: is this file one of the kinds these roles may upload? The message names what is allowed. */
export async function checkMediaFile(filePath: string, fileName: string, kinds: readonly MediaKind[]): Promise<MediaDecision> {
  const media = await sniffMediaFile(filePath);
  const allowed = describeAllowed(kinds);
  const name = fileName.trim() ? `“${fileName.slice(0, 120)}”` : 'This file';
  if (!media) return { ok: false, message: `${name} is not a file type you can upload here. Allowed: ${allowed}. SVG, HTML and other documents are refused.` };
  if (!kinds.includes(media.kind)) return { ok: false, message: `${name} is ${media.label}, which your role cannot upload. Allowed: ${allowed}.` };
  return { ok: true, media };
}

/** The MIME type a stored extension stands for, among the allowed types (a replacement keeps the old extension). */
const MIME_BY_EXTENSION: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif',
  '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.mov': 'video/quicktime', '.mkv': 'video/x-matroska', '.webm': 'video/webm',
  '.avi': 'video/x-msvideo', '.ts': 'video/mp2t', '.mts': 'video/mp2t', '.m2ts': 'video/mp2t', '.vtt': 'text/vtt',
};

export function mimeOfExtension(ext: string | null | undefined): string | null {
  return MIME_BY_EXTENSION[(ext ?? '').toLowerCase()] ?? null;
}
