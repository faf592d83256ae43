// The "Send feedback" form (pages/feedback.astro): which page it is about, and what was typed, checked with the CMS's
// own limits before the CMS is asked (plugins/feedback checks again; a send past its rate limit counts even when
// refused, so mistakes are caught here first). No Node imports and no CMS calls.

import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_LIMITS,
  FEEDBACK_PAGE_PATTERN,
  type FeedbackCategory,
} from '@framecast/contracts';
import { sameSitePath } from './return-path';

export { FEEDBACK_CATEGORIES, FEEDBACK_CATEGORY_LABELS, FEEDBACK_LIMITS };

/** The fields the viewer fills in, in page order (the page itself is a hidden field). */
export const FEEDBACK_FIELDS = ['category', 'message', 'contact'] as const;
export type FeedbackField = (typeof FEEDBACK_FIELDS)[number];

export const FEEDBACK_FIELD_LABELS: Record<FeedbackField, string> = {
  category: 'Topic',
  message: 'Your message',
  contact: 'Your email address',
};

export const FEEDBACK_PATH = '/feedback';

/**
 * The page feedback is about, from the footer link's `?from=`: a path on this site, else the home page. The path
 * only: a query or fragment can carry what is nobody else's business (a password reset or confirmation code).
 */
export function feedbackPageFrom(raw: unknown): string {
  const path = sameSitePath(raw);
  if (!path) return '/';
  const { pathname } = new URL(path, 'http://framecast.invalid');
  if (pathname === FEEDBACK_PATH || pathname.length > FEEDBACK_LIMITS.page || !FEEDBACK_PAGE_PATTERN.test(pathname))
    return '/';
  return pathname;
}

/** The feedback link for a page of the site (the footer's). */
export function feedbackHref(pathname: string): string {
  return `${FEEDBACK_PATH}?from=${encodeURIComponent(feedbackPageFrom(pathname))}`;
}

export interface FeedbackFormValues {
  category: string;
  message: string;
  contact: string;
  page: string;
}

// A pragmatic shape check; the CMS has the last word on what an address is.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isCategory = (value: string): value is FeedbackCategory =>
  (FEEDBACK_CATEGORIES as readonly string[]).includes(value);

/** What the form sent, kept to show it again (never more than a little over the limits), and what is wrong with it. */
export function readFeedbackForm(form: FormData): {
  values: FeedbackFormValues;
  fields: Partial<Record<FeedbackField, string>>;
} {
  const text = (name: string, max: number) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.replace(/\r\n/g, '\n').slice(0, max) : '';
  };
  const values: FeedbackFormValues = {
    category: text('category', 40).trim(),
    message: text('message', FEEDBACK_LIMITS.message.max + 1000),
    contact: text('contact', FEEDBACK_LIMITS.contact + 100).trim(),
    page: feedbackPageFrom(text('page', 2048)),
  };
  const fields: Partial<Record<FeedbackField, string>> = {};
  const { min, max } = FEEDBACK_LIMITS.message;
  const length = values.message.trim().length;
  if (!isCategory(values.category)) fields.category = 'Choose what your feedback is about.';
  if (length === 0) fields.message = 'Write your message.';
  else if (length < min) fields.message = `Say a little more (${min} characters or more).`;
  else if (length > max) fields.message = `Keep it under ${max} characters (this one has ${length}).`;
  if (values.contact.length > FEEDBACK_LIMITS.contact)
    fields.contact = `An email address is at most ${FEEDBACK_LIMITS.contact} characters.`;
  else if (values.contact && !EMAIL_SHAPE.test(values.contact))
    fields.contact = 'This is not an email address: check it, or leave it empty.';
  return { values, fields };
}
