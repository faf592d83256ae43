// The viewer's library (plugins/library): collections, Watch later, watch history and its settings.

import type {
  HistoryResponse,
  LibraryCollectionDetail,
  LibraryCollectionListEntry,
  LibraryCollectionSummary,
  LibraryContainingEntry,
  LibrarySettings,
  WatchProgress,
} from '@framecast/contracts';
import { resourceCall, viewerCall } from './client';
import { CmsNotFoundError, CmsUnavailableError } from './errors';

export type { LibraryContainingEntry, WatchProgress } from '@framecast/contracts';

const enc = encodeURIComponent;

export async function listCollections(jwt: string): Promise<LibraryCollectionListEntry[]> {
  const { data } = await viewerCall<{ data?: LibraryCollectionListEntry[] }>('/library/collections', {
    method: 'GET',
    bearer: jwt,
  });
  return Array.isArray(data) ? data : [];
}

export async function createCollection(
  jwt: string,
  body: { title: string; description?: string | null; visibility?: 'public' | 'private' },
): Promise<LibraryCollectionSummary> {
  return (
    await viewerCall<{ data: LibraryCollectionSummary }>('/library/collections', { method: 'POST', body, bearer: jwt })
  ).data;
}

/** Anyone may read a public collection; the owner reads their private ones. CmsNotFoundError otherwise. */
export async function getCollection(id: string, jwt?: string): Promise<LibraryCollectionDetail> {
  const { data } = await viewerCall<{ data?: LibraryCollectionDetail }>(`/library/collections/${enc(id)}`, {
    method: 'GET',
    missing: 'not-found',
    ...(jwt ? { bearer: jwt } : {}),
  });
  if (!data || !Array.isArray(data.items))
    throw new CmsUnavailableError('invalid-response', `/library/collections/${id}`, { status: 200 });
  return data;
}

/** 409 details.reason 'stale-items' when `items` no longer matches the collection. */
export async function updateCollection(
  jwt: string,
  id: string,
  body: { title?: string; description?: string | null; visibility?: 'public' | 'private'; items?: string[] },
): Promise<LibraryCollectionDetail | LibraryCollectionSummary> {
  return (
    await viewerCall<{ data: LibraryCollectionDetail }>(`/library/collections/${enc(id)}`, {
      method: 'PATCH',
      body,
      bearer: jwt,
      missing: 'not-found',
    })
  ).data;
}

export async function deleteCollection(jwt: string, id: string): Promise<void> {
  await viewerCall(`/library/collections/${enc(id)}`, { method: 'DELETE', bearer: jwt, missing: 'not-found' });
}

export async function removeCollectionItem(jwt: string, id: string, videoDocumentId: string): Promise<void> {
  await viewerCall(`/library/collections/${enc(id)}/items/${enc(videoDocumentId)}`, {
    method: 'DELETE',
    bearer: jwt,
    missing: 'not-found',
  });
}

export async function getHistory(jwt: string, page = 1): Promise<HistoryResponse> {
  const answer = await viewerCall<Partial<HistoryResponse>>('/library/history', {
    method: 'GET',
    query: `page=${page}`,
    bearer: jwt,
  });
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
  return (
    await viewerCall<{ data: LibrarySettings }>('/library/settings', {
      method: 'PATCH',
      body: { historyPaused },
      bearer: jwt,
    })
  ).data;
}

export async function collectionsContaining(video: string, bearer: string): Promise<LibraryContainingEntry[]> {
  const answer = await resourceCall<{ data?: LibraryContainingEntry[] }>(
    `/library/collections/containing/${enc(video)}`,
    'GET',
    bearer,
  );
  return Array.isArray(answer.data) ? answer.data : [];
}

/** `collection` is a documentId or WATCH_LATER. */
export async function setSaved(
  collection: string,
  video: string,
  saved: boolean,
  bearer: string,
): Promise<LibraryCollectionSummary> {
  return (
    await resourceCall<{ data: LibraryCollectionSummary }>(
      `/library/collections/${enc(collection)}/items/${enc(video)}`,
      saved ? 'PUT' : 'DELETE',
      bearer,
    )
  ).data;
}

export async function saveProgress(
  video: string,
  input: { position: number; duration: number },
  bearer: string,
): Promise<void> {
  await resourceCall(`/library/history/${enc(video)}`, 'PUT', bearer, input);
}

/** The viewer's save point in this video, or null when there is none. */
export async function watchProgress(video: string, bearer: string): Promise<WatchProgress | null> {
  try {
    return (await resourceCall<{ data?: WatchProgress }>(`/library/history/${enc(video)}`, 'GET', bearer)).data ?? null;
  } catch (error) {
    if (error instanceof CmsNotFoundError) return null;
    throw error;
  }
}

// ---- courses (My learning) ------------------------------------------------------------------

export interface CourseEnrolment {
  course: string;
  startedAt: string;
  visitedAt: string;
}

/** The courses the viewer follows, most recently visited first. */
export async function listCourses(jwt: string): Promise<CourseEnrolment[]> {
  const { data } = await viewerCall<{ data?: CourseEnrolment[] }>('/library/courses', { method: 'GET', bearer: jwt });
  return Array.isArray(data) ? data : [];
}

/** Follows a course (or notes the visit); CmsNotFoundError when it is no open course. */
export async function enrolCourse(course: string, bearer: string): Promise<void> {
  await resourceCall(`/library/courses/${enc(course)}`, 'PUT', bearer);
}

export async function leaveCourse(course: string, bearer: string): Promise<void> {
  await resourceCall(`/library/courses/${enc(course)}`, 'DELETE', bearer);
}

/** The viewer's saved progress in these videos (a course's lessons), by video documentId. */
export async function lessonProgress(videos: string[], bearer: string): Promise<Record<string, WatchProgress>> {
  if (videos.length === 0) return {};
  const { data } = await resourceCall<{ data?: Record<string, WatchProgress> }>(
    '/library/progress',
    'GET',
    bearer,
    undefined,
    `videos=${videos.map(enc).join(',')}`,
  );
  return data && typeof data === 'object' ? data : {};
}
