// The site's side of view counting: the viewer-session cookie and the beacon body the player posts to
// /api/views. The CMS decides what counts; the site only vouches for which session is asking.

import { randomBytes } from 'node:crypto';

export const VIEWER_COOKIE = 'fc_viewer';

// 24 random bytes are 32 url-safe characters: unguessable, and within the contract's 16–128 [A-Za-z0-9_-].
const VIEWER_ID = /^[A-Za-z0-9_-]{32}$/;
const DOCUMENT_ID = /^[A-Za-z0-9]{1,64}$/;
/** Longer than any video the platform takes; a bigger number is not a real watch. */
const MAX_WATCHED_SECONDS = 24 * 3600;

export function newViewerId(): string {
  return randomBytes(24).toString('base64url');
}

export function isViewerId(value: string | undefined): value is string {
  return typeof value === 'string' && VIEWER_ID.test(value);
}

/** A browser-session cookie (no expiry) that scripts cannot read and cross-site subrequests do not carry. */
export function viewerCookieOptions(url: URL) {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: url.protocol === 'https:' } as const;
}

export type ViewBody = { ok: true; video: string; watchedSeconds: number } | { ok: false; message: string };

/** The player's JSON body `{ video, watchedSeconds }`, checked before it reaches the CMS. */
export function parseViewBody(body: unknown): ViewBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'Expected a JSON object' };
  const { video, watchedSeconds } = body as Record<string, unknown>;
  if (typeof video !== 'string' || !DOCUMENT_ID.test(video)) return { ok: false, message: '`video` must be a video documentId' };
  if (typeof watchedSeconds !== 'number' || !Number.isFinite(watchedSeconds) || watchedSeconds < 0 || watchedSeconds > MAX_WATCHED_SECONDS) {
    return { ok: false, message: '`watchedSeconds` must be a number of seconds' };
  }
  return { ok: true, video, watchedSeconds: Math.round(watchedSeconds * 10) / 10 };
}
