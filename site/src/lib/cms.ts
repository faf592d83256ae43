// The site's one client for the Strapi REST API: typed calls, timeouts, a short in-memory cache
// with a stale fallback, and typed errors (see cms-errors.ts). Pages never call fetch themselves.

import { getConfig } from './config';
import { CmsNotFoundError, CmsRequestError, CmsUnavailableError } from './cms-errors';
import { log } from './log';
import { requestContext } from './request-context';
import { toQueryString, type QueryObject } from './query';
import { ResponseCache } from './response-cache';
import { normalizeQueryText, searchApiParams } from './search-params';
import type { RelatedResponse, SearchQuery, SearchResponse, SearchVideoCard, Suggestion, SuggestResponse, ViewBeacon, ViewResponse } from './discovery';
import type {
  Category,
  CmsHealth,
  Creator,
  ListResponse,
  Page,
  Playlist,
  SingleResponse,
  StrapiErrorBody,
  Tag,
  Video,
} from './types';

export { CmsError, CmsNotFoundError, CmsRequestError, CmsUnavailableError } from './cms-errors';

/** What a video card needs. */
const VIDEO_CARD_POPULATE = {
  poster: true,
  creator: { populate: { avatar: true } },
  category: true,
} satisfies QueryObject;

/** What the watch page needs. */
const VIDEO_WATCH_POPULATE = {
  poster: true,
  creator: { populate: { avatar: true } },
  category: true,
  tags: true,
  collaborators: { populate: { avatar: true } },
  chapters: true,
  captions: { populate: { file: true } },
} satisfies QueryObject;

const CREATOR_POPULATE = { avatar: true, banner: true, socialLinks: true } satisfies QueryObject;

const PLAYLIST_POPULATE = {
  videos: { populate: { poster: true, creator: true } },
  creator: { populate: { avatar: true } },
} satisfies QueryObject;

const NEWEST_FIRST = 'publishedAt:desc';
export const MAX_PAGE_SIZE = 100;

export interface ListOptions {
  page?: number;
  pageSize?: number;
}

export interface CreatorVideoOptions extends ListOptions {
  /** Leave this video out (the one being watched). */
  excludeDocumentId?: string;
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
    const { cacheTtlMs, cacheStaleMs, cacheMaxEntries } = getConfig();
    responseCache = new ResponseCache<unknown>({ ttlMs: cacheTtlMs, staleMs: cacheStaleMs, maxEntries: cacheMaxEntries });
  }
  return responseCache;
}

/** For tests: drop every cached response and forget any outage (the next call reads the settings again). */
export function resetCmsClientForTests(): void {
  responseCache = undefined;
  lastOutageAt = Number.NEGATIVE_INFINITY;
}

/** `query` is Strapi's bracket syntax, or a ready query string (plugin endpoints with flat, repeated keys). */
function apiUrl(path: string, query: QueryObject | string = {}): string {
  const search = typeof query === 'string' ? query : toQueryString(query);
  return `${getConfig().cmsUrl}/api${path}${search ? `?${search}` : ''}`;
}

function requestHeaders(): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = process.env.CMS_API_TOKEN?.trim();
  if (token) headers.authorization = `Bearer ${token}`;
  return { ...headers, ...forwardedFor() };
}

// the CMS limits searches, view beacons and failed sign-ins per viewer; it trusts this header from the site's address only
function forwardedFor(): Record<string, string> {
  const clientAddress = requestContext.getStore()?.clientAddress;
  return clientAddress ? { 'x-forwarded-for': clientAddress } : {};
}

// The abort reason is a DOMException, which is not an Error in every realm (test runners): compare names.
function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

