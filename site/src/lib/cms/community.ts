// The community endpoints (plugins/community): follows, comments, ratings, notifications and the Following feed,
// called as the signed-in viewer (their access token) or as nobody.

import type {
  CommentPage,
  CommentView as CommunityComment,
  CreatorRef,
  FeedPage,
  FollowState,
  NotificationPage,
  RatingPage,
  RatingSummary,
  RatingView as Rating,
  ReportReason,
  VideoReportReason,
} from '@framecast/contracts';
import { ShortCache } from '../account/area';
import { resourceCall, viewerCall, type Bearer } from './client';

export { COMMENT_MAX_LENGTH, REPORT_REASONS } from '@framecast/contracts';
export type {
  CommentAuthor,
  CommentPage,
  CommentState,
  CommentView as CommunityComment,
  CreatorRef as FollowedCreator,
  FeedPage,
  FollowState,
  NotificationPage,
  NotificationView as ViewerNotification,
  RatingPage,
  RatingSummary,
  RatingView as Rating,
  ReportReason,
  StarCount,
} from '@framecast/contracts';

const enc = encodeURIComponent;

function pageQuery(page: number): string {
  return new URLSearchParams({ page: String(Math.max(1, Math.floor(page) || 1)) }).toString();
}

// ---- follows ----------------------------------------------------------------------------------------------------

export function followState(handle: string, bearer: Bearer): Promise<FollowState> {
  return resourceCall(`/community/creators/${enc(handle)}/follow`, 'GET', bearer);
}

export function setFollowing(handle: string, follow: boolean, bearer: string): Promise<FollowState> {
  return resourceCall(`/community/creators/${enc(handle)}/follow`, follow ? 'PUT' : 'DELETE', bearer);
}

// ---- comments ---------------------------------------------------------------------------------------------------

export async function listComments(video: string, page: number, bearer: Bearer): Promise<CommentPage> {
  const answer = await resourceCall<Partial<CommentPage>>(
    `/community/videos/${enc(video)}/comments`,
    'GET',
    bearer,
    undefined,
    pageQuery(page),
  );
  return {
    data: Array.isArray(answer.data) ? answer.data : [],
    meta: { page: answer.meta?.page ?? 1, pageCount: answer.meta?.pageCount ?? 1, total: answer.meta?.total ?? 0 },
  };
}

export async function postComment(
  video: string,
  input: { body: string; replyTo?: number },
  bearer: string,
): Promise<CommunityComment> {
  return (
    await resourceCall<{ data: CommunityComment }>(`/community/videos/${enc(video)}/comments`, 'POST', bearer, input)
  ).data;
}

export async function editComment(id: number, body: string, bearer: string): Promise<CommunityComment> {
  return (await resourceCall<{ data: CommunityComment }>(`/community/comments/${id}`, 'PATCH', bearer, { body })).data;
}

export async function deleteComment(id: number, bearer: string): Promise<void> {
  await resourceCall(`/community/comments/${id}`, 'DELETE', bearer);
}

export async function reportComment(
  id: number,
  reason: ReportReason,
  note: string | undefined,
  bearer: string,
): Promise<void> {
  await resourceCall(`/community/comments/${id}/report`, 'POST', bearer, note ? { reason, note } : { reason });
}

/** Reports a video to the moderators; `reported: false` when this viewer had reported it before. */
export async function reportVideo(
  video: string,
  reason: VideoReportReason,
  note: string | undefined,
  bearer: string,
): Promise<{ reported: boolean }> {
  return resourceCall<{ reported: boolean }>(
    `/community/videos/${enc(video)}/report`,
    'POST',
    bearer,
    note ? { reason, note } : { reason },
  );
}

export async function listFollowing(jwt: string): Promise<CreatorRef[]> {
  const { data } = await viewerCall<{ data?: CreatorRef[] }>('/community/following', { method: 'GET', bearer: jwt });
  return Array.isArray(data) ? data : [];
}

export async function followingFeed(jwt: string, page = 1): Promise<FeedPage> {
  const answer = await viewerCall<Partial<FeedPage>>('/community/feed', {
    method: 'GET',
    query: `page=${page}`,
    bearer: jwt,
  });
  return {
    data: Array.isArray(answer.data) ? answer.data : [],
    meta: answer.meta ?? { page, pageCount: 0, total: 0, following: 0 },
  };
}

export async function unfollowCreator(jwt: string, handle: string): Promise<void> {
  await viewerCall(`/community/creators/${enc(handle)}/follow`, {
    method: 'DELETE',
    bearer: jwt,
    missing: 'not-found',
  });
}

// ---- ratings ----------------------------------------------------------------------------------------------------

const NO_SUMMARY: RatingSummary = { average: 0, count: 0, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } };

export async function listRatings(video: string, page: number, bearer: Bearer): Promise<RatingPage> {
  const answer = await resourceCall<Partial<RatingPage>>(
    `/community/videos/${enc(video)}/ratings`,
    'GET',
    bearer,
    undefined,
    pageQuery(page),
  );
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

export function rateVideo(
  video: string,
  input: { stars: number; review: string | null },
  bearer: string,
): Promise<{ rating: Rating; summary: RatingSummary }> {
  return resourceCall(`/community/videos/${enc(video)}/rating`, 'PUT', bearer, input);
}

export function removeRating(video: string, bearer: string): Promise<{ rating: null; summary: RatingSummary }> {
  return resourceCall(`/community/videos/${enc(video)}/rating`, 'DELETE', bearer);
}

// ---- notifications ------------------------------------------------------------------------------------------------

// the bell is on every page a signed-in viewer opens: a few seconds of staleness spares the CMS a call per page
const unreadCounts = new ShortCache<number>(15_000);

export async function listNotifications(jwt: string, page = 1): Promise<NotificationPage> {
  const answer = await viewerCall<Partial<NotificationPage>>('/community/notifications', {
    method: 'GET',
    query: `page=${page}`,
    bearer: jwt,
  });
  return {
    data: Array.isArray(answer.data) ? answer.data : [],
    meta: answer.meta ?? { page, pageCount: 1, total: 0, unread: 0 },
  };
}

/** The unread count for the header's bell, cached briefly per viewer. */
export async function unreadNotifications(viewerId: number, jwt: string): Promise<number> {
  const key = String(viewerId);
  const cached = unreadCounts.get(key);
  if (cached !== undefined) return cached;
  const { unread } = await viewerCall<{ unread?: number }>('/community/notifications/unread', {
    method: 'GET',
    bearer: jwt,
  });
  const count = typeof unread === 'number' ? unread : 0;
  unreadCounts.set(key, count);
  return count;
}

/** Marks the given notifications (all when `ids` is omitted) read; returns the unread count left. */
export async function markNotificationsRead(viewerId: number, jwt: string, ids?: number[]): Promise<number> {
  const { unread } = await viewerCall<{ unread?: number }>('/community/notifications/read', {
    method: 'POST',
    body: ids ? { ids } : {},
    bearer: jwt,
  });
  const count = typeof unread === 'number' ? unread : 0;
  unreadCounts.set(String(viewerId), count);
  return count;
}

/** Drops the viewer's cached count (after their session ends). */
export function forgetUnreadCount(viewerId: number): void {
  unreadCounts.delete(String(viewerId));
}
