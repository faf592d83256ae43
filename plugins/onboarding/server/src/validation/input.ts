/** Request input of the onboarding routes (zod), refused with 400 naming the field. */
import { z } from 'zod';
import { APPLICATION_LIMITS as LIMITS, HANDLE_PATTERN } from '@framecast/contracts';
import { invalid } from '../utils/errors';

const applicationSchema = z
  .object({
    handle: z
      .string({ message: 'Choose a handle.' })
      .trim()
      .toLowerCase()
      .regex(HANDLE_PATTERN, 'A handle has 3 to 40 lowercase letters, digits and dashes (not first or last).'),
    displayName: z
      .string({ message: 'Give your channel a name.' })
      .trim()
      .min(LIMITS.displayName.min, `The name needs at least ${LIMITS.displayName.min} characters.`)
      .max(LIMITS.displayName.max, `Keep the name under ${LIMITS.displayName.max} characters.`),
    about: z
      .string({ message: 'Say what you will publish.' })
      .trim()
      .min(LIMITS.about.min, `Say a little more about what you will publish (${LIMITS.about.min} characters or more).`)
      .max(LIMITS.about.max, `Keep it under ${LIMITS.about.max} characters.`),
    // an empty link field is no link
    links: z.preprocess(
      (value) => (Array.isArray(value) ? value.filter((link) => !(typeof link === 'string' && !link.trim())) : value),
      z
        .array(
          z
            .string()
            .trim()
            .max(500, 'A link is at most 500 characters.')
            .regex(/^https?:\/\/[^\s]+$/, 'Links start with https:// (or http://).'),
        )
        .max(LIMITS.links, `At most ${LIMITS.links} links.`)
        .default([]),
    ),
  })
  .strict();

function refusal(error: z.ZodError): Error {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') return invalid(`${issue.keys.join(', ')}: not part of an application`);
  return invalid(issue.message, String(issue.path[0] ?? ''));
}

export function parseApplication(body: unknown): {
  handle: string;
  displayName: string;
  about: string;
  links: string[];
} {
  const parsed = applicationSchema.safeParse(body ?? {});
  if (!parsed.success) throw refusal(parsed.error);
  return { ...parsed.data, links: parsed.data.links.filter(Boolean) };
}

export function parseDecline(body: unknown): { reason: string } {
  const parsed = z
    .object({
      reason: z
        .string({ message: 'Say why: the applicant is told.' })
        .trim()
        .min(1, 'Say why: the applicant is told.')
        .max(LIMITS.reason, `Keep the reason under ${LIMITS.reason} characters.`),
    })
    .strict()
    .safeParse(body ?? {});
  if (!parsed.success) throw refusal(parsed.error);
  return parsed.data;
}

export function parseId(value: unknown): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw invalid('No such application.');
  return id;
}

export function parseStateFilter(value: unknown): 'pending' | 'approved' | 'declined' {
  if (value === undefined || value === '') return 'pending';
  if (value === 'pending' || value === 'approved' || value === 'declined') return value;
  throw invalid('state: pending, approved or declined', 'state');
}
