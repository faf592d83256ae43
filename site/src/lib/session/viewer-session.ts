// The signed-in viewer's server-side session: the CMS tokens live here and only here (the browser holds an opaque
// session id). Applies policy.ts: timeouts, token refresh, CSRF tokens and the cookie the browser keeps.

import { createHash } from 'node:crypto';
import type { AstroCookies, AstroSession } from 'astro';
import { accessTokenNeedsRefresh } from './access-token';
import {
  CmsRequestError,
  refreshAccess,
  revokeAccess,
  type AccessTokens,
  type AccountUser,
  type SignedIn,
} from '../cms';
import { CSRF_FIELD, csrfTokensMatch, newCsrfToken } from './csrf';
import { log } from '../log';
import { SessionUnavailableError } from './errors';
import {
  SESSION_COOKIE,
  cookieHeaderForRuntime,
  outgoingCookie,
  sessionCookieOptions,
  sessionPolicy,
  sessionVerdict,
  shouldTouch,
  type SessionClock,
  type SessionPolicy,
} from './policy';

/** What pages may know about the signed-in viewer (never the tokens). */
export interface Viewer {
  id: number;
  documentId: string;
  username: string;
  email: string;
}

export interface StoredAuth extends SessionClock, AccessTokens {
  user: Viewer;
}

/** A mail the viewer was just told to look for (shown by /account/check-email). */
export interface MailNotice {
  purpose: 'confirm' | 'reset';
  email: string;
}

export type ViewerState = { viewer?: Viewer; csrfToken?: string; ended?: 'expired' | 'revoked' };

/** The session's calls to the CMS were refused for good: the viewer is signed out. */
export class SignedOutError extends Error {
  override name = 'SignedOutError';
}

function viewerOf(user: AccountUser): Viewer {
  return { id: user.id, documentId: user.documentId, username: user.username, email: user.email };
}

// ---- token refresh -------------------------------------------------------------------------------------------------

// Refresh tokens rotate: two requests of one viewer refreshing at once would each spend the same token and the
// slower one would be refused. One refresh per token at a time, and its result is remembered briefly for requests
// that still read the old token from the session.
const REFRESH_MEMORY_MS = 60_000;
const refreshing = new Map<string, Promise<AccessTokens>>();
const refreshed = new Map<string, { tokens: AccessTokens; at: number }>();

const tokenKey = (refreshToken: string) => createHash('sha256').update(refreshToken).digest('base64url');

function forgetOldRefreshes(now: number): void {
  for (const [key, entry] of refreshed) {
    if (now - entry.at < REFRESH_MEMORY_MS) break;
    refreshed.delete(key);
  }
}

export async function refreshOnce(refreshToken: string): Promise<AccessTokens> {
  const key = tokenKey(refreshToken);
  const now = Date.now();
  forgetOldRefreshes(now);
  const recent = refreshed.get(key);
  if (recent) return recent.tokens;
  let pending = refreshing.get(key);
  if (!pending) {
    pending = refreshAccess(refreshToken)
      .then((tokens) => {
        refreshed.set(key, { tokens, at: Date.now() });
        return tokens;
      })
      .finally(() => refreshing.delete(key));
    refreshing.set(key, pending);
  }
  return pending;
}

/** For tests: forget refreshes in flight and remembered. */
export function resetRefreshesForTests(): void {
  refreshing.clear();
  refreshed.clear();
}

const isRefusal = (error: unknown) => error instanceof CmsRequestError && error.status < 500;

/**
 * Runs `call` with a valid access token: refreshed first when it is about to expire, and refreshed once more and
 * retried when the CMS answers 401. The rotated tokens are stored. Throws SignedOutError (after ending the session)
 * when the CMS no longer accepts the refresh token.
 */
export async function withViewerAccess<T>(
  session: AstroSession,
  call: (tokens: AccessTokens) => Promise<T>,
): Promise<T> {
  let auth = await session.get('auth');
  if (!auth) throw new SignedOutError('not signed in');
  const renew = async (current: StoredAuth): Promise<StoredAuth> => {
    try {
      const next = { ...current, ...(await refreshOnce(current.refreshToken)) };
      session.set('auth', next);
      return next;
    } catch (error) {
      if (!isRefusal(error)) throw error;
      session.destroy();
      throw new SignedOutError('refresh refused', { cause: error });
    }
  };
  if (accessTokenNeedsRefresh(auth.jwt, Date.now(), sessionPolicy().refreshMarginMs)) auth = await renew(auth);
  try {
    return await call(auth);
  } catch (error) {
    if (!(error instanceof CmsRequestError && error.status === 401)) throw error;
    auth = await renew(auth);
    return call(auth);
  }
}

/** Runs `call` with the signed-in viewer's fresh access token (SignedOutError when the session is over). */
export function asViewer<T>(session: AstroSession, call: (jwt: string) => Promise<T>): Promise<T> {
  return withViewerAccess(session, ({ jwt }) => call(jwt));
}

// ---- signing in and out --------------------------------------------------------------------------------------------

/** Starts the viewer's session under a new id (no id seen before sign-in survives it) with a new CSRF token. */
export async function beginViewerSession(
  session: AstroSession,
  signedIn: SignedIn,
  remember: boolean,
  now: number = Date.now(),
): Promise<void> {
  await session.regenerate();
  session.set('auth', {
    jwt: signedIn.jwt,
    refreshToken: signedIn.refreshToken,
    user: viewerOf(signedIn.user),
    remember,
    signedInAt: now,
    lastSeenAt: now,
  });
  session.set('csrf', newCsrfToken());
  session.delete('mailNotice');
}

