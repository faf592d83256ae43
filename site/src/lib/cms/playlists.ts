// Creators' playlists: public ones on a channel, public or unlisted ones by slug.

import type { ListResponse, Playlist } from '../types';
import { apiUrl, findOne, request } from './client';
import type { QueryObject } from './query';
import { CmsNotFoundError } from './errors';

const PLAYLIST_POPULATE = {
  videos: { populate: { poster: true, creator: true } },
  creator: { populate: { avatar: true } },
  sections: true,
} satisfies QueryObject;

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

/** One public or unlisted course by documentId (My learning lists courses by id); CmsNotFoundError otherwise. */
export async function getCourse(documentId: string): Promise<Playlist> {
  const playlist = await findOne<Playlist>('Playlist', '/playlists', {
    filters: { documentId: { $eq: documentId }, isCourse: { $eq: true } },
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
