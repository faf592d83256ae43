// The viewer id a view beacon carries, signed by the site (which owns the viewer session) and checked by the CMS
// (which counts the view): an HMAC with VIEW_SIGNING_SECRET, shared by both, over the id and when it was issued.
// A client cannot choose ids of its own: each needs a round trip through the site, which its rate limits see.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a signed viewer id is accepted: a view counts once per viewer per video in this window. */
export const VIEWER_TOKEN_TTL_MS = 24 * 3600 * 1000;
/** A clock a little ahead on the site is not a forgery. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Shortest VIEW_SIGNING_SECRET accepted (npm start and the tests generate 32 characters or more). */
export const VIEW_SIGNING_SECRET_MIN_LENGTH = 32;

const VERSION = 'v1';
const ID = /^[A-Za-z0-9_-]{16,64}$/;
const TOKEN = /^v1\.([A-Za-z0-9_-]{16,64})\.(\d{1,13})\.([A-Za-z0-9_-]{43})$/;

export type ViewerTokenCheck =
  { ok: true; viewerId: string; issuedAt: number } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

function signature(secret: string, viewerId: string, issuedAtSeconds: number): string {
  return createHmac('sha256', secret)
    .update(`framecast-viewer:${VERSION}.${viewerId}.${issuedAtSeconds}`)
    .digest('base64url');
}

/** A fresh, unguessable viewer id (24 random bytes, 32 url-safe characters). */
export function newViewerId(): string {
  return randomBytes(24).toString('base64url');
}

/** `v1.<viewer id>.<issued at, unix seconds>.<HMAC-SHA256>`: what the site's cookie holds and the beacon carries. */
export function signViewerToken(secret: string, viewerId: string = newViewerId(), now: number = Date.now()): string {
  if (!ID.test(viewerId)) throw new Error('A viewer id is 16–64 characters of A–Z, a–z, 0–9, _ and -');
  const issuedAt = Math.floor(now / 1000);
  return `${VERSION}.${viewerId}.${issuedAt}.${signature(secret, viewerId, issuedAt)}`;
}

/** Checks a signed viewer id: well formed, signed with `secret`, issued less than `ttlMs` ago (and not in the future). */
export function verifyViewerToken(
  secret: string,
  token: unknown,
  now: number = Date.now(),
  ttlMs: number = VIEWER_TOKEN_TTL_MS,
): ViewerTokenCheck {
  const match = typeof token === 'string' ? TOKEN.exec(token) : null;
  if (!match) return { ok: false, reason: 'malformed' };
  const [, viewerId, issued, sent] = match as unknown as [string, string, string, string];
  const issuedAt = Number(issued);
  const expected = Buffer.from(signature(secret, viewerId, issuedAt));
  const given = Buffer.from(sent);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  const issuedMs = issuedAt * 1000;
  if (issuedMs > now + CLOCK_SKEW_MS || now - issuedMs >= ttlMs) return { ok: false, reason: 'expired' };
  return { ok: true, viewerId, issuedAt: issuedMs };
}

/** VIEW_SIGNING_SECRET from `env`, or null when unset; a secret too short to be one is an error. */
export function viewSigningSecretFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const secret = env.VIEW_SIGNING_SECRET?.trim();
  if (!secret) return null;
  if (secret.length < VIEW_SIGNING_SECRET_MIN_LENGTH) {
    throw new Error(
      `VIEW_SIGNING_SECRET must be at least ${VIEW_SIGNING_SECRET_MIN_LENGTH} characters (npm start generates one)`,
    );
  }
  return secret;
}
