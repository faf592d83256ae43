// Where to send a viewer next (after signing in, after a form): only a path on this site, never another origin
// (open redirects). Every redirect whose target comes from a request goes through `localRedirect`.

const PROBE_ORIGIN = 'http://framecast.invalid';
const OTHER_PROBE_ORIGIN = 'https://framecast-check.invalid:8443';
const MAX_LENGTH = 2048;
// Control characters and backslashes: browsers "fix" them into other paths, sometimes other hosts.
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const UNSAFE = /[\u0000-\u001f\u007f\\]/;
// In the path part, an encoded slash, backslash, percent sign or control character only serves to be decoded
// once more by someone (a proxy, a framework) into `//host` or `/\host`; none of the site's own paths has one.
const ENCODED_TRICK = /%(?:2f|5c|25|[01][0-9a-f]|7f)/i;
// Going back to these would loop or undo what the viewer just did.
const NOT_A_DESTINATION = /^\/account\/(sign-in|sign-out|register)(?:[/?#]|$)/;

export const DEFAULT_RETURN_PATH = '/account';

/** True when `path` is a path on the origin it is resolved against, whatever that origin is. */
function staysOn(path: string, origin: string): boolean {
  try {
    return new URL(path, origin).origin === origin;
  } catch {
    return false;
  }
}

/**
 * `raw` as a path on this site (with its query and fragment), or undefined when it could lead anywhere else.
 * The FINAL, normalised path is what is checked: `/.//evil.example` normalises to `//evil.example`, a
 * protocol-relative URL, and is refused.
 */
export function sameSitePath(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return undefined;
  if (!raw.startsWith('/') || raw.startsWith('//') || UNSAFE.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== PROBE_ORIGIN) return undefined;
  const { pathname } = url;
  if (!pathname.startsWith('/') || pathname.startsWith('//') || UNSAFE.test(pathname) || ENCODED_TRICK.test(pathname))
    return undefined;
  const path = `${pathname}${url.search}${url.hash}`;
  // what the browser will do with the Location header: resolve it against the site, whichever origin that is
  if (
    UNSAFE.test(path) ||
    path.length > MAX_LENGTH ||
    !staysOn(path, PROBE_ORIGIN) ||
    !staysOn(path, OTHER_PROBE_ORIGIN)
  )
    return undefined;
  return path;
}

/** The `next` value of a form or query as a same-site path, or `fallback` when it is anything else. */
export function safeReturnPath(raw: unknown, fallback: string = DEFAULT_RETURN_PATH): string {
  const path = sameSitePath(raw);
  return path && !NOT_A_DESTINATION.test(path) ? path : fallback;
}

/**
 * The one way to redirect to a target that came from a request (or was built from one): a 303 (by default)
 * whose Location is checked once more, as sent, to be a path on this site (else `fallback`, itself checked;
 * '/' when it is not). Parse a viewer's `next` with `safeReturnPath` first, which also refuses the loop pages.
 */
export function localRedirect(
  target: unknown,
  {
    fallback = DEFAULT_RETURN_PATH,
    status = 303,
    headers = {},
  }: { fallback?: string; status?: 301 | 302 | 303 | 307 | 308; headers?: Record<string, string> } = {},
): Response {
  const location = sameSitePath(target) ?? sameSitePath(fallback) ?? '/';
  return new Response(null, { status, headers: { ...headers, Location: location } });
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
