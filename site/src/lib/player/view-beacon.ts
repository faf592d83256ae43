// The site's side of view counting: the viewer-session cookie and the beacon body the player posts to
// /api/views. The CMS decides what counts; the site vouches for which session is asking by signing its id
// (VIEW_SIGNING_SECRET, shared with the CMS), so no client can make up ids of its own.

import {
  newViewerId,
  signViewerToken,
  verifyViewerToken,
  viewSigningSecretFromEnv,
  VIEWER_TOKEN_TTL_MS,
} from '@framecast/contracts';

export const VIEWER_COOKIE = 'fc_viewer';

const DOCUMENT_ID = /^[A-Za-z0-9]{1,64}$/;
/** Longer than any video the platform takes; a bigger number is not a real watch. */
const MAX_WATCHED_SECONDS = 24 * 3600;
/** A signed id this close to its end is replaced rather than sent, so the CMS never sees it expire on the way. */
const RENEW_BEFORE_MS = 10 * 60 * 1000;

/** VIEW_SIGNING_SECRET, or undefined when this site is not set up to count views. */
export function viewSigningSecret(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return viewSigningSecretFromEnv(env) ?? undefined;
}

/**
 * The signed viewer id to send for this browser session: the cookie's when this site signed it and it has time
 * left, else a new one (`fresh`: the caller sets the cookie). A made-up or tampered cookie never gets through.
 */
export function viewerTokenFor(
  cookie: string | undefined,
  secret: string,
  now: number = Date.now(),
): { token: string; fresh: boolean } {
  const check = verifyViewerToken(secret, cookie, now, VIEWER_TOKEN_TTL_MS - RENEW_BEFORE_MS);
  if (check.ok && cookie) return { token: cookie, fresh: false };
  return { token: signViewerToken(secret, newViewerId(), now), fresh: true };
}

/** A browser-session cookie (no expiry) that scripts cannot read and cross-site subrequests do not carry. */
export function viewerCookieOptions(url: URL) {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: url.protocol === 'https:' } as const;
}

export type ViewBody = { ok: true; video: string; watchedSeconds: number } | { ok: false; message: string };

/** The player's JSON body `{ video, watchedSeconds }`, checked before it reaches the CMS. */
export function parseViewBody(body: unknown): ViewBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'Expected a JSON object' };
  const { video, watchedSeconds } = body as Record<string, unknown>;
  if (typeof video !== 'string' || !DOCUMENT_ID.test(video))
    return { ok: false, message: '`video` must be a video documentId' };
  if (
    typeof watchedSeconds !== 'number' ||
    !Number.isFinite(watchedSeconds) ||
    watchedSeconds < 0 ||
    watchedSeconds > MAX_WATCHED_SECONDS
  ) {
    return { ok: false, message: '`watchedSeconds` must be a number of seconds' };
  }
  return { ok: true, video, watchedSeconds: Math.round(watchedSeconds * 10) / 10 };
}
