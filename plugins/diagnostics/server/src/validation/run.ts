/** Request input of the admin's run route (zod), refused with 400 naming the field. */
import { errors } from '@strapi/utils';
import { z } from 'zod';

const runSchema = z
  .object({
    only: z
      .array(z.string({ message: 'A check is named by its name.' }).trim().min(1, 'A check name cannot be empty.'), {
        message: '`only` is a list of check names.',
      })
      .max(50, 'Name at most 50 checks.')
      .optional(),
  })
  .strict();

export type RunInput = z.infer<typeof runSchema>;

export function parseRun(body: unknown): RunInput {
  const parsed = runSchema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length ? String(issue.path[0]) : 'body';
  const message = issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : issue.message;
  throw new errors.ValidationError(message, { fields: { [field]: message } });
}
