/** Every input of the community routes, parsed once: 400 with the first problem otherwise. */
import { errors } from '@strapi/utils';
import { z } from 'zod';
import {
  COMMENT_MAX_LENGTH,
  TOPIC_TITLE_MAX_LENGTH,
  REVIEW_MAX_LENGTH,
  VIDEO_REPORT_NOTE_MAX_LENGTH,
  VIDEO_REPORT_REASONS,
} from '@framecast/contracts';

export { COMMENT_MAX_LENGTH, REVIEW_MAX_LENGTH };

const text = (max: number, what: string) =>
  z
    .string({ message: `${what} must be text` })
    .transform((value) =>
      value
        .replace(/\r\n?/g, '\n')
        // eslint-disable-next-line no-control-regex -- control characters are what this strips
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
        .trim(),
    )
    .pipe(
      z
        .string()
        .min(1, `Write something first: ${what.toLowerCase()} is empty.`)
        .max(max, `${what} is too long: at most ${max} characters.`),
    );

export const documentId = z.string().regex(/^[a-z0-9]{10,64}$/i, 'Not a valid id.');
export const numericId = z.coerce
  .number({ message: 'Not a valid id.' })
  .int('Not a valid id.')
  .positive('Not a valid id.');
export const handle = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'Not a valid creator handle.');
export const page = z.object({
  page: z.coerce
    .number({ message: 'page must be a number' })
    .int('page must be a whole number')
    .min(1, 'page starts at 1')
    .max(1000, 'page is at most 1000')
    .default(1),
});

export const newComment = z
  .object({ body: text(COMMENT_MAX_LENGTH, 'Comment'), replyTo: numericId.optional() })
  .strict();
/** A board in a route: a category's slug, or `@` and a creator's handle. */
export const boardKey = z
  .string()
  .regex(
    /^(?:[a-z0-9][a-z0-9-]{0,39}|@[a-z0-9][a-z0-9_-]{0,63})$/i,
    'Not a valid board: a category, or @ and a handle.',
  );
export const newTopic = z
  .object({
    title: text(TOPIC_TITLE_MAX_LENGTH, 'Title').pipe(
      z.string().refine((value) => !value.includes('\n'), 'The title is one line.'),
    ),
    body: text(COMMENT_MAX_LENGTH, 'Post'),
  })
  .strict();
export const newPost = z.object({ body: text(COMMENT_MAX_LENGTH, 'Post'), replyTo: numericId.optional() }).strict();
export const topicFlags = z
  .object({
    pinned: z.boolean({ message: 'pinned is true or false' }).optional(),
    locked: z.boolean({ message: 'locked is true or false' }).optional(),
  })
  .strict()
  .refine((flags) => flags.pinned !== undefined || flags.locked !== undefined, 'Say what to change: pinned or locked.');
export const editComment = z.object({ body: text(COMMENT_MAX_LENGTH, 'Comment') }).strict();
export const report = z
  .object({
    reason: z.enum(['spam', 'harassment', 'hateful', 'sexual', 'violent', 'misinformation', 'other'], {
      message: 'Choose why you report this comment.',
    }),
    note: z.string().max(500, 'The note is too long: at most 500 characters.').optional(),
  })
  .strict();
export const videoReport = z
  .object({
    reason: z.enum(VIDEO_REPORT_REASONS, { message: 'Choose why you report this video.' }),
    note: z
      .string({ message: 'The note must be text.' })
      .transform((value) => value.trim())
      .pipe(
        z
          .string()
          .max(
            VIDEO_REPORT_NOTE_MAX_LENGTH,
            `The note is too long: at most ${VIDEO_REPORT_NOTE_MAX_LENGTH} characters.`,
          ),
      )
      .optional(),
  })
  .strict();
export const rating = z
  .object({
    stars: z
      .number({ message: 'Choose 1 to 5 stars.' })
      .int('Choose 1 to 5 stars.')
      .min(1, 'Choose 1 to 5 stars.')
      .max(5, 'Choose 1 to 5 stars.'),
    review: z
      .union([
        z.null(),
        z.string().max(REVIEW_MAX_LENGTH, `The review is too long: at most ${REVIEW_MAX_LENGTH} characters.`),
      ])
      .optional(),
  })
  .strict();
export const markRead = z.object({ ids: z.array(numericId).max(200, 'At most 200 at once.').optional() }).strict();

/** The parsed value; otherwise a 400 with the first problem (and the field it is about, if any). */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  const message = issue.code === 'unrecognized_keys' ? `Unexpected field(s): ${issue.keys.join(', ')}.` : issue.message;
  throw new errors.ValidationError(message, { field: field || null });
}
