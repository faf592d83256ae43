// Where to send a viewer after signing in: only a path on this site, never another origin (open redirects).

const PROBE_ORIGIN = 'http://framecast.invalid';
const MAX_LENGTH = 2048;
// Control characters and backslashes: browsers "fix" them into other paths, sometimes other hosts.
const UNSAFE = /[\u0000-\u001f\u007f\\]/;
// Going back to these would loop or undo what the viewer just did.
const NOT_A_DESTINATION = /^\/account\/(sign-in|sign-out|register)(?:[/?#]|$)/;

export const DEFAULT_RETURN_PATH = '/account';

/** `raw` as a path on this site (with its query and fragment), or undefined when it could lead anywhere else. */
export function sameSitePath(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return undefined;
  if (!raw.startsWith('/') || raw.startsWith('//') || UNSAFE.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return undefined;
  }
  return url.origin === PROBE_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : undefined;
}

/** The `next` value of the sign-in form as a same-site path, or `fallback` when it is anything else. */
export function safeReturnPath(raw: unknown, fallback: string = DEFAULT_RETURN_PATH): string {
  const path = sameSitePath(raw);
  return path && !NOT_A_DESTINATION.test(path) ? path : fallback;
}

/** The sign-in page's address that brings the viewer back to `path` afterwards. */
export function signInHref(path?: string, notice?: 'expired'): string {
  const params = new URLSearchParams();
  const next = path === undefined ? undefined : safeReturnPath(path, '');
  if (next && next !== '/') params.set('next', next);
  if (notice) params.set('notice', notice);
  const query = params.toString();
  return `/account/sign-in${query ? `?${query}` : ''}`;
}
