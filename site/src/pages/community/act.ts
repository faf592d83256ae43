import type { APIRoute } from 'astro';
import {
  CmsNotFoundError,
  CmsRequestError,
  CmsUnavailableError,
  createCollection,
  deleteComment,
  editComment,
  postComment,
  postInTopic,
  removeTopic,
  setPostHidden,
  setTopicFlags,
  setTopicSubscription,
  startTopic,
  rateVideo,
  removeRating,
  reportComment,
  reportVideo,
  saveProgress,
  setFollowing,
  setReminder,
  setSaved,
} from '../../lib/cms';
import { parseSocialAction, topicFlagsOf, type SocialAction } from '../../lib/community/actions';
import { CSRF_FIELD } from '../../lib/session/csrf';
import { log } from '../../lib/log';
import { CACHE_NONE } from '../../lib/page';
import { localRedirect, safeReturnPath, signInHref } from '../../lib/return-path';
import { SignedOutError, withViewerAccess } from '../../lib/session/viewer-session';

/**
 * POST /community/act: the watch and creator pages' community forms (follow, comment, rate, save, a premiere's
 * reminder, ...) and the
 * player's progress beacon. Outside /api/ on purpose: the middleware resolves the viewer and refuses any post
 * without this session's CSRF token (form field, or the x-csrf-token header from scripts). Forms get a 303 back to
 * `next`; scripts asking for JSON get `{ ok, result }` or `{ error: { status, message } }`.
 */
const NO_STORE = { 'Cache-Control': CACHE_NONE };

async function readInput(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  if (/application\/json/i.test(type)) {
    const body: unknown = await request.json().catch(() => null);
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  }
  const form = await request.formData().catch(() => undefined);
  const input: Record<string, unknown> = {};
  form?.forEach((value, key) => {
    if (key !== CSRF_FIELD && typeof value === 'string') input[key] = value;
  });
  return input;
}

// Where a form lands afterwards: the part of the page it changed.
const ANCHORS: Record<SocialAction['intent'], string> = {
  follow: '#follow',
  unfollow: '#follow',
  comment: '#comments',
  'edit-comment': '#comments',
  'delete-comment': '#comments',
  'report-comment': '#comments',
  'report-video': '#report',
  rate: '#ratings',
  unrate: '#ratings',
  save: '#save',
  unsave: '#save',
  'create-collection': '#save',
  progress: '',
  remind: '#premiere',
  unremind: '#premiere',
  post: '#posts',
  'new-topic': '',
  'subscribe-topic': '#topic',
  'unsubscribe-topic': '#topic',
  'delete-topic': '',
  'pin-topic': '#topic',
  'unpin-topic': '#topic',
  'lock-topic': '#topic',
  'unlock-topic': '#topic',
  'hide-post': '#posts',
  'show-post': '#posts',
};

async function perform(action: SocialAction, jwt: string): Promise<unknown> {
  switch (action.intent) {
    case 'follow':
    case 'unfollow':
      return setFollowing(action.handle, action.intent === 'follow', jwt);
    case 'comment':
      return postComment(
        action.video,
        action.replyTo ? { body: action.body, replyTo: action.replyTo } : { body: action.body },
        jwt,
      );
    case 'edit-comment':
      return editComment(action.comment, action.body, jwt);
    case 'delete-comment':
      await deleteComment(action.comment, jwt);
      return { deleted: true };
    case 'report-comment':
      await reportComment(action.comment, action.reason, action.note, jwt);
      return { reported: true };
    case 'report-video':
      return reportVideo(action.video, action.reason, action.note, jwt);
    case 'rate':
      return rateVideo(action.video, { stars: action.stars, review: action.review }, jwt);
    case 'unrate':
      return removeRating(action.video, jwt);
    case 'save':
    case 'unsave':
      return setSaved(action.collection, action.video, action.intent === 'save', jwt);
    case 'create-collection': {
      const collection = await createCollection(jwt, { title: action.title, visibility: 'private' });
      await setSaved(collection.documentId, action.video, true, jwt);
      return collection;
    }
    case 'progress':
      await saveProgress(action.video, { position: action.position, duration: action.duration }, jwt);
      return { saved: true };
    case 'remind':
    case 'unremind':
      return setReminder(action.slug, action.intent === 'remind', jwt);
    case 'post':
      return postInTopic(
        action.topic,
        action.replyTo ? { body: action.body, replyTo: action.replyTo } : { body: action.body },
        jwt,
      );
    case 'new-topic':
      return startTopic(action.board, { title: action.title, body: action.body }, jwt);
    case 'subscribe-topic':
    case 'unsubscribe-topic':
      return setTopicSubscription(action.topic, action.intent === 'subscribe-topic', jwt);
    case 'delete-topic':
      await removeTopic(action.topic, jwt);
      return { deleted: true };
    case 'pin-topic':
    case 'unpin-topic':
    case 'lock-topic':
    case 'unlock-topic':
      return setTopicFlags(action.topic, topicFlagsOf(action.intent), jwt);
    case 'hide-post':
    case 'show-post':
      return setPostHidden(action.comment, action.intent === 'hide-post', jwt);
  }
}

