import { defineMiddleware, sequence } from 'astro:middleware';
import type { APIContext, MiddlewareNext } from 'astro';
import { listCategories } from './lib/cms';
import { log } from './lib/log';
import { getConfig } from './lib/config';
import { CACHE_NONE } from './lib/page';
import { PageCache } from './lib/page-cache';
import { recordRequestMetrics } from './lib/request-metrics';
import { requestContext, requestIdFrom } from './lib/request-context';
import { applySecurityHeaders } from './lib/security-headers';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, sessionPolicy } from './lib/session/policy';
import { adoptSessionCookie, csrfAccepted, resolveViewer, settleSessionCookie } from './lib/session/viewer-session';

// endpoints render no header, so they need no navigation
const NO_NAVIGATION = /^\/(health|metrics|oembed|api\/|_astro|_image|favicon)/;
// JSON endpoints (same-origin by CORS, checkOrigin for forms) and static files have no use for the viewer's session
const NO_SESSION = NO_NAVIGATION;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The page a refused form post is shown instead of its own. */
const FORM_EXPIRED_PATH = '/form-expired';
/** Where Astro keeps the cookies it will write on a response (astro/dist/core/cookies/response.js). */
const ASTRO_COOKIES = Symbol.for('astro.cookies');

let pageCache: PageCache | undefined;
function pages(): PageCache {
  if (!pageCache) {
    const config = getConfig();
    pageCache = new PageCache({
      ttlMs: config.pageCacheTtlMs,
      revalidateMs: config.pageCacheRevalidateMs,
      staleIfErrorMs: config.cacheStaleMs,
      maxEntries: config.cacheMaxEntries,
      onBackgroundError: (key, error) =>
        log.warn('page revalidation failed, the stale copy stays', {
          path: key,
          error: error instanceof Error ? error.message : String(error),
        }),
    });
  }
  return pageCache;
}

/** A visitor without a session: the same page for all of them, so a rendered copy may answer them (lib/page-cache). */
function anonymousGet(context: APIContext): boolean {
  if (context.request.method !== 'GET') return false;
  const cookies = context.request.headers.get('cookie') ?? '';
  return !cookies.split(';').some((pair) => {
    const name = pair.split('=')[0]?.trim();
    return name === SESSION_COOKIE || name === SECURE_SESSION_COOKIE;
  });
}

/** A state-changing request without this session's CSRF token gets the 403 page instead of reaching its page. */
function refuseForm(context: APIContext): Promise<Response> {
  log.info('form refused: missing or wrong csrf token', { path: context.url.pathname, method: context.request.method });
  const target = new URL(FORM_EXPIRED_PATH, context.url);
  target.searchParams.set('from', context.url.pathname);
  const headers = new Headers(context.request.headers);
  headers.delete('content-type');
  headers.delete('content-length');
  return context.rewrite(new Request(target, { method: 'GET', headers }));
}

/** Sessions, CSRF and the signed-in viewer around one page request. */
async function withViewer(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const policy = sessionPolicy();
  adoptSessionCookie(context.request, policy);
  if (!SAFE_METHODS.has(context.request.method) && !(await csrfAccepted(context.request, context.session)))
    return refuseForm(context);

  const state = await resolveViewer(context.session, policy);
  context.locals.viewer = state.viewer;
  context.locals.csrfToken = state.csrfToken;
  context.locals.sessionEnded = state.ended;

  const response = await next();
  const cookieSent = await settleSessionCookie(context.cookies, context.session, policy);
  try {
    // a page naming the viewer, or setting the session cookie, must never be stored by a shared cache
    if (context.locals.viewer || cookieSent) response.headers.set('Cache-Control', CACHE_NONE);
    // signed-out pages may be cached; the signed-in version of the same URL is another response
    else if (/\bpublic\b/.test(response.headers.get('Cache-Control') ?? '')) response.headers.append('Vary', 'Cookie');
  } catch {
    // immutable headers (Response.redirect): such responses carry no page
  }
  return response;
}

const handleRequest = defineMiddleware((context, next) => {
  const requestId = requestIdFrom(context.request.headers);
  let clientAddress: string | undefined;
  try {
    clientAddress = context.clientAddress;
  } catch {
    // not known for this request (the adapter could not tell)
  }
  return requestContext.run({ requestId, clientAddress }, async () => {
    const started = performance.now();
    if (!NO_NAVIGATION.test(context.url.pathname)) {
      // Fetched in parallel with the page's own data; Base.astro awaits it (and tolerates failure).
      const categories = listCategories();
      categories.catch(() => undefined);
      context.locals.navCategories = categories;
    }

    let response: Response;
    if (NO_SESSION.test(context.url.pathname)) response = await next();
    else if (anonymousGet(context) && pages().enabled)
      response = (await pages().serve(`${context.url.pathname}${context.url.search}`, () => withViewer(context, next)))
        .response;
    else response = await withViewer(context, next);

    const finish = (headers: Headers) => {
      headers.set('X-Request-Id', requestId);
      applySecurityHeaders(headers, context.url);
      // Error responses must never be cached by a CDN or the browser, whatever the page set.
      if (response.status >= 400) headers.set('Cache-Control', CACHE_NONE);
    };
    try {
      finish(response.headers);
    } catch {
      // immutable headers (Response.redirect, a fetched response): the same response with headers of its own
      const original = response;
      response = new Response(original.body, {
        status: original.status,
        statusText: original.statusText,
        headers: new Headers(original.headers),
      });
      // the cookies Astro attached to the original (written as Set-Cookie by the adapter) go with it
      Reflect.set(response, ASTRO_COOKIES, Reflect.get(original, ASTRO_COOKIES));
      finish(response.headers);
    }
    log.info('request', {
      method: context.request.method,
      path: context.url.pathname,
      status: response.status,
      durationMs: Math.round(performance.now() - started),
    });
    return response;
  });
});

// the metrics' timer first, so it sees what the rest answered
export const onRequest = sequence(recordRequestMetrics, handleRequest);