/** Revokes the CMS session behind the stored tokens (best effort: the site's session ends either way). */
async function revoke(session: AstroSession): Promise<void> {
  try {
    await withViewerAccess(session, revokeAccess);
  } catch (error) {
    if (error instanceof SignedOutError || isRefusal(error)) return; // the tokens were dead already
    log.warn('cms logout failed; the site session ends anyway', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Ends the session on the site and in the CMS: a copy of the cookie, or of the tokens, stops working. */
export async function endViewerSession(session: AstroSession): Promise<void> {
  let auth: StoredAuth | undefined;
  try {
    auth = await session.get('auth');
  } catch {
    auth = undefined;
  }
  if (auth) await revoke(session);
  session.destroy();
}

// ---- per request (middleware) --------------------------------------------------------------------------------------

/** Over https the browser holds the `__Host-` cookie; Astro's runtime reads its own name, so it gets the value under that. */
export function adoptSessionCookie(request: Request, policy: SessionPolicy): void {
  const header = request.headers.get('cookie');
  const adopted = cookieHeaderForRuntime(header, policy);
  if (adopted !== header && adopted !== null) request.headers.set('cookie', adopted);
}

const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** Whether a state-changing request carries this session's CSRF token (form field, or header for scripts). */
export async function csrfAccepted(request: Request, session: AstroSession | undefined): Promise<boolean> {
  let submitted: unknown;
  if (FORM_TYPES.test(request.headers.get('content-type') ?? '')) {
    try {
      // a clone: the page reads the body itself
      submitted = (await request.clone().formData()).get(CSRF_FIELD);
    } catch {
      return false;
    }
  } else {
    submitted = request.headers.get('x-csrf-token');
  }
  let expected: string | undefined;
  try {
    expected = await session?.get('csrf');
  } catch {
    expected = undefined;
  }
  return csrfTokensMatch(expected, submitted);
}

/** The session's CSRF token, created on first use: forms shown to signed-out visitors need one too. */
export async function csrfTokenFor(session: AstroSession | undefined): Promise<string> {
  if (!session) throw new SessionUnavailableError('Astro sessions are not configured');
  let existing: string | undefined;
  try {
    existing = await session.get('csrf');
  } catch (error) {
    throw new SessionUnavailableError('session storage failed', { cause: error });
  }
  if (existing) return existing;
  const token = newCsrfToken();
  session.set('csrf', token);
  return token;
}

/**
 * Who is signed in on this request. Ends a session past its idle or absolute limit (revoking its CMS tokens) and
 * one whose refresh token the CMS refuses; refreshes an access token about to expire; records activity.
 */
export async function resolveViewer(
  session: AstroSession | undefined,
  policy: SessionPolicy,
  now: number = Date.now(),
): Promise<ViewerState> {
  if (!session) return {};
  let auth: StoredAuth | undefined;
  try {
    auth = await session.get('auth');
  } catch (error) {
    // unreadable or unreachable storage: serve the page signed out rather than not at all
    log.warn('session storage failed; treating the viewer as signed out', {
      error: error instanceof Error ? error.message : String(error),
    });
    return {};
  }
  if (!auth) return {};

  const verdict = sessionVerdict(auth, now, policy);
  if (verdict !== 'active') {
    log.info('session ended', { reason: verdict, userId: auth.user.id });
    await endViewerSession(session);
    return { ended: 'expired' };
  }

  let next = auth;
  if (accessTokenNeedsRefresh(auth.jwt, now, policy.refreshMarginMs)) {
    try {
      next = { ...next, ...(await refreshOnce(auth.refreshToken)) };
    } catch (error) {
      if (isRefusal(error)) {
        log.info('session ended', { reason: 'refresh refused', userId: auth.user.id });
        session.destroy();
        return { ended: 'revoked' };
      }
      // the CMS is unreachable: stay signed in on the site; whatever needs the CMS fails on its own
      log.warn('token refresh failed; keeping the session', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (shouldTouch(next, now, policy)) next = { ...next, lastSeenAt: now };
  if (next !== auth) session.set('auth', next);
  return { viewer: next.user, csrfToken: await csrfTokenFor(session) };
}

/**
 * After the page: whenever Astro's runtime (re)set or deleted its session cookie on this response, sets the cookie
 * the browser must hold instead: our name (`__Host-` over https), our attributes, and for a remembered session a
 * Max-Age up to its deadline (the runtime's cookie always ends with the browser). Returns whether it touched it.
 */
export async function settleSessionCookie(
  cookies: AstroCookies,
  session: AstroSession | undefined,
  policy: SessionPolicy,
  now: number = Date.now(),
): Promise<boolean> {
  const outgoing = outgoingCookie(cookies.headers(), SESSION_COOKIE);
  if (outgoing.kind === 'untouched') return false;
  const base = sessionCookieOptions(policy, undefined, now);
  if (outgoing.kind === 'deleted') {
    cookies.delete(policy.cookieName, base);
    return true;
  }
  let auth: StoredAuth | undefined;
  try {
    auth = await session?.get('auth');
  } catch {
    auth = undefined;
  }
  cookies.set(policy.cookieName, outgoing.value, sessionCookieOptions(policy, auth, now));
  // the runtime's own plain-named line must not reach the browser when ours has another name
  if (policy.cookieName !== SESSION_COOKIE)
    cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
  return true;
}
