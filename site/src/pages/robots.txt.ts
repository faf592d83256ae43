import type { APIRoute } from 'astro';
import { robotsTxt } from '../lib/feeds';
import { CACHE_CATALOG } from '../lib/page';

/** GET /robots.txt: names the sitemap at this site's own address. */
export const GET: APIRoute = ({ url }) =>
  new Response(robotsTxt(url.origin), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': CACHE_CATALOG },
  });
