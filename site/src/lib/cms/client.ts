// The site's one client for the Strapi REST API: the one fetch wrapper (timeouts, a short in-memory cache with a
// stale fallback, typed errors from errors.ts) and the uncached account call. The resource modules beside it
// (videos.ts, accounts.ts, …) build on these; pages import from `lib/cms` and never call fetch themselves.

import { REQUEST_ID_HEADER } from '@framecast/contracts';
import { getConfig } from '../config';
import { log } from '../log';
import { siteMetrics, type CmsCallOutcome } from '../metrics';
import { requestContext } from '../request-context';
import type { CmsHealth, ListResponse, Page, StrapiErrorBody } from '../types';
import { CmsNotFoundError, CmsRequestError, CmsUnavailableError } from './errors';
import { toQueryString, type QueryObject } from './query';
import { ResponseCache } from './response-cache';

export const MAX_PAGE_SIZE = 100;

export interface ListOptions {
  page?: number;
  pageSize?: number;
}

interface RequestOptions {
  /** Catalog reads are cached; health checks are not. */
  cache?: boolean;
  /** Strapi content responses carry `data`; plugin endpoints such as health do not. */
  expectData?: boolean;
}

let responseCache: ResponseCache<unknown> | undefined;

// After the CMS times out or refuses connections, requests that have a stale copy use it at once for
// this long instead of each waiting out its own timeout (a page with two CMS calls would wait twice).
const OUTAGE_WINDOW_MS = 5000;
let lastOutageAt = Number.NEGATIVE_INFINITY;

function inOutage(): boolean {
  return performance.now() - lastOutageAt < OUTAGE_WINDOW_MS;
}

function cache(): ResponseCache<unknown> {
  if (!responseCache) {
    const { cacheTtlMs, cacheStaleMs, cacheMaxEntries, cacheRevalidateMs } = getConfig();
    responseCache = new ResponseCache<unknown>({
      ttlMs: cacheTtlMs,
      staleMs: Math.max(cacheStaleMs, cacheRevalidateMs),
      revalidateMs: cacheRevalidateMs,
      maxEntries: cacheMaxEntries,
    });
  }
  return responseCache;
}

/** For tests: drop every cached response and forget any outage (the next call reads the settings again). */
export function resetCmsClientForTests(): void {
  responseCache = undefined;
  lastOutageAt = Number.NEGATIVE_INFINITY;
}

/** `query` is Strapi's bracket syntax, or a ready query string (plugin endpoints with flat, repeated keys). */
export function apiUrl(path: string, query: QueryObject | string = {}): string {
  const search = typeof query === 'string' ? query : toQueryString(query);
  return `${getConfig().cmsUrl}/api${path}${search ? `?${search}` : ''}`;
}

function requestHeaders(): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = process.env.CMS_API_TOKEN?.trim();
  if (token) headers.authorization = `Bearer ${token}`;
  return { ...headers, ...forwardedContext() };
}

/**
 * What the CMS needs to know of the viewer's request: the viewer's address (the CMS limits searches, view beacons and
 * failed sign-ins per viewer; it trusts this header from the site's address only) and the request's id (the CMS logs
 * it and gives it to the jobs it starts, so one id follows the request from the site to the worker).
 */
function forwardedContext(): Record<string, string> {
  const context = requestContext.getStore();
  return {
    ...(context?.clientAddress ? { 'x-forwarded-for': context.clientAddress } : {}),
    ...(context?.requestId ? { [REQUEST_ID_HEADER.toLowerCase()]: context.requestId } : {}),
  };
}

// The abort reason is a DOMException, which is not an Error in every realm (test runners): compare names.
export function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

function outcomeOf(error: unknown): CmsCallOutcome {
  if (error instanceof CmsUnavailableError) return error.reason;
  if (error instanceof CmsNotFoundError) return 'not-found';
  if (error instanceof CmsRequestError) return 'refused';
  return 'error';
}

/** Times one call to the CMS for the metrics, with how it ended (the typed error it threw, or ok). */
async function timedCall<T>(url: string, method: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let outcome: CmsCallOutcome = 'ok';
  try {
    return await call();
  } catch (error) {
    outcome = outcomeOf(error);
    throw error;
  } finally {
    siteMetrics.observeCmsCall({ url, method, outcome, seconds: (performance.now() - started) / 1000 });
  }
}

export function fetchJson<T>(url: string, expectData = true, body?: unknown): Promise<T> {
  return timedCall(url, body === undefined ? 'GET' : 'POST', () => fetchJsonOnce<T>(url, expectData, body));
}

