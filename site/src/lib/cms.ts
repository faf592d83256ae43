// The site's one client for the Strapi REST API: typed calls, timeouts, a short in-memory cache
// with a stale fallback, and typed errors (see cms-errors.ts). Pages never call fetch themselves.

import { getConfig } from './config';
import { CmsNotFoundError, CmsRequestError, CmsUnavailableError } from './cms-errors';
import { log } from './log';
import { toQueryString, type QueryObject } from './query';
import { ResponseCache } from './response-cache';
import type {
  Category,
  CmsHealth,
  Creator,
  ListResponse,
  Page,
  Playlist,
  SingleResponse,
  StrapiErrorBody,
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

function apiUrl(path: string, query: QueryObject = {}): string {
  const search = toQueryString(query);
  return `${getConfig().cmsUrl}/api${path}${search ? `?${search}` : ''}`;
}

function requestHeaders(): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = process.env.CMS_API_TOKEN?.trim();
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}

// The abort reason is a DOMException, which is not an Error in every realm (test runners): compare names.
function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

async function fetchJson<T>(url: string, expectData = true): Promise<T> {
  const { cmsTimeoutMs } = getConfig();
  let response: Response;
  try {
    response = await fetch(url, { headers: requestHeaders(), signal: AbortSignal.timeout(cmsTimeoutMs) });
  } catch (error) {
    throw new CmsUnavailableError(isTimeout(error) ? 'timeout' : 'network', url, { cause: error });
  }

  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    // A body that stalls past the timeout also lands here.
    if (response.status === 404) throw new CmsNotFoundError('Resource', url);
    throw new CmsUnavailableError(isTimeout(error) ? 'timeout' : 'invalid-response', url, { status: response.status, cause: error });
  }

  if (response.status === 404) throw new CmsNotFoundError('Resource', url);
  if (response.status >= 500) throw new CmsUnavailableError('server-error', url, { status: response.status });
  if (!response.ok) {
    const message = (body as Partial<StrapiErrorBody> | null)?.error?.message ?? response.statusText;
    throw new CmsRequestError(response.status, message, url);
  }
  if (typeof body !== 'object' || body === null || (expectData && !('data' in body))) {
    throw new CmsUnavailableError('invalid-response', url, { status: response.status });
  }
  return body as T;
}

async function request<T>(path: string, query: QueryObject, options: RequestOptions = {}): Promise<T> {
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
