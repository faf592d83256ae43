// The viewer's own data in the CMS: profile, library (collections, history), notifications, follows and "You might
// like". Every call goes through cms.ts's account call (no site token, typed refusals with Strapi's details) and
// takes the viewer's access token; pages get it from withViewerAccess (see `asViewer`).

import type { AstroSession } from 'astro';
import type {
  CreatorRef,
  FeedPage,
  HistoryResponse,
  LibraryCollectionDetail,
  LibraryCollectionListEntry,
  LibraryCollectionSummary,
  LibrarySettings,
  NotificationPage,
  ProfileView,
  SearchVideoCard,
} from '@framecast/config';
import { ShortCache } from './account-area';
import { accountCall, CmsUnavailableError, type AccountCall } from './cms';
import { withViewerAccess } from './viewer-session';

/** Runs `call` with the signed-in viewer's fresh access token (SignedOutError when the session is over). */
export function asViewer<T>(session: AstroSession, call: (jwt: string) => Promise<T>): Promise<T> {
  return withViewerAccess(session, ({ jwt }) => call(jwt));
}

async function viewerCall<T>(path: string, options: AccountCall): Promise<T> {
  const answer = await accountCall(path, options);
  if (answer.redirected) throw new CmsUnavailableError('invalid-response', path, { status: 302 });
  return answer.payload as T;
}

const enc = encodeURIComponent;

// ---- profile --------------------------------------------------------------------------------------------------------

export type { CreatorRef as FollowedCreator, FeedPage, NotificationPage, NotificationView as ViewerNotification, ProfileField, ProfileView as Profile } from '@framecast/config';

export interface ProfilePatch {
  displayName?: string;
  bio?: string;
  interests?: string[];
  notifications?: { newVideoEmail?: boolean; replyEmail?: boolean };
}

function asProfile(payload: Record<string, unknown>): ProfileView {
  const profile = payload as unknown as Partial<ProfileView>;
  if (typeof profile.username !== 'string' || !profile.completion) throw new CmsUnavailableError('invalid-response', '/accounts/profile', { status: 200 });
  return {
    username: profile.username,
    email: profile.email ?? '',
    displayName: profile.displayName ?? null,
    bio: profile.bio ?? null,
    avatar: profile.avatar?.url ? { url: profile.avatar.url } : null,
    interests: Array.isArray(profile.interests) ? profile.interests : [],
    notifications: { newVideoEmail: Boolean(profile.notifications?.newVideoEmail), replyEmail: Boolean(profile.notifications?.replyEmail) },
    completion: profile.completion,
  };
}

export async function getProfile(jwt: string): Promise<ProfileView> {
  return asProfile(await viewerCall('/accounts/profile', { method: 'GET', bearer: jwt }));
}

/** 400 with details.fields (displayName, bio, interests) when refused. */
export async function updateProfile(jwt: string, patch: ProfilePatch): Promise<ProfileView> {
  return asProfile(await viewerCall('/accounts/profile', { method: 'PATCH', body: patch, bearer: jwt }));
}

/** 415 when the file is not an image, 413 above 5 MB (details.fields.avatar). */
export async function uploadAvatar(jwt: string, file: Blob, filename: string): Promise<ProfileView> {
  const body = new FormData();
  body.set('avatar', file, filename);
  return asProfile(await viewerCall('/accounts/profile/avatar', { method: 'PUT', body, bearer: jwt }));
}

export async function removeAvatar(jwt: string): Promise<ProfileView> {
  const payload = await viewerCall<Record<string, unknown>>('/accounts/profile/avatar', { method: 'DELETE', bearer: jwt });
  return 'username' in payload ? asProfile(payload) : getProfile(jwt);
}

/** Mails a link to the new address; nothing changes until it is followed. 400 details.fields.email / password. */
export async function requestEmailChange(jwt: string, body: { email: string; password: string }): Promise<{ pendingEmail: string }> {
  return viewerCall('/accounts/email', { method: 'POST', body, bearer: jwt });
}

/** The link from that mail: its token is the credential, so no sign-in is needed. 400 when invalid or expired. */
export async function confirmEmailChange(token: string): Promise<{ email: string }> {
  return viewerCall('/accounts/email/confirm', { method: 'POST', body: { token } });
}

/** 400 details.fields.password for a wrong password. */
export async function deleteAccount(jwt: string, password: string): Promise<void> {
  await viewerCall('/accounts/delete-account', { method: 'POST', body: { password }, bearer: jwt });
}

// ---- library ------------------------------------------------------------------------------------------------------

export async function listCollections(jwt: string): Promise<LibraryCollectionListEntry[]> {
  const { data } = await viewerCall<{ data?: LibraryCollectionListEntry[] }>('/library/collections', { method: 'GET', bearer: jwt });
  return Array.isArray(data) ? data : [];
}

export async function createCollection(jwt: string, body: { title: string; description?: string | null; visibility?: 'public' | 'private' }): Promise<LibraryCollectionSummary> {
  return (await viewerCall<{ data: LibraryCollectionSummary }>('/library/collections', { method: 'POST', body, bearer: jwt })).data;
}

/** Anyone may read a public collection; the owner reads their private ones. CmsNotFoundError otherwise. */
export async function getCollection(id: string, jwt?: string): Promise<LibraryCollectionDetail> {
  const { data } = await viewerCall<{ data?: LibraryCollectionDetail }>(`/library/collections/${enc(id)}`, {
    method: 'GET',
    missing: 'not-found',
    ...(jwt ? { bearer: jwt } : {}),
  });
  if (!data || !Array.isArray(data.items)) throw new CmsUnavailableError('invalid-response', `/library/collections/${id}`, { status: 200 });
  return data;
}

