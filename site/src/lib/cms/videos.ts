// Videos: the newest, a category's, a creator's, one to watch, and slugs for notification links.

import type { ListResponse, Page, SingleResponse, Video } from '../types';
import { apiUrl, MAX_PAGE_SIZE, pagination, request, toPage, type ListOptions } from './client';
import { CmsNotFoundError } from './errors';
import type { QueryObject } from './query';

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

const NEWEST_FIRST = 'publishedAt:desc';

export interface CreatorVideoOptions extends ListOptions {
  /** Leave this video out (the one being watched). */
  excludeDocumentId?: string;
}

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
  // the channel's own videos and those it collaborates on (an accepted invitation)
  const filters: QueryObject = {
    $or: [{ creator: { handle: { $eq: handle } } }, { collaborators: { handle: { $eq: handle } } }],
  };
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
