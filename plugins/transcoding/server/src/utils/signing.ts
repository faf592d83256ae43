/**
 * Signed media URLs: `/media/s/<expires>.<signature>/videos/<documentId>/<version>/<file>`. The signature is an
 * HMAC of the video and the expiry, so one signed master playlist covers every playlist and segment below it
 * (their relative URIs resolve under the same signed prefix) and nothing of any other video.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck =
  { ok: true; expiresAt: number } | { ok: false; reason: 'malformed' | 'expired' | 'invalid' };

function signature(secret: string, documentId: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`media:${documentId}:${expiresAt}`).digest('base64url');
}

/** The signed path segment for a video: `<expires>.<signature>` (expires in Unix seconds). */
export function signMediaToken(secret: string, documentId: string, expiresAt: number): string {
  return `${expiresAt}.${signature(secret, documentId, expiresAt)}`;
}

export function verifyMediaToken(secret: string, documentId: string, token: string, now = Date.now()): SignatureCheck {
  const match = /^(\d{9,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const expiresAt = Number(match[1]);
  const expected = Buffer.from(signature(secret, documentId, expiresAt));
  const given = Buffer.from(match[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  if (expiresAt * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt };
}

/** Upload tickets: which admin may talk to the tus endpoint, until when. `<user id>.<expires>.<signature>`. */
export function signUploadTicket(secret: string, userId: number, expiresAt: number): string {
  const mac = createHmac('sha256', secret).update(`upload:${userId}:${expiresAt}`).digest('base64url');
  return `${userId}.${expiresAt}.${mac}`;
}

export function verifyUploadTicket(
  secret: string,
  ticket: string,
  now = Date.now(),
): { userId: number; expiresAt: number } | null {
  const match = /^(\d{1,12})\.(\d{9,12})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return null;
  const userId = Number(match[1]);
  const expiresAt = Number(match[2]);
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`upload:${userId}:${expiresAt}`).digest('base64url'),
  );
  const given = Buffer.from(match[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (expiresAt * 1000 <= now) return null;
  return { userId, expiresAt };
}
