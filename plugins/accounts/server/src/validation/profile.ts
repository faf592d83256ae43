/** Profile inputs, parsed once: field-level messages the site shows beside each field. */
import { z } from 'zod';
import { profileError } from '../utils/errors';

const plain = (max: number, what: string) =>
  z
    .string({ message: `${what} must be text` })
    // eslint-disable-next-line no-control-regex -- control characters are what this strips
    .transform((value) => value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim())
    .pipe(z.string().max(max, `${what} is too long: at most ${max} characters.`));

export const MAX_INTERESTS = 10;
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

export const profilePatch = z
  .object({
    displayName: plain(50, 'The display name').optional(),
    bio: plain(500, 'The bio').optional(),
    interests: z
      .array(z.string().regex(/^[a-z0-9]{10,64}$/i, 'Not a category id.'))
      .max(MAX_INTERESTS, `Choose at most ${MAX_INTERESTS} interests.`)
      .optional(),
    notifications: z
      .object({ newVideoEmail: z.boolean().optional(), replyEmail: z.boolean().optional() })
      .strict()
      .optional(),
    privacy: z.object({ showInFollowers: z.boolean().optional() }).strict().optional(),
  })
  .strict();

export const deleteAccount = z
  .object({ password: z.string().min(1, 'Enter your password to delete your account.').max(1024) })
  .strict();

export const emailChange = z
  .object({
    email: z
      .string({ message: 'Enter the new email address.' })
      .max(254, 'Enter an email address like name@example.com.'),
    password: z.string().min(1, 'Enter your password.').max(1024),
  })
  .strict();

/** A token mailed in a link: 48 hex characters. */
export const mailedToken = z.string().regex(/^[a-f0-9]{48}$/);

export const unsubscribe = z.object({ token: mailedToken, kind: z.enum(['reply', 'new-video']) });

/**
 * The parsed value, or a 400 with the first problem, naming its field in `details.fields` (`field`: the one field
 * every problem is about). `namingUnexpected`: unknown keys are listed in a sentence of our own.
 */
export function parseInput<T>(
  schema: z.ZodType<T>,
  value: unknown,
  options: { field?: string; namingUnexpected?: boolean } = {},
): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const message =
    options.namingUnexpected && issue.code === 'unrecognized_keys'
      ? `Unexpected field(s): ${issue.keys.join(', ')}.`
      : issue.message;
  throw profileError(400, message, options.field ?? (String(issue.path[0] ?? '') || undefined));
}
