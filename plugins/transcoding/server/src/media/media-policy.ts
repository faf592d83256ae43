/**
 * Which files an admin may put in the media library or upload as a video source: the one rule for every road
 * in (admin `/upload` and its replace, `/upload/files`, upload-from-URLs, the content API's `/api/upload`, tus).
 * The decision is made on the file's first bytes (sniff.ts: magic numbers; for captions the `WEBVTT` header), never
 * on the name or the claimed MIME type, and the file is stored with the extension and MIME type of what it really is.
 */
import { sniffMediaFile, type MediaKind, type SniffedMedia } from './sniff';

export { sniffMedia, type MediaKind, type SniffedMedia } from './sniff';

/** File name extensions the tus endpoint takes for a video source (the bytes are checked when the upload ends). */
export const ACCEPTED_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi', '.ts', '.mts'] as const;

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
  captions: 'captions (WebVTT .vtt or SubRip .srt)',
};

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

export type MediaDecision = { ok: true; media: SniffedMedia } | { ok: false; message: string };

/** The whole rule: is this file one of the kinds these roles may upload? The message names what is allowed. */
export async function checkMediaFile(
  filePath: string,
  fileName: string,
  kinds: readonly MediaKind[],
): Promise<MediaDecision> {
  const media = await sniffMediaFile(filePath);
  const allowed = describeAllowed(kinds);
  const name = fileName.trim() ? `“${fileName.slice(0, 120)}”` : 'This file';
  if (!media)
    return {
      ok: false,
      message: `${name} is not a file type you can upload here. Allowed: ${allowed}. SVG, HTML and other documents are refused.`,
    };
  if (!kinds.includes(media.kind))
    return { ok: false, message: `${name} is ${media.label}, which your role cannot upload. Allowed: ${allowed}.` };
  return { ok: true, media };
}

/** The MIME type a stored extension stands for, among the allowed types (a replacement keeps the old extension). */
const MIME_BY_EXTENSION: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.avi': 'video/x-msvideo',
  '.ts': 'video/mp2t',
  '.mts': 'video/mp2t',
  '.m2ts': 'video/mp2t',
  '.vtt': 'text/vtt',
};

export function mimeOfExtension(ext: string | null | undefined): string | null {
  return MIME_BY_EXTENSION[(ext ?? '').toLowerCase()] ?? null;
}
