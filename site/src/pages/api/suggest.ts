import type { APIRoute } from 'astro';
import { CmsRequestError, suggest } from '../../lib/cms';
import { watchPath } from '../../lib/links';
import { log } from '../../lib/log';
import { CACHE_NONE } from '../../lib/page';
import type { SuggestionItem } from '../../lib/discovery/suggestions';

/**
 * GET /api/suggest?q=<prefix>: the header search box's autocomplete, proxied so browsers only ever talk to
 * the site. Answers `{ data: SuggestionItem[] }`; on any failure an empty list (typing must never break).
 */
export const GET: APIRoute = async ({ url }) => {
  const prefix = url.searchParams.get('q') ?? '';
  try {
    const suggestions = await suggest(prefix);
    const data: SuggestionItem[] = suggestions.map((suggestion) => ({
      title: suggestion.title,
      href: watchPath(suggestion.slug, 'search'),
      highlight: suggestion.highlight,
      creator: suggestion.creator,
    }));
    return Response.json({ data }, { headers: { 'Cache-Control': 'public, max-age=60' } });
  } catch (error) {
    const status = error instanceof CmsRequestError ? error.status : 503;
    log.warn('suggest degraded', { error: error instanceof Error ? error.message : String(error) });
    return Response.json({ data: [] }, { status, headers: { 'Cache-Control': CACHE_NONE } });
  }
};
