/** Request input of the moderation routes (zod), each answered 400 with the field named when it does not fit. */
import { z } from 'zod';
import {
  APPEAL_MESSAGE_MAX_LENGTH,
  DECISIONS_NEEDING_REASON,
  MODERATION_DECISIONS,
  MODERATION_EVENTS,
  MODERATION_REASON_MAX_LENGTH,
  type ModerationDecision,
  type ModerationEvent,
} from '@framecast/contracts';
import { invalid } from '../utils/errors';

const decisionSchema = z
  .object({
    decision: z.enum(MODERATION_DECISIONS, { message: `must be one of ${MODERATION_DECISIONS.join(', ')}` }),
    reason: z
      .string({ message: 'must be text' })
      .trim()
      .max(MODERATION_REASON_MAX_LENGTH, `must be at most ${MODERATION_REASON_MAX_LENGTH} characters`)
      .optional(),
  })
  .strict();

function firstProblem(error: z.ZodError): Error {
  const issue = error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : String(issue.path[0] ?? '');
  const message =
    issue.code === 'unrecognized_keys' ? `${issue.keys.join(', ')}: not a field` : `${field}: ${issue.message}`;
  return invalid(message, field);
}

export function parseDecision(body: unknown): { decision: ModerationDecision; reason: string | null } {
  const parsed = decisionSchema.safeParse(body ?? {});
  if (!parsed.success) throw firstProblem(parsed.error);
  const reason = parsed.data.reason || null;
  if (!reason && DECISIONS_NEEDING_REASON.includes(parsed.data.decision))
    throw invalid('reason: say why; the creator is told', 'reason');
  return { decision: parsed.data.decision, reason };
}

const appealSchema = z
  .object({
    message: z
      .string({ message: 'must be text' })
      .trim()
      .min(10, 'say in a sentence or two why the decision is wrong (10 characters or more)')
      .max(APPEAL_MESSAGE_MAX_LENGTH, `must be at most ${APPEAL_MESSAGE_MAX_LENGTH} characters`),
  })
  .strict();

export function parseAppeal(body: unknown): { message: string } {
  const parsed = appealSchema.safeParse(body ?? {});
  if (!parsed.success) throw firstProblem(parsed.error);
  return parsed.data;
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'must be a real date');

const logQuerySchema = z
  .object({
    event: z.enum(MODERATION_EVENTS, { message: `must be one of ${MODERATION_EVENTS.join(', ')}` }).optional(),
    video: z.string().max(64).optional(),
    creator: z.string().trim().max(120).optional(),
    actor: z.string().trim().max(200).optional(),
    from: day.optional(),
    to: day.optional(),
    page: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').max(100_000).default(1),
    pageSize: z.coerce.number().int('must be a whole number').min(1).max(200, 'must be at most 200').default(50),
  })
  .strict();

export interface LogQuery {
  filter: { event?: ModerationEvent; video?: string; creator?: string; actor?: string; from?: Date; to?: Date };
  page: number;
  pageSize: number;
}

export function parseLogQuery(query: unknown): LogQuery {
  const parsed = logQuerySchema.safeParse(query ?? {});
  if (!parsed.success) throw firstProblem(parsed.error);
  const { from, to, page, pageSize, ...rest } = parsed.data;
  const filter: LogQuery['filter'] = {};
  for (const [key, value] of Object.entries(rest)) if (value) (filter as Record<string, unknown>)[key] = value;
  if (from) filter.from = new Date(`${from}T00:00:00Z`);
  // `to` is the last day shown, included
  if (to) filter.to = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  if (filter.from && filter.to && filter.from >= filter.to) throw invalid('to: must not be before from', 'to');
  return { filter, page, pageSize };
}
