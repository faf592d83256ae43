import type { APIRoute } from 'astro';
import { CmsNotFoundError, getPlaylist } from '../../../lib/cms';
import { FEED_CONTENT_TYPE, videoFeed, xmlResponse } from '../../../lib/feeds';
import { isValidSlug, playlistPath } from '../../../lib/links';

/** GET /p/<slug>/feed.xml: a playlist's public videos, in the playlist's order (an unlisted playlist's link works). */
export const GET: APIRoute = ({ params, url }) =>
  xmlResponse(FEED_CONTENT_TYPE, async () => {
    const slug = params.slug;
    if (!isValidSlug(slug)) throw new CmsNotFoundError('Playlist', url.pathname);
    const playlist = await getPlaylist(slug);
    const by = playlist.creator?.displayName;
    return videoFeed(
      {
        title: by ? `${playlist.title}, by ${by}` : playlist.title,
        description: playlist.description?.trim() || `The videos of the playlist ${playlist.title}`,
        pageUrl: `${url.origin}${playlistPath(playlist.slug)}`,
        feedUrl: `${url.origin}${playlistPath(playlist.slug)}/feed.xml`,
      },
      playlist.videos ?? [],
      url.origin,
    );
  });
