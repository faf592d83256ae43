// What the watch page's community forms (and their scripts) may ask the site to do, parsed once at the edge.
// Pure: the endpoint (pages/community/act.ts) turns a parsed action into CMS calls.

import {
  COMMENT_MAX_LENGTH,
  REPORT_REASONS,
  TOPIC_TITLE_MAX_LENGTH,
  REVIEW_MAX_LENGTH,
  VIDEO_REPORT_NOTE_MAX_LENGTH,
  VIDEO_REPORT_REASONS,
  type ReportReason,
  type VideoReportReason,
} from '@framecast/contracts';

const HANDLE = /^[A-Za-z0-9_.-]{1,64}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BOARD = /^(?:[a-z0-9][a-z0-9-]{0,39}|@[a-z0-9][a-z0-9_-]{0,63})$/i;
const TOPIC_FLAGS = {
  'pin-topic': { pinned: true },
  'unpin-topic': { pinned: false },
  'lock-topic': { locked: true },
  'unlock-topic': { locked: false },
} as const;
export type TopicFlagIntent = keyof typeof TOPIC_FLAGS;
export const topicFlagsOf = (intent: TopicFlagIntent) => TOPIC_FLAGS[intent];
const TITLE_MAX_LENGTH = 100;
const NOTE_MAX_LENGTH = 500;
const MAX_SECONDS = 7 * 86_400;

export type SocialAction =
  | { intent: 'follow' | 'unfollow'; handle: string }
  | { intent: 'comment'; video: string; body: string; replyTo?: number }
  | { intent: 'edit-comment'; comment: number; body: string }
  | { intent: 'delete-comment'; comment: number }
  | { intent: 'report-comment'; comment: number; reason: ReportReason; note?: string }
  | { intent: 'report-video'; video: string; reason: VideoReportReason; note?: string }
  | { intent: 'rate'; video: string; stars: number; review: string | null }
  | { intent: 'unrate'; video: string }
  | { intent: 'save' | 'unsave'; video: string; collection: string }
  | { intent: 'create-collection'; video: string; title: string }
  | { intent: 'progress'; video: string; position: number; duration: number }
  | { intent: 'remind' | 'unremind'; slug: string }
  | { intent: 'post'; topic: number; body: string; replyTo?: number }
  | { intent: 'new-topic'; board: string; title: string; body: string }
  | { intent: 'subscribe-topic' | 'unsubscribe-topic' | 'delete-topic'; topic: number }
  | { intent: TopicFlagIntent; topic: number }
  | { intent: 'hide-post' | 'show-post'; comment: number };

export type Parsed = { ok: true; action: SocialAction } | { ok: false; message: string };

type Input = Record<string, unknown>;

const text = (input: Input, key: string): string =>
  typeof input[key] === 'string' ? (input[key] as string) : typeof input[key] === 'number' ? String(input[key]) : '';