async function fetchJson<T>(url: string, expectData = true, body?: unknown): Promise<T> {
  const { cmsTimeoutMs } = getConfig();
  let response: Response;
  const init: RequestInit =
    body === undefined
      ? { headers: requestHeaders() }
      : { method: 'POST', headers: { ...requestHeaders(), 'content-type': 'application/json' }, body: JSON.stringify(body) };
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
    throw new CmsUnavailableError(isTimeout(error) ? 'timeout' : 'invalid-response', url, { status: response.status, cause: error });
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

async function request<T>(path: string, query: QueryObject | string, options: RequestOptions = {}): Promise<T> {
  const url = apiUrl(path, query);
  if (options.cache === false) return fetchJson<T>(url, options.expectData ?? true);

  const store = cache();
  const hit = store.fresh(url);
  if (hit !== undefined) return hit as T;
  if (inOutage()) {
    const stale = store.stale(url);
    if (stale !== undefined) return stale as T;
  }

  try {
    return (await store.coalesce(url, async () => {
      const value = await fetchJson<T>(url);
      store.set(url, value);
      lastOutageAt = Number.NEGATIVE_INFINITY;
      return value;
    })) as T;
  } catch (error) {
    if (error instanceof CmsUnavailableError) {
      if (error.reason === 'timeout' || error.reason === 'network') lastOutageAt = performance.now();
      const stale = store.stale(url);
      if (stale !== undefined) {
        log.warn('cms unavailable, serving stale response', { url, reason: error.reason, status: error.status });
        return stale as T;
      }
    }
    throw error;
  }
}

function pagination(options: ListOptions, defaultPageSize: number): QueryObject {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(options.pageSize ?? defaultPageSize)));
  return { page, pageSize };
}

function toPage<T>(response: ListResponse<T>): Page<T> {
  const items = Array.isArray(response.data) ? response.data : [];
  const pagination = response.meta?.pagination ?? { page: 1, pageSize: items.length, pageCount: 1, total: items.length };
  return { items, pagination };
}

async function findOne<T>(what: string, path: string, query: QueryObject): Promise<T> {
  const response = await request<ListResponse<T>>(path, { ...query, pagination: { page: 1, pageSize: 1 } });
  const first = Array.isArray(response.data) ? response.data[0] : undefined;
  if (!first) throw new CmsNotFoundError(what, apiUrl(path, query));
  return first;
}

// ---- videos ---------------------------------------------------------------------------------

/** Newest public videos, newest first. */
export async function listNewestVideos(options: ListOptions = {}): Promise<Page<Video>> {
  return toPage(
    await request<ListResponse<Video>>('/videos', {
      sort: NEWEST_FIRST,
      pagination: pagination(options, 24),
      populate: VIDEO_CARD_POPULATE,
    }),
  );
}

export async function listCategoryVideos(categorySlug: string, options: ListOptions = {}): Promise<Page<Video>> {
  return toPage(
    await request<ListResponse<Video>>('/videos', {
      filters: { category: { slug: { $eq: categorySlug } } },
      sort: NEWEST_FIRST,
      pagination: pagination(options, 24),
      populate: VIDEO_CARD_POPULATE,
    }),
  );
}

export async function listCreatorVideos(handle: string, options: CreatorVideoOptions = {}): Promise<Page<Video>> {
  const filters: QueryObject = { creator: { handle: { $eq: handle } } };
  if (options.excludeDocumentId) filters.documentId = { $ne: options.excludeDocumentId };
  return toPage(
    await request<ListResponse<Video>>('/videos', {
      filters,
      sort: NEWEST_FIRST,
      pagination: pagination(options, 24),
      populate: VIDEO_CARD_POPULATE,
    }),
  );
}

/** One video by slug: public or unlisted. Throws CmsNotFoundError otherwise. */
export async function getVideo(slug: string): Promise<Video> {
  const response = await request<SingleResponse<Video | null>>(`/videos/slug/${encodeURIComponent(slug)}`, {
    populate: VIDEO_WATCH_POPULATE,
  });
  if (!response.data) throw new CmsNotFoundError('Video', apiUrl(`/videos/slug/${encodeURIComponent(slug)}`));
  return response.data;
}

// ---- categories -----------------------------------------------------------------------------

