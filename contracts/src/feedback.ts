/**
 * "Send feedback" (plugins/feedback): anyone on the site sends a category, a message, the page it was sent from and an
 * optional contact address; moderators triage it in the admin. The site, the plugin and its admin page read these.
 */
export const FEEDBACK_CATEGORIES = ['bug', 'idea', 'content', 'account', 'other'] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

export const FEEDBACK_CATEGORY_LABELS: Record<FeedbackCategory, string> = {
  bug: 'Something is broken',
  idea: 'An idea or a wish',
  content: 'A video, comment or channel',
  account: 'My account',
  other: 'Something else',
};

export const FEEDBACK_STATES = ['new', 'planned', 'done', 'wont-do'] as const;
export type FeedbackState = (typeof FEEDBACK_STATES)[number];

export const FEEDBACK_STATE_LABELS: Record<FeedbackState, string> = {
  new: 'New',
  planned: 'Planned',
  done: 'Done',
  'wont-do': 'Won’t do',
};

export const FEEDBACK_LIMITS = {
  message: { min: 10, max: 2000 },
  page: 300,
  contact: 200,
  note: 1000,
  pageSize: { default: 20, max: 100 },
} as const;

/**
 * The page feedback was sent from: a path on the site, never an address elsewhere. One leading slash and not two
 * (`//host` is another site to a browser), no backslash (browsers read `/\host` as `//host`), no space or control
 * character.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
export const FEEDBACK_PAGE_PATTERN = /^\/(?![/\\])[^\s\\\u0000-\u001f\u007f]*$/;

/** What the sender gets back: the message was kept. */
export interface FeedbackReceipt {
  id: number;
  createdAt: string;
}

/** One message as moderators see it in the admin (the message is plain text, shown as text). */
export interface FeedbackReview {
  id: number;
  category: FeedbackCategory;
  message: string;
  page: string;
  contact: string | null;
  state: FeedbackState;
  note: string | null;
  /** The signed-in viewer who sent it; null for an anonymous visitor (or an account deleted since). */
  viewer: { id: number; username: string } | null;
  triagedBy: string | null;
  triagedAt: string | null;
  createdAt: string;
}

export interface FeedbackReviewPage {
  data: FeedbackReview[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}
