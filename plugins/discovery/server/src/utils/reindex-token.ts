/**
 * The short-lived token `npm run reindex` sends to a running CMS: an HMAC of its expiry under the CMS's
 * ADMIN_JWT_SECRET, so only someone holding the server's settings can start a rebuild. No other imports:
 * the reindex script loads this file from dist/.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PURPOSE = 'framecast-discovery-reindex';
const LIFETIME_MS = 60_000;

function mac(secret: string, expires: number): string {
  return createHmac('sha256', secret).update(`${PURPOSE}:${expires}`).digest('base64url');
}

export function signReindexToken(secret: string, now = Date.now()): string {
  const expires = now + LIFETIME_MS;
  return `${expires}.${mac(secret, expires)}`;
}

export function verifyReindexToken(secret: string, token: string, now = Date.now()): boolean {
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match || !secret) return false;
  const expires = Number(match[1]);
  if (expires < now || expires > now + LIFETIME_MS) return false;
  const expected = Buffer.from(mac(secret, expires));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