async function fetchJsonOnce<T>(url: string, expectData: boolean, body: unknown): Promise<T> {
  const { cmsTimeoutMs } = getConfig();
  let response: Response;
  const init: RequestInit =
    body === undefined
      ? { headers: requestHeaders() }
      : {
          method: 'POST',
          headers: { ...requestHeaders(), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        };
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(cmsTimeoutMs) });
  } catch (error) {
    throw new CmsUnavailableError(isTimeout(error) ? 'timeout' : 'network', url, { cause: error });
  }

  let payload: unknown;
  try {
    payload = await response.json();
  } catch (error) {
    // A body that stalls past the timeout also lands here.
    if (response.status === 404) throw new CmsNotFoundError('Resource', url);
    throw new CmsUnavailableError(isTimeout(error) ? 'timeout' : 'invalid-response', url, {
      status: response.status,
      cause: error,
    });
  }

  if (response.status === 404) throw new CmsNotFoundError('Resource', url);
  if (response.status >= 500) throw new CmsUnavailableError('server-error', url, { status: response.status });
  if (!response.ok) {
    const message = (payload as Partial<StrapiErrorBody> | null)?.error?.message ?? response.statusText;
    throw new CmsRequestError(response.status, message, url);
  }
  if (typeof payload !== 'object' || payload === null || (expectData && !('data' in payload))) {
    throw new CmsUnavailableError('invalid-response', url, { status: response.status });
  }
  return payload as T;
}

/**
 * A POST the CMS answers with no body (204): analytics beacons. `headers` adds what the CMS needs from the viewer's own
 * request (user agent, Do-Not-Track). Resolves to the status; a refusal (4xx) is a CmsRequestError, the CMS down a
 * CmsUnavailableError.
 */
export function postNoContent(path: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const url = apiUrl(path);
  return timedCall(url, 'POST', () => postNoContentOnce(url, body, headers));
}

async function postNoContentOnce(url: string, body: unknown, headers: Record<string, string>): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, ...requestHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(getConfig().cmsTimeoutMs),
    });
  } catch (error) {
    throw new CmsUnavailableError(isTimeout(error) ? 'timeout' : 'network', url, { cause: error });
  }
  const payload = (await response.json().catch(() => null)) as Partial<StrapiErrorBody> | null;
  if (response.status === 404) throw new CmsNotFoundError('Resource', url);
  if (response.status >= 500) throw new CmsUnavailableError('server-error', url, { status: response.status });
  if (!response.ok) throw new CmsRequestError(response.status, payload?.error?.message ?? response.statusText, url);
  return response.status;
}

export async function request<T>(path: string, query: QueryObject | string, options: RequestOptions = {}): Promise<T> {
  const url = apiUrl(path, query);
  if (options.cache === false) return fetchJson<T>(url, options.expectData ?? true);

  const store = cache();
  const hit = store.fresh(url);
  if (hit !== undefined) {
    siteMetrics.countCacheRead('hit');
    return hit as T;
  }
  if (inOutage()) {
    const stale = store.stale(url);
    if (stale !== undefined) {
      siteMetrics.countCacheRead('stale');
      return stale as T;
    }
  }
  const load = () =>
    store.coalesce(url, async () => {
      const value = await fetchJson<T>(url);
      store.set(url, value);
      lastOutageAt = Number.NEGATIVE_INFINITY;
      return value;
    });
  // just expired: this request gets the copy in hand, one background request replaces it (a slow CMS never waits here)
  const revalidating = store.revalidating(url);
  if (revalidating !== undefined) {
    siteMetrics.countCacheRead('stale');
    load().catch((error: unknown) => {
      // gone or refused now (a video made private, removed): the copy must not be answered again
      if (error instanceof CmsNotFoundError || error instanceof CmsRequestError) store.delete(url);
      if (error instanceof CmsUnavailableError && (error.reason === 'timeout' || error.reason === 'network'))
        lastOutageAt = performance.now();
      log.warn('cms revalidation failed, the stale copy stays', {
        url,
        error: error instanceof Error ? error.message : String(error),
      });
    });
    return revalidating as T;
  }

  try {
    const value = (await load()) as T;
    siteMetrics.countCacheRead('miss');
    return value;
  } catch (error) {
    if (error instanceof CmsUnavailableError) {
      if (error.reason === 'timeout' || error.reason === 'network') lastOutageAt = performance.now();
      const stale = store.stale(url);
      if (stale !== undefined) {
        siteMetrics.countCacheRead('stale');
        log.warn('cms unavailable, serving stale response', { url, reason: error.reason, status: error.status });
        return stale as T;
      }
    }
    siteMetrics.countCacheRead('miss');
    throw error;
  }
}

export function pagination(options: ListOptions, defaultPageSize: number): QueryObject {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(options.pageSize ?? defaultPageSize)));
  return { page, pageSize };
}

export function toPage<T>(response: ListResponse<T>): Page<T> {
  const items = Array.isArray(response.data) ? response.data : [];
  const pagination = response.meta?.pagination ?? {
    page: 1,
    pageSize: items.length,
    pageCount: 1,
    total: items.length,
  };
  return { items, pagination };
}

