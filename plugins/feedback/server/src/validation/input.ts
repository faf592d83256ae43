/** Request input of the feedback routes (zod), refused with 400 naming the field. */
import { z } from 'zod';
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_LIMITS as LIMITS,
  FEEDBACK_PAGE_PATTERN,
  FEEDBACK_STATES,
  type FeedbackCategory,
  type FeedbackState,
} from '@framecast/contracts';
import { invalid } from '../utils/errors';

// an empty optional field is no value
const blankToNull = (value: unknown) => (typeof value === 'string' && !value.trim() ? null : value);

const feedbackSchema = z
  .object({
    category: z.enum(FEEDBACK_CATEGORIES, { message: 'Choose what your feedback is about.' }),
    message: z
      .string({ message: 'Write your message.' })
      .trim()
      .min(LIMITS.message.min, `Say a little more (${LIMITS.message.min} characters or more).`)
      .max(LIMITS.message.max, `Keep it under ${LIMITS.message.max} characters.`),
    page: z
      .string({ message: 'Which page is this about?' })
      .trim()
      .max(LIMITS.page, `The page's address is at most ${LIMITS.page} characters.`)
      .regex(FEEDBACK_PAGE_PATTERN, 'The page must be a path on this site, such as /watch/a-video.'),
    contact: z.preprocess(
      blankToNull,
      z
        .string({ message: 'Give an email address, or leave it empty.' })
        .trim()
        .max(LIMITS.contact, `An email address is at most ${LIMITS.contact} characters.`)
        .pipe(z.email({ message: 'This is not an email address: check it, or leave it empty.' }))
        .nullable()
        .default(null),
    ),
  })
  .strict();

const triageSchema = z
  .object({
    state: z.enum(FEEDBACK_STATES, { message: 'state: new, planned, done or wont-do' }).optional(),
    note: z.preprocess(
      blankToNull,
      z
        .string({ message: 'A note is text.' })
        .trim()
        .max(LIMITS.note, `Keep the note under ${LIMITS.note} characters.`)
        .nullable()
        .optional(),
    ),
  })
  .strict()
  .refine((change) => change.state !== undefined || change.note !== undefined, {
    message: 'Change the state or the note.',
  });

function refusal(error: z.ZodError, what: string): Error {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') return invalid(`${issue.keys.join(', ')}: not part of ${what}`);
  const field = issue.path[0];
  return invalid(issue.message, field === undefined ? undefined : String(field));
}

export interface FeedbackInput {
  category: FeedbackCategory;
  message: string;
  page: string;
  contact: string | null;
}

export function parseFeedback(body: unknown): FeedbackInput {
  const parsed = feedbackSchema.safeParse(body ?? {});
  if (!parsed.success) throw refusal(parsed.error, 'feedback');
  return { ...parsed.data, contact: parsed.data.contact?.toLowerCase() ?? null };
}

export interface TriageInput {
  state?: FeedbackState;
  note?: string | null;
}

export function parseTriage(body: unknown): TriageInput {
  const parsed = triageSchema.safeParse(body ?? {});
  if (!parsed.success) throw refusal(parsed.error, 'a triage');
  const change: TriageInput = {};
  if (parsed.data.state !== undefined) change.state = parsed.data.state;
  if (parsed.data.note !== undefined) change.note = parsed.data.note;
  return change;
}

export function parseId(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw invalid('No such feedback.');
  return id;
}

export interface ListFilter {
  state?: FeedbackState;
  category?: FeedbackCategory;
  page: number;
  pageSize: number;
}

const one = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** `?state=&category=&page=&pageSize=`: an empty or absent filter is any. */
export function parseListQuery(query: Record<string, unknown>): ListFilter {
  const state = one(query.state);
  const category = one(query.category);
  const filter: ListFilter = { page: 1, pageSize: LIMITS.pageSize.default };
  if (state !== undefined && state !== '') {
    if (!(FEEDBACK_STATES as readonly unknown[]).includes(state))
      throw invalid('state: new, planned, done or wont-do', 'state');
    filter.state = state as FeedbackState;
  }
  if (category !== undefined && category !== '') {
    if (!(FEEDBACK_CATEGORIES as readonly unknown[]).includes(category))
      throw invalid(`category: ${FEEDBACK_CATEGORIES.join(', ')}`, 'category');
    filter.category = category as FeedbackCategory;
  }
  const whole = (name: 'page' | 'pageSize', raw: unknown, max: number) => {
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1 || value > max)
      throw invalid(`${name}: a whole number from 1 to ${max}`, name);
    return value;
  };
  filter.page = whole('page', one(query.page), 10_000) ?? 1;
  filter.pageSize = whole('pageSize', one(query.pageSize), LIMITS.pageSize.max) ?? LIMITS.pageSize.default;
  return filter;
}
