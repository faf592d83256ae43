/** The community contract: what the /api/community endpoints take and return (the community plugin and the site). */
import type { SearchVideoCard } from './discovery';

export const COMMENT_MAX_LENGTH = 2000;
export const REVIEW_MAX_LENGTH = 2000;
export const REPORT_REASONS = [
  'spam',
  'harassment',
  'hateful',
  'sexual',
  'violent',
  'misinformation',
  'other',
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** Why a viewer reports a video (the review queue groups reports by these), and how the site names each. */
export const VIDEO_REPORT_REASONS = [
  'spam',
  'sexual',
  'violence',
  'hate-or-harassment',
  'copyright',
  'misleading',
  'other',
] as const;
export type VideoReportReason = (typeof VIDEO_REPORT_REASONS)[number];
export const VIDEO_REPORT_REASON_LABELS: Record<VideoReportReason, string> = {
  spam: 'Spam or scam',
  sexual: 'Sexual content',
  violence: 'Violent or dangerous content',
  'hate-or-harassment': 'Hate or harassment',
  copyright: 'Copyright infringement',
  misleading: 'Misleading or false',
  other: 'Something else',
};
export const VIDEO_REPORT_NOTE_MAX_LENGTH = 500;

/** A comment's or review's author as the viewer sees it ("deleted user" after account deletion). */
export interface CommentAuthor {
  name: string;
  deleted: boolean;
  mine: boolean;
  /** a post on a creator's own board, by that creator: signed with the channel's name */
  channel?: boolean;
}

/** `hidden` reaches only a board's owner: a post they hid on their own board, which they may show again. */
export type CommentState = 'visible' | 'held' | 'hidden' | 'deleted';

export interface CommentView {
  id: number;
  body: string | null;
  author: CommentAuthor;
  state: CommentState;
  pinned: boolean;
  createdAt: string;
  editedAt: string | null;
  /** until when the author may still edit it (only on my own comments) */
  editableUntil: string | null;
  replyTo: { id: number; name: string } | null;
  replies?: CommentView[];
}

export interface CommunityPageMeta {
  page: number;
  pageCount: number;
  total: number;
}

/** GET /community/videos/:video/comments */
export interface CommentPage {
  data: CommentView[];
  meta: CommunityPageMeta;
}

export interface RatingView {
  id: number;
  stars: number;
  review: string | null;
  author: CommentAuthor;
  createdAt: string;
  updatedAt: string;
}

export type StarCount = '1' | '2' | '3' | '4' | '5';

/** `average` is 0 while there are no ratings. */
export interface RatingSummary {
  average: number;
  count: number;
  distribution: Record<StarCount, number>;
}

/** GET /community/videos/:video/ratings */
export interface RatingPage {
  data: RatingView[];
  meta: CommunityPageMeta & { summary: RatingSummary };
  mine: RatingView | null;
}

/** GET, PUT and DELETE /community/creators/:handle/follow */
export interface FollowState {
  creator: string;
  followers: number;
  following: boolean;
}

/** A followed creator (GET /community/following). */
export interface CreatorRef {
  documentId: string;
  handle: string;
  displayName: string;
}

/** GET /community/feed: new public videos from the creators the viewer follows. */
export interface FeedPage {
  data: SearchVideoCard[];
  meta: CommunityPageMeta & { following: number };
}

export type NotificationKind = 'new-video' | 'reply' | 'topic-reply';

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  video: string | null;
  /** the forum topic a `topic-reply` is about */
  topic: number | null;
  comment: number | null;
  actorName: string | null;
  text: string;
  read: boolean;
  createdAt: string;
}

/** GET /community/notifications */
export interface NotificationPage {
  data: NotificationView[];
  meta: CommunityPageMeta & { unread: number };
}

// ---- forums ---------------------------------------------------------------------------------------------------------

/**
 * The platform-wide boards. A creator's own board (the Community tab of their page) is `@<handle>`: only the channel
 * posts topics there, viewers reply, and the channel moderates the replies.
 */
export const FORUM_CATEGORIES = [
  { slug: 'general', name: 'General', description: 'Anything about videos, learning and Framecast itself.' },
  {
    slug: 'learning',
    name: 'Learning together',
    description: 'Study groups, questions about a course, notes to share.',
  },
  { slug: 'making-videos', name: 'Making videos', description: 'Cameras, sound, editing, captions: the craft.' },
  { slug: 'help', name: 'Help', description: 'Something does not work? Ask here; the help center may already answer.' },
] as const;
export type ForumCategorySlug = (typeof FORUM_CATEGORIES)[number]['slug'];
export const TOPIC_TITLE_MAX_LENGTH = 120;
export const TOPICS_PAGE_SIZE = 20;

/** `category` boards are open to every viewer; a `creator` board takes topics from its channel only. */
export interface BoardView {
  key: string;
  kind: 'category' | 'creator';
  name: string;
  description: string;
  /** the channel of a creator board */
  creator: CreatorRef | null;
  topics: number;
  lastPostAt: string | null;
  /** what the signed-in viewer may do here */
  canPost: boolean;
  canModerate: boolean;
}

export type TopicState = 'visible' | 'held' | 'hidden' | 'deleted';

export interface TopicView {
  id: number;
  board: string;
  title: string;
  author: CommentAuthor;
  state: TopicState;
  pinned: boolean;
  locked: boolean;
  /** replies, the opening post not counted */
  replies: number;
  createdAt: string;
  lastPostAt: string;
  /** whether the signed-in viewer gets a notification for each new reply */
  subscribed: boolean;
}

/** GET /community/boards/:board/topics */
export interface TopicListPage {
  board: BoardView;
  data: TopicView[];
  meta: CommunityPageMeta;
}

/** GET /community/topics/:id: the topic, its board, and its posts oldest first (the opening post leads page 1). */
export interface TopicPage {
  topic: TopicView;
  board: BoardView;
  posts: CommentPage;
}