export async function findOne<T>(what: string, path: string, query: QueryObject): Promise<T> {
  const response = await request<ListResponse<T>>(path, { ...query, pagination: { page: 1, pageSize: 1 } });
  const first = Array.isArray(response.data) ? response.data[0] : undefined;
  if (!first) throw new CmsNotFoundError(what, apiUrl(path, query));
  return first;
}

// ---- account calls (uncached, as nobody or as the viewer) --------------------------------------------------------

export interface AccountCall {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: string;
  /** JSON, or a FormData sent as multipart (uploads). */
  body?: unknown;
  /** The viewer's access token, for calls made as the viewer. */
  bearer?: string;
  /** What a 404 means: the routes are missing (default: unavailable), or the thing asked for does not exist. */
  missing?: 'unavailable' | 'not-found';
}

export type AccountAnswer = { redirected: true } | { redirected: false; payload: Record<string, unknown> };

function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

/**
 * One uncached call to an account endpoint. Account calls never carry the site's own API token (they act as
 * nobody, or as the viewer), never follow redirects (email confirmation answers with one), and turn every refusal
 * into a CmsRequestError that keeps Strapi's `details` (reason, fields, retryAfterSeconds).
 */
export function accountCall(path: string, call: AccountCall = {}): Promise<AccountAnswer> {
  const url = apiUrl(path, call.query ?? '');
  return timedCall(url, call.method ?? 'POST', () => accountCallOnce(url, call));
}

async function accountCallOnce(
  url: string,
  { method = 'POST', body, bearer, missing = 'unavailable' }: AccountCall,
): Promise<AccountAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...forwardedContext() };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(getConfig().cmsTimeoutMs),
    });
  } catch (error) {
    throw new CmsUnavailableError(isTimeout(error) ? 'timeout' : 'network', url, { cause: error });
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    return { redirected: true };
  }
  if (response.status === 404 && missing === 'not-found') {
    await response.body?.cancel();
    throw new CmsNotFoundError('Resource', url);
  }
  if (response.status === 204) return { redirected: false, payload: {} };
  // a CMS without the accounts routes: accounts are down, not a page that does not exist
  if (response.status === 404 || response.status >= 500) {
    await response.body?.cancel();
    throw new CmsUnavailableError('server-error', url, { status: response.status });
  }
  let payload: unknown;
  try {
    payload = await response.json();
  } catch (error) {
    throw new CmsUnavailableError(isTimeout(error) ? 'timeout' : 'invalid-response', url, {
      status: response.status,
      cause: error,
    });
  }
  if (!response.ok) {
    const failure = (payload as Partial<StrapiErrorBody> | null)?.error;
    const details = failure?.details && typeof failure.details === 'object' ? failure.details : {};
    throw new CmsRequestError(response.status, failure?.message ?? response.statusText, url, {
      details,
      retryAfterSeconds: retryAfter(response),
    });
  }
  if (typeof payload !== 'object' || payload === null)
    throw new CmsUnavailableError('invalid-response', url, { status: response.status });
  return { redirected: false, payload: payload as Record<string, unknown> };
}

/** An account call whose answer must be a JSON body (a redirect is an invalid answer). */
export async function viewerCall<T>(path: string, options: AccountCall): Promise<T> {
  const answer = await accountCall(path, options);
  if (answer.redirected) throw new CmsUnavailableError('invalid-response', path, { status: 302 });
  return answer.payload as T;
}

/** The viewer's access token, or none for a signed-out read. */
export type Bearer = string | undefined;

/** An account call where 404 means the thing asked for does not exist (community and library items); a redirect reads as {}. */
export async function resourceCall<T>(
  path: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  bearer: Bearer,
  body?: unknown,
  query?: string,
): Promise<T> {
  const answer = await accountCall(path, { method, bearer, body, query, missing: 'not-found' });
  return (answer.redirected ? {} : answer.payload) as T;
}

// ---- health ---------------------------------------------------------------------------------

/**
 * Asks the CMS's readiness (GET /api/health/ready: its database, storage, queue and search usable), uncached: `ready`,
 * `not-ready` (the CMS answered 503) or `unreachable`. Never throws. The site's own readiness is the CMS's.
 */
export async function checkCmsReadiness(): Promise<'ready' | 'not-ready' | 'unreachable'> {
  try {
    await request<unknown>('/health/ready', {}, { cache: false, expectData: false });
    return 'ready';
  } catch (error) {
    if (error instanceof CmsUnavailableError && error.status === 503) return 'not-ready';
    log.warn('cms readiness check failed', { error: error instanceof Error ? error.message : String(error) });
    return 'unreachable';
  }
}

/** Asks the CMS health endpoint, uncached. Never throws. */
export async function checkCmsHealth(): Promise<CmsHealth> {
  const started = performance.now();
  try {
    await request<unknown>('/health', {}, { cache: false, expectData: false });
    return { reachable: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    log.warn('cms health check failed', { error: error instanceof Error ? error.message : String(error) });
    return { reachable: false, latencyMs: Math.round(performance.now() - started) };
  }
}
