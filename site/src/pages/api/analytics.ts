import type { APIRoute } from 'astro';
import { ANALYTICS_LIMITS, type PlaybackBatch } from '@framecast/contracts';
import { CmsNotFoundError, CmsRequestError, CmsUnavailableError, sendPlaybackBatch } from '../../lib/cms';
import { log } from '../../lib/log';
import { CACHE_NONE } from '../../lib/page';

const NO_STORE = { 'Cache-Control': CACHE_NONE };
/** 50 events of 20 ranges each fit in well under this. */
const MAX_BODY_BYTES = 64 * 1024;

function failure(status: number, message: string): Response {
  return Response.json({ data: null, error: { status, message } }, { status, headers: NO_STORE });
}

/**
 * POST /api/analytics: a playback beacon from the player (plugins/analytics checks it whole). Forwarded with the
 * viewer's address (X-Forwarded-For, through the CMS client), user agent, Do-Not-Track and Global Privacy Control:
 * the CMS derives the country and a daily viewer key from them and stores neither the address nor a cookie. The
 * player never waits on the answer; a CMS that is down is a 503, never an error on the page.
 */
export const POST: APIRoute = async ({ request }) => {
  // navigator.sendBeacon sends its Blob's type; anything but JSON is not from the player
  if (!request.headers.get('content-type')?.toLowerCase().startsWith('application/json'))
    return failure(415, 'Send the events as application/json');
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return failure(413, 'Too many events in one beacon');
  let text: string;
  try {
    text = await request.text();
  } catch {
    // the page went away while its last beacon was on the wire (a closed tab): nobody is left to answer
    return failure(400, 'The beacon was cut off');
  }
  if (text.length > MAX_BODY_BYTES) return failure(413, 'Too many events in one beacon');
  let batch: unknown;
  try {
    batch = JSON.parse(text);
  } catch {
    return failure(400, 'The body is not JSON');
  }
  const events = (batch as { events?: unknown } | null)?.events;
  if (
    typeof batch !== 'object' ||
    batch === null ||
    !Array.isArray(events) ||
    events.length > ANALYTICS_LIMITS.maxEventsPerBatch
  )
    return failure(400, 'Not a playback beacon');

  try {
    await sendPlaybackBatch(batch as PlaybackBatch, {
      userAgent: request.headers.get('user-agent'),
      dnt: request.headers.get('dnt'),
      gpc: request.headers.get('sec-gpc'),
    });
    return new Response(null, { status: 204, headers: NO_STORE });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CmsRequestError) return failure(error.status, message);
    if (error instanceof CmsNotFoundError) return failure(404, 'No such video');
    if (error instanceof CmsUnavailableError) {
      log.warn('playback beacon dropped: the CMS is unavailable', { error: message });
      return failure(503, 'Playback events cannot be recorded right now');
    }
    log.error('playback beacon failed', { error: message });
    return failure(500, 'Something went wrong');
  }
};
