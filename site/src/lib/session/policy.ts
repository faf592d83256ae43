// How long a viewer stays signed in, and how the session cookie looks, read from the environment at run time.
// Pure decisions (no Astro, no I/O) so they can be tested on their own; viewer-session.ts applies them.

import { REFRESH_MARGIN_MS } from './access-token';
import { SESSION_DEFAULTS } from '../account/rules';
import { ConfigError } from '../config';

/** The name Astro's session runtime uses (fixed at build time); the browser may see the `__Host-` form instead. */
export const SESSION_COOKIE = 'framecast-session';
/** Browsers accept this prefix only on a Secure, host-only cookie with Path=/: no subdomain can plant or read it. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SessionPolicy {
  /** A session not remembered ends after this long without a request. */
  idleMs: number;
  /** A session not remembered ends this long after sign-in, however active. */
  absoluteMs: number;
  /** A remembered session ends this long after sign-in (and survives browser restarts until then). */
  rememberMs: number;
  /** How long before an access token expires the site refreshes it. */
  refreshMarginMs: number;
  /** Secure cookie with the `__Host-` prefix (the site is served over https). */
  secureCookie: boolean;
  /** The cookie name the browser holds. */
  cookieName: string;
}

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new ConfigError(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
  return value;
}

function readSecure(env: NodeJS.ProcessEnv): boolean {
  const explicit = env.SESSION_COOKIE_SECURE?.trim().toLowerCase();
  if (explicit === 'true') return true;
  if (explicit === 'false') return false;
  if (explicit)
    throw new ConfigError(`SESSION_COOKIE_SECURE must be true or false, got "${env.SESSION_COOKIE_SECURE}"`);
  const siteUrl = (env.PUBLIC_SITE_URL || env.SITE_URL || '').trim().toLowerCase();
  return siteUrl.startsWith('https://');
}

export function readSessionPolicy(env: NodeJS.ProcessEnv = process.env): SessionPolicy {
  // minutes and hours may be fractions, so a test can run a short idle timeout without waiting half an hour
  const idleMs = readNumber(env, 'SESSION_IDLE_MINUTES', SESSION_DEFAULTS.idleMinutes, 0.05, 7 * 24 * 60) * MINUTE;
  const absoluteMs = readNumber(env, 'SESSION_ABSOLUTE_HOURS', SESSION_DEFAULTS.absoluteHours, 0.01, 30 * 24) * HOUR;
  const rememberMs = readNumber(env, 'SESSION_REMEMBER_DAYS', SESSION_DEFAULTS.rememberDays, 1, 400) * DAY;
  // a margin as long as the token's life refreshes on every request (tests use it to exercise rotation)
  const refreshMarginMs = readNumber(env, 'SESSION_REFRESH_MARGIN_SECONDS', REFRESH_MARGIN_MS / 1000, 0, 86_400) * 1000;
  const secureCookie = readSecure(env);
  return {
    idleMs,
    absoluteMs,
    rememberMs,
    refreshMarginMs,
    secureCookie,
    cookieName: secureCookie ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
  };
}

let cached: SessionPolicy | undefined;

export function sessionPolicy(): SessionPolicy {
  cached ??= readSessionPolicy();
  return cached;
}

/** For tests: read the environment again on the next call. */
export function resetSessionPolicyForTests(): void {
  cached = undefined;
}

/** The timestamps a signed-in session keeps (ms since the epoch). */
export interface SessionClock {
  signedInAt: number;
  lastSeenAt: number;
  remember: boolean;
}

/** When the session ends however active the viewer is. */
export function sessionDeadline(clock: SessionClock, policy: SessionPolicy): number {
  return clock.signedInAt + (clock.remember ? policy.rememberMs : policy.absoluteMs);
}

export type SessionVerdict = 'active' | 'idle' | 'expired';

/**
 * Whether a signed-in session may go on. A remembered session has no idle limit: "remember me" is for a viewer who
 * comes back after days, which an idle limit of minutes would undo.
 */
export function sessionVerdict(clock: SessionClock, now: number, policy: SessionPolicy): SessionVerdict {
  if (now >= sessionDeadline(clock, policy)) return 'expired';
  if (!clock.remember && now - clock.lastSeenAt >= policy.idleMs) return 'idle';
  return 'active';
}

/**
 * Whether to write `lastSeenAt` back on this request. Every write costs a storage round trip and resends the
 * cookie, so it is written at most every minute (more often only when the idle limit is shorter than 4 minutes).
 */
export function shouldTouch(clock: SessionClock, now: number, policy: SessionPolicy): boolean {
  if (clock.remember) return false;
  return now - clock.lastSeenAt >= Math.min(MINUTE, policy.idleMs / 4);
}

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  path: '/';
  secure: boolean;
  /** Seconds; only a remembered session's cookie outlives the browser. */
  maxAge?: number;
}

/** The session cookie's attributes: a browser-session cookie, or one that lasts until a remembered session's deadline. */
export function sessionCookieOptions(
  policy: SessionPolicy,
  clock: SessionClock | undefined,
  now: number,
): SessionCookieOptions {
  const options: SessionCookieOptions = { httpOnly: true, sameSite: 'lax', path: '/', secure: policy.secureCookie };
  if (clock?.remember) options.maxAge = Math.max(0, Math.floor((sessionDeadline(clock, policy) - now) / 1000));
  return options;
}

export type OutgoingCookie = { kind: 'set'; value: string } | { kind: 'deleted' } | { kind: 'untouched' };

/** What this response's Set-Cookie lines (AstroCookies#headers) do to cookie `name`; the last line wins. */
export function outgoingCookie(setCookieLines: Iterable<string>, name: string): OutgoingCookie {
  let state: OutgoingCookie = { kind: 'untouched' };
  for (const line of setCookieLines) {
    const pair = line.split(';', 1)[0] ?? '';
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim() !== name) continue;
    const expired = /;\s*expires=Thu, 01 Jan 1970/i.test(line) || /;\s*max-age=0(;|$)/i.test(line);
    state = expired ? { kind: 'deleted' } : { kind: 'set', value: decodeURIComponent(pair.slice(equals + 1).trim()) };
  }
  return state;
}

/**
 * The request's Cookie header as Astro's session runtime must see it when the browser holds the `__Host-` cookie:
 * that cookie under the runtime's name, and any cookie already under that name dropped (over https a plain-named
 * session cookie can only have been planted). Returns the header unchanged when there is nothing to do.
 */
export function cookieHeaderForRuntime(header: string | null, policy: SessionPolicy): string | null {
  if (!header || policy.cookieName === SESSION_COOKIE) return header;
  const pairs = header
    .split(';')
    .map((pair) => pair.trim())
    .filter(Boolean);
  const kept: string[] = [];
  for (const pair of pairs) {
    const name = pair.slice(0, Math.max(0, pair.indexOf('='))).trim();
    if (name === SESSION_COOKIE) continue;
    kept.push(name === policy.cookieName ? `${SESSION_COOKIE}=${pair.slice(pair.indexOf('=') + 1)}` : pair);
  }
  return kept.join('; ');
}