function id(input: Input, key: string): number | undefined {
  const value = Number(text(input, key));
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function seconds(input: Input, key: string): number | undefined {
  const raw = text(input, key);
  const value = Number(raw);
  return raw !== '' && Number.isFinite(value) && value >= 0 && value <= MAX_SECONDS
    ? Math.round(value * 10) / 10
    : undefined;
}

const fail = (message: string): Parsed => ({ ok: false, message });

function commentBody(input: Input): string | Parsed {
  const body = text(input, 'body').replace(/\r\n?/g, '\n').trim();
  if (!body) return fail('Write something first.');
  if (body.length > COMMENT_MAX_LENGTH) return fail(`Keep it under ${COMMENT_MAX_LENGTH} characters.`);
  return body;
}

/** A form's fields (or a script's JSON) as one action, or the message to show. */
export function parseSocialAction(input: Input): Parsed {
  const intent = text(input, 'intent');
  const video = text(input, 'video');
  const needsVideo = [
    'comment',
    'report-video',
    'rate',
    'unrate',
    'save',
    'unsave',
    'create-collection',
    'progress',
  ].includes(intent);
  if (needsVideo && !DOCUMENT_ID.test(video)) return fail('Which video?');
  switch (intent) {
    case 'follow':
    case 'unfollow': {
      const handle = text(input, 'handle');
      return HANDLE.test(handle) ? { ok: true, action: { intent, handle } } : fail('Which creator?');
    }
    case 'comment': {
      const body = commentBody(input);
      if (typeof body !== 'string') return body;
      const replyTo = id(input, 'replyTo');
      return { ok: true, action: replyTo ? { intent, video, body, replyTo } : { intent, video, body } };
    }
    case 'edit-comment': {
      const comment = id(input, 'comment');
      const body = commentBody(input);
      if (!comment) return fail('Which comment?');
      return typeof body === 'string' ? { ok: true, action: { intent, comment, body } } : body;
    }
    case 'delete-comment': {
      const comment = id(input, 'comment');
      return comment ? { ok: true, action: { intent, comment } } : fail('Which comment?');
    }
    case 'report-comment': {
      const comment = id(input, 'comment');
      const reason = text(input, 'reason') as ReportReason;
      const note = text(input, 'note').trim().slice(0, NOTE_MAX_LENGTH);
      if (!comment) return fail('Which comment?');
      if (!REPORT_REASONS.includes(reason)) return fail('Pick a reason for the report.');
      return { ok: true, action: note ? { intent, comment, reason, note } : { intent, comment, reason } };
    }
    case 'report-video': {
      const reason = text(input, 'reason') as VideoReportReason;
      const note = text(input, 'note').replace(/\r\n?/g, '\n').trim();
      if (!VIDEO_REPORT_REASONS.includes(reason)) return fail('Pick what is wrong with the video.');
      if (note.length > VIDEO_REPORT_NOTE_MAX_LENGTH)
        return fail(`Keep the details under ${VIDEO_REPORT_NOTE_MAX_LENGTH} characters.`);
      return { ok: true, action: note ? { intent, video, reason, note } : { intent, video, reason } };
    }
    case 'rate': {
      const stars = Number(text(input, 'stars'));
      if (!Number.isInteger(stars) || stars < 1 || stars > 5) return fail('Pick from 1 to 5 stars.');
      const review = text(input, 'review').replace(/\r\n?/g, '\n').trim();
      if (review.length > REVIEW_MAX_LENGTH) return fail(`Keep the review under ${REVIEW_MAX_LENGTH} characters.`);
      return { ok: true, action: { intent, video, stars, review: review || null } };
    }
    case 'unrate':
      return { ok: true, action: { intent, video } };
    case 'save':
    case 'unsave': {
      const collection = text(input, 'collection');
      return DOCUMENT_ID.test(collection)
        ? { ok: true, action: { intent, video, collection } }
        : fail('Which collection?');
    }
    case 'create-collection': {
      const title = text(input, 'title').trim();
      if (!title) return fail('Give the collection a name.');
      if (title.length > TITLE_MAX_LENGTH) return fail(`Keep the name under ${TITLE_MAX_LENGTH} characters.`);
      return { ok: true, action: { intent, video, title } };
    }
    case 'progress': {
      const position = seconds(input, 'position');
      const duration = seconds(input, 'duration');
      if (position === undefined || duration === undefined) return fail('Position and duration are seconds.');
      return { ok: true, action: { intent, video, position, duration } };
    }
    case 'remind':
    case 'unremind': {
      const slug = text(input, 'slug');
      return SLUG.test(slug) && slug.length <= 200 ? { ok: true, action: { intent, slug } } : fail('Which premiere?');
    }
    case 'post': {
      const topic = id(input, 'topic');
      const body = commentBody(input);
      if (!topic) return fail('Which topic?');
      if (typeof body !== 'string') return body;
      const replyTo = id(input, 'replyTo');
      return { ok: true, action: replyTo ? { intent, topic, body, replyTo } : { intent, topic, body } };
    }
    case 'new-topic': {
      const board = text(input, 'board');
      const title = text(input, 'title').replace(/\s+/g, ' ').trim();
      const body = commentBody(input);
      if (!BOARD.test(board)) return fail('Which board?');
      if (!title) return fail('Give the topic a title.');
      if (title.length > TOPIC_TITLE_MAX_LENGTH)
        return fail(`Keep the title under ${TOPIC_TITLE_MAX_LENGTH} characters.`);
      return typeof body === 'string' ? { ok: true, action: { intent, board, title, body } } : body;
    }
    case 'subscribe-topic':
    case 'unsubscribe-topic':
    case 'delete-topic':
    case 'pin-topic':
    case 'unpin-topic':
    case 'lock-topic':
    case 'unlock-topic': {
      const topic = id(input, 'topic');
      return topic ? { ok: true, action: { intent, topic } } : fail('Which topic?');
    }
    case 'hide-post':
    case 'show-post': {
      const comment = id(input, 'comment');
      return comment ? { ok: true, action: { intent, comment } } : fail('Which post?');
    }
    default:
      return fail('Unknown action.');
  }
}

/** Where a comment form posts: under a video, or in a forum topic (where the board's owner may also moderate). */
export type CommentTarget = { video: string } | { topic: number; canModerate: boolean; openingPost: number | null };

/** The hidden fields a new comment (or reply) on `target` carries. */
export function commentFields(target: CommentTarget): Record<string, string> {
  return 'video' in target
    ? { intent: 'comment', video: target.video }
    : { intent: 'post', topic: String(target.topic) };
}
