import type { APIRoute } from 'astro';
import { listNewestVideos, MAX_PAGE_SIZE } from '../lib/cms';
import { SITEMAP_CONTENT_TYPE, SITEMAP_MAX_URLS, videoSitemap, xmlResponse } from '../lib/feeds';
import type { Video } from '../lib/types';

/** GET /sitemap.xml: every public video's watch page, with Google's video extension. */
export const GET: APIRoute = ({ url }) =>
  xmlResponse(SITEMAP_CONTENT_TYPE, async () => {
    const videos: Video[] = [];
    const pages = Math.ceil(SITEMAP_MAX_URLS / MAX_PAGE_SIZE);
    for (let page = 1; page <= pages; page += 1) {
      const { items, pagination } = await listNewestVideos({ page, pageSize: MAX_PAGE_SIZE });
      videos.push(...items);
      if (page >= pagination.pageCount) break;
    }
    return videoSitemap(videos, url.origin);
  });