function refusalMessage(status: number, fallback: string): string {
  if (status === 403) return 'That is not allowed (or no longer allowed).';
  if (status === 404) return 'That no longer exists.';
  if (status === 429) return 'Slow down a little and try again in a moment.';
  return fallback || 'That was not accepted.';
}

export const POST: APIRoute = async ({ request, locals, session, url }) => {
  const wantsJson = /application\/json/i.test(request.headers.get('accept') ?? '');
  const input = await readInput(request);
  const next = safeReturnPath(input.next, '/');

  const answer = (status: number, message: string, notice: string): Response => {
    if (wantsJson) return Response.json({ error: { status, message } }, { status, headers: NO_STORE });
    const target = new URL(next, url);
    target.searchParams.set('notice', notice);
    return localRedirect(`${target.pathname}${target.search}`, { fallback: '/', headers: NO_STORE });
  };
  const signIn = (): Response =>
    wantsJson
      ? Response.json({ error: { status: 401, message: 'Sign in first.' } }, { status: 401, headers: NO_STORE })
      : localRedirect(signInHref(next), { fallback: '/', headers: NO_STORE });

  if (!locals.viewer || !session) return signIn();
  const parsed = parseSocialAction(input);
  if (!parsed.ok) return answer(400, parsed.message, 'invalid');
  const { action } = parsed;

  try {
    const result = await withViewerAccess(session, ({ jwt }) => perform(action, jwt));
    // a new topic opens on its own page
    const created =
      action.intent === 'new-topic' && result && typeof (result as { id?: unknown }).id === 'number'
        ? `/community/t/${(result as { id: number }).id}`
        : undefined;
    if (wantsJson) return Response.json({ ok: true, result, location: created }, { headers: NO_STORE });
    // a report changes nothing on the page: say it was received
    if (action.intent === 'report-video') return answer(200, '', 'reported');
    if (created) return localRedirect(created, { fallback: '/', headers: NO_STORE });
    return localRedirect(`${next}${ANCHORS[action.intent]}`, { fallback: '/', headers: NO_STORE });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof SignedOutError) return signIn();
    if (error instanceof CmsRequestError) {
      log.info('community action refused', { intent: action.intent, status: error.status, error: message });
      return answer(
        error.status,
        refusalMessage(error.status, error.message),
        error.status === 403 ? 'refused' : 'invalid',
      );
    }
    if (error instanceof CmsNotFoundError) return answer(404, refusalMessage(404, ''), 'gone');
    if (error instanceof CmsUnavailableError) {
      log.warn('community action degraded', { intent: action.intent, error: message });
      return answer(503, 'This is not available right now. Please try again in a moment.', 'unavailable');
    }
    log.error('community action failed', {
      intent: action.intent,
      error: message,
      stack: error instanceof Error ? error.stack : undefined,
    });
    return answer(500, 'Something went wrong.', 'unavailable');
  }
};
