// Search, suggestions, related videos, view counting and "You might like" (plugins/discovery).

import type {
  RelatedResponse,
  SearchQuery,
  SearchResponse,
  SearchVideoCard,
  Suggestion,
  SuggestResponse,
  ViewBeacon,
  ViewResponse,
} from '../discovery';
import { normalizeQueryText, searchApiParams } from '../discovery/search-params';
import { apiUrl, fetchJson, request, viewerCall } from './client';
import { CmsNotFoundError, CmsUnavailableError } from './errors';

// A CMS without the discovery plugin answers 404 for its routes: that is an outage of search, not a missing page.
async function discoveryRequest<T>(path: string, query: string): Promise<T> {
  try {
    return await request<T>(path, query);
  } catch (error) {
    if (error instanceof CmsNotFoundError)
      throw new CmsUnavailableError('server-error', error.url, { status: 404, cause: error });
    throw error;
  }
}

const EMPTY_FACETS: SearchResponse['meta']['facets'] = {
  category: [],
  tags: [],
  creator: [],
  duration: [],
  uploaded: [],
};

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

// ---- you might like (as the viewer) -----------------------------------------------------------------------------

export interface ForYouPick {
  video: SearchVideoCard;
  reason: string;
}

export async function forYou(jwt: string): Promise<{ data: ForYouPick[]; personalized: boolean }> {
  const answer = await viewerCall<{ data?: ForYouPick[]; meta?: { personalized?: boolean } }>('/discovery/for-you', {
    method: 'GET',
    bearer: jwt,
  });
  return {
    data: Array.isArray(answer.data) ? answer.data.filter((pick) => pick?.video?.slug) : [],
    personalized: Boolean(answer.meta?.personalized),
  };
}
