import type { APIRoute } from 'astro';
import { CmsNotFoundError, CmsRequestError, CmsUnavailableError, getVideo } from '../lib/cms';
import { log } from '../lib/log';
import { buildOembed, parseOembedQuery } from '../lib/oembed';
import { CACHE_CATALOG, CACHE_NONE } from '../lib/page';

// oEmbed consumers may ask from a browser: the answer is public, so any origin may read it.
const SHARED = { 'Access-Control-Allow-Origin': '*' };

function failure(status: number, message: string, extra: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { ...SHARED, 'Cache-Control': CACHE_NONE, ...extra } });
}

/** GET /oembed?url=<watch or embed URL>&format=json&maxwidth=&maxheight= (https://oembed.com) */
export const GET: APIRoute = async ({ url }) => {
  const query = parseOembedQuery(url.searchParams, url.origin);
  if (!query.ok) return failure(query.status, query.message);

  try {
    const video = await getVideo(query.slug);
    const body = buildOembed(video, { siteOrigin: url.origin, maxwidth: query.maxwidth, maxheight: query.maxheight });
    return Response.json(body, { headers: { ...SHARED, 'Cache-Control': CACHE_CATALOG } });
  } catch (error) {
    if (error instanceof CmsNotFoundError) return failure(404, 'No video at that url');
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CmsUnavailableError) {
      log.warn('oembed degraded', { slug: query.slug, error: message });
      return failure(503, 'The video library is unavailable; try again shortly', { 'Retry-After': '30' });
    }
    if (error instanceof CmsRequestError) {
      log.warn('oembed degraded', { slug: query.slug, error: message });
      return failure(502, 'The video library answered unexpectedly');
    }
    log.error('oembed failed', {
      slug: query.slug,
      error: message,
      stack: error instanceof Error ? error.stack : undefined,
    });
    return failure(500, 'Something went wrong');
  }
};