export async function listCategories(): Promise<Category[]> {
  const response = await request<ListResponse<Category>>('/categories', {
    sort: 'position:asc',
    pagination: { page: 1, pageSize: MAX_PAGE_SIZE },
  });
  return Array.isArray(response.data) ? response.data : [];
}

export async function getCategory(slug: string): Promise<Category> {
  return findOne<Category>('Category', '/categories', { filters: { slug: { $eq: slug } } });
}

/** One tag by slug. Throws CmsNotFoundError when there is none. */
export async function getTag(slug: string): Promise<Tag> {
  return findOne<Tag>('Tag', '/tags', { filters: { slug: { $eq: slug } } });
}

// ---- creators -------------------------------------------------------------------------------

export async function getCreator(handle: string): Promise<Creator> {
  return findOne<Creator>('Creator', '/creators', {
    filters: { handle: { $eq: handle } },
    populate: CREATOR_POPULATE,
  });
}

// ---- playlists ------------------------------------------------------------------------------

/** A creator's public playlists. */
export async function listCreatorPlaylists(handle: string): Promise<Playlist[]> {
  const response = await request<ListResponse<Playlist>>('/playlists', {
    filters: { creator: { handle: { $eq: handle } }, visibility: { $eq: 'public' } },
    sort: 'updatedAt:desc',
    pagination: { page: 1, pageSize: 50 },
    populate: { videos: { populate: { poster: true } } },
  });
  return (Array.isArray(response.data) ? response.data : []).map(withoutPrivateVideos);
}

/** One public or unlisted playlist by slug, videos in playlist order. */
export async function getPlaylist(slug: string): Promise<Playlist> {
  const playlist = await findOne<Playlist>('Playlist', '/playlists', {
    filters: { slug: { $eq: slug } },
    populate: PLAYLIST_POPULATE,
  });
  if (playlist.visibility === 'private') throw new CmsNotFoundError('Playlist', apiUrl('/playlists'));
  return withoutPrivateVideos(playlist);
}

// The CMS should already leave private videos out of a playlist; this keeps a slip from reaching viewers.
function withoutPrivateVideos(playlist: Playlist): Playlist {
  const videos = (playlist.videos ?? []).filter((video) => video.visibility !== 'private');
  return videos.length === (playlist.videos ?? []).length ? playlist : { ...playlist, videos };
}

// ---- discovery (plugins/discovery) --------------------------------------------------------------

// A CMS without the discovery plugin answers 404 for its routes: that is an outage of search, not a missing page.
async function discoveryRequest<T>(path: string, query: string): Promise<T> {
  try {
    return await request<T>(path, query);
  } catch (error) {
    if (error instanceof CmsNotFoundError) throw new CmsUnavailableError('server-error', error.url, { status: 404, cause: error });
    throw error;
  }
}

const EMPTY_FACETS: SearchResponse['meta']['facets'] = { category: [], tags: [], creator: [], duration: [], uploaded: [] };

/**
 * One page of search results with facet counts (cached briefly like other reads). A query the CMS refuses
 * throws CmsRequestError (400 bad input, 429 rate limited); pages turn that into a message.
 */
export async function search(query: SearchQuery): Promise<SearchResponse> {
  const response = await discoveryRequest<SearchResponse>('/search', searchApiParams(query));
  // Pages index into these without checks: a partial answer must not become a 500.
  const meta = response.meta ?? ({} as Partial<SearchResponse['meta']>);
  return {
    data: Array.isArray(response.data) ? response.data : [],
    meta: {
      ...meta,
      query: meta.query ?? { sort: query.sort ?? 'newest', page: query.page ?? 1, pageSize: query.pageSize ?? 24 },
      total: meta.total ?? 0,
      pageCount: meta.pageCount ?? 0,
      facets: { ...EMPTY_FACETS, ...meta.facets },
      processingTimeMs: meta.processingTimeMs ?? 0,
      engine: meta.engine ?? 'database',
      degraded: meta.degraded ?? false,
    },
  };
}

