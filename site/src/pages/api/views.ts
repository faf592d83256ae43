import type { APIRoute } from 'astro';
import { CmsNotFoundError, CmsRequestError, CmsUnavailableError, recordView } from '../../lib/cms';
import { log } from '../../lib/log';
import { CACHE_NONE } from '../../lib/page';
import {
  VIEWER_COOKIE,
  parseViewBody,
  viewerCookieOptions,
  viewerTokenFor,
  viewSigningSecret,
} from '../../lib/player/view-beacon';

const NO_STORE = { 'Cache-Control': CACHE_NONE };

function failure(status: number, message: string): Response {
  return Response.json({ data: null, error: { status, message } }, { status, headers: NO_STORE });
}

/**
 * POST /api/views `{ video, watchedSeconds }` from the player: adds this browser session's viewer id, signed by
 * the site, and forwards the beacon to the CMS, which answers `{ counted }`. Cross-site form posts never get here
 * (security.checkOrigin); JSON from another site needs CORS, which this endpoint does not grant.
 */
export const POST: APIRoute = async ({ request, cookies, url }) => {
  if (!request.headers.get('content-type')?.toLowerCase().startsWith('application/json')) {
    return failure(415, 'Send the view as application/json');
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return failure(400, 'The body is not JSON');
  }
  const view = parseViewBody(body);
  if (!view.ok) return failure(400, view.message);

  const secret = viewSigningSecret();
  if (!secret) {
    log.warn('view beacon dropped: VIEW_SIGNING_SECRET is not set');
    return failure(503, 'Views cannot be recorded right now');
  }
  // the cookie's id only when this site signed it; anything else gets a new signed id
  const { token: viewer, fresh } = viewerTokenFor(cookies.get(VIEWER_COOKIE)?.value, secret);
  if (fresh) cookies.set(VIEWER_COOKIE, viewer, viewerCookieOptions(url));

  try {
    const answer = await recordView({ video: view.video, viewer, watchedSeconds: view.watchedSeconds });
    return Response.json(answer, { headers: NO_STORE });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CmsRequestError) {
      // 400/401/404/422/429 are the CMS's answer about this beacon: pass it on (401: the CMS has another secret)
      log.info('view not recorded', { video: view.video, status: error.status, error: message });
      return failure(
        error.status,
        error.status === 422 ? 'Not watched long enough to count' : 'The view was not accepted',
      );
    }
    if (error instanceof CmsNotFoundError) return failure(404, 'No such video');
    if (error instanceof CmsUnavailableError) {
      log.warn('view beacon degraded', { video: view.video, error: message });
      return failure(503, 'Views cannot be recorded right now');
    }
    log.error('view beacon failed', {
      video: view.video,
      error: message,
      stack: error instanceof Error ? error.stack : undefined,
    });
    return failure(500, 'Something went wrong');
  }
};
