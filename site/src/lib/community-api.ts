// The community and library endpoints of the CMS (plugins/community, plugins/library), called as the signed-in
// viewer (their access token) or as nobody. Goes through cms.ts's accountCall: one API client for the site.

import type {
  CommentPage,
  CommentView as CommunityComment,
  FollowState,
  LibraryCollectionSummary,
  LibraryContainingEntry,
  RatingPage,
  RatingSummary,
  RatingView as Rating,
  ReportReason,
  WatchProgress,
} from '@framecast/config';
import { CmsNotFoundError, accountCall, type AccountAnswer } from './cms';

export { COMMENT_MAX_LENGTH, REPORT_REASONS } from '@framecast/config';
export type {
  CommentAuthor,
  CommentPage,
  CommentState,
  CommentView as CommunityComment,
  FollowState,
  LibraryContainingEntry,
  RatingPage,
  RatingSummary,
  RatingView as Rating,
  ReportReason,
  StarCount,
  WatchProgress,
} from '@framecast/config';

/** The viewer's access token, or none for a signed-out read. */
type Bearer = string | undefined;

const enc = encodeURIComponent;

function payload(answer: AccountAnswer): Record<string, unknown> {
  return answer.redirected ? {} : answer.payload;
}

async function call<T>(path: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', bearer: Bearer, body?: unknown, query?: string): Promise<T> {
  return payload(await accountCall(path, { method, bearer, body, query, missing: 'not-found' })) as T;
}

function pageQuery(page: number): string {
  return new URLSearchParams({ page: String(Math.max(1, Math.floor(page) || 1)) }).toString();
}

// ---- follows ----------------------------------------------------------------------------------------------------

export function followState(handle: string, bearer: Bearer): Promise<FollowState> {
  return call(`/community/creators/${enc(handle)}/follow`, 'GET', bearer);
}

export function setFollowing(handle: string, follow: boolean, bearer: string): Promise<FollowState> {
  return call(`/community/creators/${enc(handle)}/follow`, follow ? 'PUT' : 'DELETE', bearer);
}

// ---- comments ---------------------------------------------------------------------------------------------------

export async function listComments(video: string, page: number, bearer: Bearer): Promise<CommentPage> {
  const answer = await call<Partial<CommentPage>>(`/community/videos/${enc(video)}/comments`, 'GET', bearer, undefined, pageQuery(page));
  return {
    data: Array.isArray(answer.data) ? answer.data : [],
    meta: { page: answer.meta?.page ?? 1, pageCount: answer.meta?.pageCount ?? 1, total: answer.meta?.total ?? 0 },
  };
}

export async function postComment(video: string, input: { body: string; replyTo?: number }, bearer: string): Promise<CommunityComment> {
  return (await call<{ data: CommunityComment }>(`/community/videos/${enc(video)}/comments`, 'POST', bearer, input)).data;
}

export async function editComment(id: number, body: string, bearer: string): Promise<CommunityComment> {
  return (await call<{ data: CommunityComment }>(`/community/comments/${id}`, 'PATCH', bearer, { body })).data;
}

export async function deleteComment(id: number, bearer: string): Promise<void> {
  await call(`/community/comments/${id}`, 'DELETE', bearer);
}

export async function reportComment(id: number, reason: ReportReason, note: string | undefined, bearer: string): Promise<void> {
  await call(`/community/comments/${id}/report`, 'POST', bearer, note ? { reason, note } : { reason });
}

// ---- ratings ----------------------------------------------------------------------------------------------------

const NO_SUMMARY: RatingSummary = { average: 0, count: 0, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } };

export async function listRatings(video: string, page: number, bearer: Bearer): Promise<RatingPage> {
  const answer = await call<Partial<RatingPage>>(`/community/videos/${enc(video)}/ratings`, 'GET', bearer, undefined, pageQuery(page));
  const summary = answer.meta?.summary;
  return {
    data: Array.isArray(answer.data) ? answer.data : [],
    meta: {
      page: answer.meta?.page ?? 1,
      pageCount: answer.meta?.pageCount ?? 1,
      total: answer.meta?.total ?? 0,
      summary: { ...NO_SUMMARY, ...summary, distribution: { ...NO_SUMMARY.distribution, ...summary?.distribution } },
    },
    mine: answer.mine ?? null,
  };
}

export function rateVideo(video: string, input: { stars: number; review: string | null }, bearer: string): Promise<{ rating: Rating; summary: RatingSummary }> {
  return call(`/community/videos/${enc(video)}/rating`, 'PUT', bearer, input);
}

export function removeRating(video: string, bearer: string): Promise<{ rating: null; summary: RatingSummary }> {
  return call(`/community/videos/${enc(video)}/rating`, 'DELETE', bearer);
}

// ---- library ----------------------------------------------------------------------------------------------------

export async function collectionsContaining(video: string, bearer: string): Promise<LibraryContainingEntry[]> {
  const answer = await call<{ data?: LibraryContainingEntry[] }>(`/library/collections/containing/${enc(video)}`, 'GET', bearer);
  return Array.isArray(answer.data) ? answer.data : [];
}

/** `collection` is a documentId or WATCH_LATER. */
export async function setSaved(collection: string, video: string, saved: boolean, bearer: string): Promise<LibraryCollectionSummary> {
  return (await call<{ data: LibraryCollectionSummary }>(`/library/collections/${enc(collection)}/items/${enc(video)}`, saved ? 'PUT' : 'DELETE', bearer)).data;
}

export async function createCollection(input: { title: string; visibility?: 'public' | 'private' }, bearer: string): Promise<LibraryCollectionSummary> {
  return (await call<{ data: LibraryCollectionSummary }>('/library/collections', 'POST', bearer, input)).data;
}

export async function saveProgress(video: string, input: { position: number; duration: number }, bearer: string): Promise<void> {
  await call(`/library/history/${enc(video)}`, 'PUT', bearer, input);
}

/** The viewer's save point in this video, or null when there is none. */
export async function watchProgress(video: string, bearer: string): Promise<WatchProgress | null> {
  try {
    return (await call<{ data?: WatchProgress }>(`/library/history/${enc(video)}`, 'GET', bearer)).data ?? null;
  } catch (error) {
    if (error instanceof CmsNotFoundError) return null;
    throw error;
  }
}