/** 409 details.reason 'stale-items' when `items` no longer matches the collection. */
export async function updateCollection(
  jwt: string,
  id: string,
  body: { title?: string; description?: string | null; visibility?: 'public' | 'private'; items?: string[] },
): Promise<LibraryCollectionDetail | LibraryCollectionSummary> {
  return (await viewerCall<{ data: LibraryCollectionDetail }>(`/library/collections/${enc(id)}`, { method: 'PATCH', body, bearer: jwt, missing: 'not-found' })).data;
}

export async function deleteCollection(jwt: string, id: string): Promise<void> {
  await viewerCall(`/library/collections/${enc(id)}`, { method: 'DELETE', bearer: jwt, missing: 'not-found' });
}

export async function removeCollectionItem(jwt: string, id: string, videoDocumentId: string): Promise<void> {
  await viewerCall(`/library/collections/${enc(id)}/items/${enc(videoDocumentId)}`, { method: 'DELETE', bearer: jwt, missing: 'not-found' });
}

export async function getHistory(jwt: string, page = 1): Promise<HistoryResponse> {
  const answer = await viewerCall<Partial<HistoryResponse>>('/library/history', { method: 'GET', query: `page=${page}`, bearer: jwt });
  const meta = answer.meta ?? { page, pageSize: 24, pageCount: 0, total: 0, historyPaused: false };
  return { data: Array.isArray(answer.data) ? answer.data : [], meta };
}

export async function removeHistoryEntry(jwt: string, videoDocumentId: string): Promise<void> {
  await viewerCall(`/library/history/${enc(videoDocumentId)}`, { method: 'DELETE', bearer: jwt, missing: 'not-found' });
}

export async function clearHistory(jwt: string): Promise<void> {
  await viewerCall('/library/history', { method: 'DELETE', bearer: jwt });
}

export async function getLibrarySettings(jwt: string): Promise<LibrarySettings> {
  return (await viewerCall<{ data: LibrarySettings }>('/library/settings', { method: 'GET', bearer: jwt })).data;
}

export async function setHistoryPaused(jwt: string, historyPaused: boolean): Promise<LibrarySettings> {
  return (await viewerCall<{ data: LibrarySettings }>('/library/settings', { method: 'PATCH', body: { historyPaused }, bearer: jwt })).data;
}

// ---- notifications ------------------------------------------------------------------------------------------------

// the bell is on every page a signed-in viewer opens: a few seconds of staleness spares the CMS a call per page
const unreadCounts = new ShortCache<number>(15_000);

export async function listNotifications(jwt: string, page = 1): Promise<NotificationPage> {
  const answer = await viewerCall<Partial<NotificationPage>>('/community/notifications', { method: 'GET', query: `page=${page}`, bearer: jwt });
  return { data: Array.isArray(answer.data) ? answer.data : [], meta: answer.meta ?? { page, pageCount: 1, total: 0, unread: 0 } };
}

/** The unread count for the header's bell, cached briefly per viewer. */
export async function unreadNotifications(viewerId: number, jwt: string): Promise<number> {
  const key = String(viewerId);
  const cached = unreadCounts.get(key);
  if (cached !== undefined) return cached;
  const { unread } = await viewerCall<{ unread?: number }>('/community/notifications/unread', { method: 'GET', bearer: jwt });
  const count = typeof unread === 'number' ? unread : 0;
  unreadCounts.set(key, count);
  return count;
}

/** Marks the given notifications (all when `ids` is omitted) read; returns the unread count left. */
export async function markNotificationsRead(viewerId: number, jwt: string, ids?: number[]): Promise<number> {
  const { unread } = await viewerCall<{ unread?: number }>('/community/notifications/read', { method: 'POST', body: ids ? { ids } : {}, bearer: jwt });
  const count = typeof unread === 'number' ? unread : 0;
  unreadCounts.set(String(viewerId), count);
  return count;
}

/** Drops the viewer's cached count (after their session ends). */
export function forgetUnreadCount(viewerId: number): void {
  unreadCounts.delete(String(viewerId));
}

// ---- following ----------------------------------------------------------------------------------------------------

export async function listFollowing(jwt: string): Promise<CreatorRef[]> {
  const { data } = await viewerCall<{ data?: CreatorRef[] }>('/community/following', { method: 'GET', bearer: jwt });
  return Array.isArray(data) ? data : [];
}

export async function followingFeed(jwt: string, page = 1): Promise<FeedPage> {
  const answer = await viewerCall<Partial<FeedPage>>('/community/feed', { method: 'GET', query: `page=${page}`, bearer: jwt });
  return { data: Array.isArray(answer.data) ? answer.data : [], meta: answer.meta ?? { page, pageCount: 0, total: 0, following: 0 } };
}

export async function unfollowCreator(jwt: string, handle: string): Promise<void> {
  await viewerCall(`/community/creators/${enc(handle)}/follow`, { method: 'DELETE', bearer: jwt, missing: 'not-found' });
}

// ---- you might like -----------------------------------------------------------------------------------------------

export interface ForYouPick {
  video: SearchVideoCard;
  reason: string;
}

export async function forYou(jwt: string): Promise<{ data: ForYouPick[]; personalized: boolean }> {
  const answer = await viewerCall<{ data?: ForYouPick[]; meta?: { personalized?: boolean } }>('/discovery/for-you', { method: 'GET', bearer: jwt });
  return { data: Array.isArray(answer.data) ? answer.data.filter((pick) => pick?.video?.slug) : [], personalized: Boolean(answer.meta?.personalized) };
}