/** Titles starting with (or matching) what the viewer has typed so far; [] for an empty prefix. */
export async function suggest(prefix: string): Promise<Suggestion[]> {
  const q = normalizeQueryText(prefix);
  if (!q) return [];
  const response = await discoveryRequest<SuggestResponse>('/search/suggest', new URLSearchParams({ q }).toString());
  return Array.isArray(response.data) ? response.data : [];
}

/** Videos like this one (never the video itself). */
export async function relatedVideos(documentId: string): Promise<SearchVideoCard[]> {
  const response = await discoveryRequest<RelatedResponse>(`/discovery/related/${encodeURIComponent(documentId)}`, '');
  const videos = Array.isArray(response.data) ? response.data : [];
  return videos.filter((video) => video.documentId !== documentId);
}

/**
 * Reports a view (uncached POST). `counted` is false when this viewer session already counted one in the
 * last 24 h; too short a watch is a CmsRequestError with status 422.
 */
export async function recordView(beacon: ViewBeacon): Promise<ViewResponse> {
  const url = apiUrl('/discovery/views');
  const response = await fetchJson<Partial<ViewResponse>>(url, false, beacon);
  if (typeof response.counted !== 'boolean') throw new CmsUnavailableError('invalid-response', url, { status: 200 });
  return { counted: response.counted };
}

// ---- accounts (users-permissions in refresh mode, plus plugins/accounts) ----------------------------------------

export interface AccountUser {
  id: number;
  documentId: string;
  username: string;
  email: string;
  confirmed?: boolean;
  blocked?: boolean;
}

export interface AccessTokens {
  /** Short-lived access token (minutes). */
  jwt: string;
  /** Rotated on every refresh: the previous one stops working. */
  refreshToken: string;
}

export interface SignedIn extends AccessTokens {
  user: AccountUser;
}

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
export async function accountCall(path: string, { method = 'POST', query, body, bearer, missing = 'unavailable' }: AccountCall = {}): Promise<AccountAnswer> {
  const url = apiUrl(path, query ?? '');
  const headers: Record<string, string> = { accept: 'application/json', ...forwardedFor() };
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
    throw new CmsUnavailableError(isTimeout(error) ? 'timeout' : 'invalid-response', url, { status: response.status, cause: error });
  }
  if (!response.ok) {
    const failure = (payload as Partial<StrapiErrorBody> | null)?.error;
    const details = failure?.details && typeof failure.details === 'object' ? failure.details : {};
    throw new CmsRequestError(response.status, failure?.message ?? response.statusText, url, { details, retryAfterSeconds: retryAfter(response) });
  }
  if (typeof payload !== 'object' || payload === null) throw new CmsUnavailableError('invalid-response', url, { status: response.status });
  return { redirected: false, payload: payload as Record<string, unknown> };
}

function payloadOf(answer: AccountAnswer, path: string): Record<string, unknown> {
  if (answer.redirected) throw new CmsUnavailableError('invalid-response', apiUrl(path), { status: 302 });
  return answer.payload;
}

function asUser(value: unknown, path: string): AccountUser {
  const user = value as Partial<AccountUser> | null;
  if (!user || typeof user.id !== 'number' || typeof user.username !== 'string' || typeof user.email !== 'string') {
    throw new CmsUnavailableError('invalid-response', apiUrl(path), { status: 200 });
  }
  return {
    id: user.id,
    documentId: typeof user.documentId === 'string' ? user.documentId : String(user.id),
    username: user.username,
    email: user.email,
    confirmed: user.confirmed,
    blocked: user.blocked,
  };
}

// The site keeps both tokens server-side; a CMS that sets the refresh token as a cookie instead is misconfigured.
function asTokens(payload: Record<string, unknown>, path: string): AccessTokens {
  const { jwt, refreshToken } = payload;
  if (typeof jwt !== 'string' || !jwt || typeof refreshToken !== 'string' || !refreshToken) {
    log.error('cms answered without jwt and refreshToken in the body (users-permissions sessions.httpOnly must be false)', { path });
    throw new CmsUnavailableError('invalid-response', apiUrl(path), { status: 200 });
  }
  return { jwt, refreshToken };
}

