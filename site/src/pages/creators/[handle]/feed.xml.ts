import type { APIRoute } from 'astro';
import { CmsNotFoundError, getCreator, listCreatorVideos } from '../../../lib/cms';
import { FEED_CONTENT_TYPE, FEED_ITEMS, videoFeed, xmlResponse } from '../../../lib/feeds';
import { creatorPath, isValidSlug } from '../../../lib/links';
import { mediaUrl } from '../../../lib/media';

/** GET /creators/<handle>/feed.xml: a creator's newest public videos, collaborations included (as on the page). */
export const GET: APIRoute = ({ params, url }) =>
  xmlResponse(FEED_CONTENT_TYPE, async () => {
    const handle = params.handle;
    if (!isValidSlug(handle)) throw new CmsNotFoundError('Creator', url.pathname);
    const [creator, videos] = await Promise.all([
      getCreator(handle),
      listCreatorVideos(handle, { pageSize: FEED_ITEMS }),
    ]);
    return videoFeed(
      {
        title: `${creator.displayName} on Framecast`,
        description: creator.bio?.trim() || `New videos from ${creator.displayName}`,
        pageUrl: `${url.origin}${creatorPath(creator.handle)}`,
        feedUrl: `${url.origin}${creatorPath(creator.handle)}/feed.xml`,
        imageUrl: mediaUrl(creator.avatar?.url),
      },
      videos.items,
      url.origin,
    );
  });
