// Per-session tokens that every state-changing form carries; the middleware compares them in one place.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The hidden input's name. */
export const CSRF_FIELD = '_csrf';

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

// Digests first: equal lengths for timingSafeEqual, and no early exit that would tell how much matched.
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Whether the submitted token is the session's one; a missing or empty token on either side never matches. */
export function csrfTokensMatch(expected: string | undefined | null, submitted: unknown): boolean {
  if (typeof expected !== 'string' || expected.length === 0) return false;
  if (typeof submitted !== 'string' || submitted.length === 0) return false;
  return timingSafeEqual(digest(expected), digest(submitted));
}