function asSignedIn(payload: Record<string, unknown>, path: string): SignedIn {
  return { ...asTokens(payload, path), user: asUser(payload.user, path) };
}

/**
 * Asks for an account; the CMS mails a confirmation link, or, when the email already has an account, a note to its
 * owner: the answer is the same either way. Refusals: 400 (fields, reason 'validation', or 'taken' for a username), 429.
 */
export async function registerAccount(input: { username: string; email: string; password: string }): Promise<void> {
  const path = '/auth/local/register';
  payloadOf(await accountCall(path, { body: input }), path);
}

/** Refusals: 400 reason 'invalid_credentials' | 'unconfirmed' | 'blocked', 429 reason 'locked' with Retry-After. */
export async function signIn(input: { identifier: string; password: string }): Promise<SignedIn> {
  const path = '/auth/local';
  return asSignedIn(payloadOf(await accountCall(path, { body: { identifier: input.identifier, password: input.password } }), path), path);
}

/** A new token pair for a refresh token (which stops working); 401 when it is invalid, expired or revoked. */
export async function refreshAccess(refreshToken: string): Promise<AccessTokens> {
  const path = '/auth/refresh';
  return asTokens(payloadOf(await accountCall(path, { body: { refreshToken } }), path), path);
}

/** Revokes the session behind these tokens: afterwards neither token is accepted. */
export async function revokeAccess(tokens: AccessTokens): Promise<void> {
  await accountCall('/auth/logout', { body: { refreshToken: tokens.refreshToken }, bearer: tokens.jwt });
}

/** Confirms an email address with the code from the mail. The CMS answers with a redirect (or `{ ok: true }`); 400 reason 'invalid_code'. */
export async function confirmEmail(code: string): Promise<void> {
  await accountCall('/auth/email-confirmation', { method: 'GET', query: new URLSearchParams({ confirmation: code }).toString() });
}

/** Mails a new confirmation link if the address belongs to an unconfirmed account (the answer never tells). */
export async function resendConfirmation(email: string): Promise<void> {
  await accountCall('/auth/send-email-confirmation', { body: { email } });
}

/** Mails a reset link if the address belongs to an account (the answer never tells). */
export async function requestPasswordReset(email: string): Promise<void> {
  await accountCall('/auth/forgot-password', { body: { email } });
}

/** Sets a new password with the code from the mail and signs the viewer in. 400: fields, or reason 'invalid_code'. */
export async function resetPassword(input: { code: string; password: string; passwordConfirmation: string }): Promise<SignedIn> {
  const path = '/auth/reset-password';
  return asSignedIn(payloadOf(await accountCall(path, { body: input }), path), path);
}

/** Changes the signed-in viewer's password; the answer carries a new token pair. */
export async function changePassword(jwt: string, input: { currentPassword: string; password: string; passwordConfirmation: string }): Promise<SignedIn> {
  const path = '/auth/change-password';
  return asSignedIn(payloadOf(await accountCall(path, { body: input, bearer: jwt }), path), path);
}

/** The signed-in viewer as the CMS knows them now; 401 when the token is no longer accepted. */
export async function currentAccount(jwt: string): Promise<AccountUser> {
  const path = '/users/me';
  return asUser(payloadOf(await accountCall(path, { method: 'GET', bearer: jwt }), path), path);
}

/** documentId → slug for public videos (one request for a page of notifications); unknown ids are left out. */
export async function videoSlugs(documentIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(documentIds)].slice(0, MAX_PAGE_SIZE);
  if (ids.length === 0) return new Map();
  const response = await request<ListResponse<Pick<Video, 'documentId' | 'slug'>>>('/videos', {
    filters: { documentId: { $in: ids } },
    fields: ['documentId', 'slug'],
    pagination: { page: 1, pageSize: ids.length },
  });
  return new Map((Array.isArray(response.data) ? response.data : []).map((video) => [video.documentId, video.slug]));
}

// ---- health ---------------------------------------------------------------------------------

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
