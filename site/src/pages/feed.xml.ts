import type { APIRoute } from 'astro';
import { listNewestVideos } from '../lib/cms';
import { FEED_CONTENT_TYPE, FEED_ITEMS, videoFeed, xmlResponse } from '../lib/feeds';

/** GET /feed.xml: the newest public videos of the whole site. */
export const GET: APIRoute = ({ url }) =>
  xmlResponse(FEED_CONTENT_TYPE, async () => {
    const { items } = await listNewestVideos({ pageSize: FEED_ITEMS });
    return videoFeed(
      {
        title: 'Framecast: new videos',
        description: 'The newest videos on Framecast',
        pageUrl: `${url.origin}/`,
        feedUrl: `${url.origin}/feed.xml`,
      },
      items,
      url.origin,
    );
  });
