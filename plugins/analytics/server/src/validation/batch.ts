/** The player's beacon (contracts' PlaybackBatch), checked once at the edge: 400 with every reason in one sentence. */
import { z } from 'zod';
import { errors } from '@strapi/utils';
import { ANALYTICS_LIMITS, SOURCE_TAGS, type PlaybackBatch } from '@framecast/contracts';

const L = ANALYTICS_LIMITS;

/** Strapi document ids (cuid2: lower-case letters and digits). */
const DOCUMENT_ID = /^[a-z0-9]{10,64}$/;

const number = (name: string) =>
  z.number({ message: `${name} must be a number` }).finite(`${name} must be a finite number`);
const seconds = (name: string) => number(name).min(0, `${name} must be 0 or more`).max(L.maxDurationSeconds);
const wholeMs = (name: string, max: number) =>
  number(name)
    .int(`${name} must be whole milliseconds`)
    .min(0, `${name} must be 0 or more`)
    .max(max, `${name} must be at most ${max}`);

const base = {
  seq: number('seq').int('seq must be a whole number').min(0, 'seq must be 0 or more').max(L.maxSeq),
  t: number('t').min(0, 't must be 0 or more'),
};

const range = z.tuple([number('from').min(0, 'from must be 0 or more'), number('to').min(0, 'to must be 0 or more')], {
  message: 'a range must be [from, to] in seconds',
});

const eventSchema = z.discriminatedUnion(
  'type',
  [
    z
      .object({ ...base, type: z.literal('start'), at: seconds('at'), startupMs: wholeMs('startupMs', L.maxStartupMs) })
      .strict(),
    z
      .object({
        ...base,
        type: z.literal('heartbeat'),
        ranges: z
          .array(range, { message: 'ranges must be a list of [from, to]' })
          .max(L.maxRangesPerHeartbeat, `a heartbeat holds at most ${L.maxRangesPerHeartbeat} ranges`),
      })
      .strict(),
    z.object({ ...base, type: z.literal('pause'), at: seconds('at') }).strict(),
    z.object({ ...base, type: z.literal('end'), at: seconds('at'), left: z.boolean().optional() }).strict(),
    z
      .object({
        ...base,
        type: z.literal('quality'),
        at: seconds('at'),
        height: number('height').int('height must be whole pixels').min(1).max(8640),
        auto: z.boolean({ message: 'auto must be true or false' }),
      })
      .strict(),
    z
      .object({ ...base, type: z.literal('stall'), at: seconds('at'), durationMs: wholeMs('durationMs', L.maxStallMs) })
      .strict(),
    z
      .object({
        ...base,
        type: z.literal('error'),
        at: seconds('at'),
        code: z
          .string({ message: 'code must be text' })
          .regex(/^[A-Za-z0-9_.:-]+$/, 'code may hold letters, digits, ".", ":", "_" and "-" only')
          .max(L.maxErrorCodeLength, `code must be at most ${L.maxErrorCodeLength} characters`),
        fatal: z.boolean({ message: 'fatal must be true or false' }),
      })
      .strict(),
  ],
  { message: 'type must be one of start, heartbeat, pause, end, quality, stall, error' },
);

const batchSchema = z
  .object({
    video: z.string({ message: 'video must be a video id' }).regex(DOCUMENT_ID, 'video must be a video id'),
    session: z
      .string({ message: 'session must be a session id' })
      .regex(L.sessionIdPattern, 'session must be a session id'),
    duration: number('duration').positive('duration must be above 0').max(L.maxDurationSeconds, 'duration is too long'),
    src: z
      .enum(Object.keys(SOURCE_TAGS) as [keyof typeof SOURCE_TAGS, ...(keyof typeof SOURCE_TAGS)[]], {
        message: `src must be one of ${Object.keys(SOURCE_TAGS).join(', ')}`,
      })
      .optional(),
    referrer: z
      .string({ message: 'referrer must be text' })
      .max(L.maxReferrerLength, 'referrer is too long')
      .optional(),
    events: z
      .array(eventSchema, { message: 'events must be a list' })
      .min(1, 'events must not be empty')
      .max(L.maxEventsPerBatch, `a batch holds at most ${L.maxEventsPerBatch} events`),
  })
  .strict()
  .superRefine((batch, context) => {
    const limit = batch.duration + L.rangeSlackSeconds;
    const seen = new Set<number>();
    batch.events.forEach((event, i) => {
      if (seen.has(event.seq))
        context.addIssue({ code: 'custom', path: ['events', i, 'seq'], message: 'seq is repeated' });
      seen.add(event.seq);
      if (event.type !== 'heartbeat') {
        if (event.at > limit)
          context.addIssue({ code: 'custom', path: ['events', i, 'at'], message: 'at is past the end of the video' });
        return;
      }
      event.ranges.forEach(([from, to], r) => {
        const path = ['events', i, 'ranges', r];
        if (from > to) context.addIssue({ code: 'custom', path, message: 'a range must not end before it starts' });
        if (to > limit)
          context.addIssue({ code: 'custom', path, message: 'a range must not end past the end of the video' });
      });
    });
  });

function reason(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      if (issue.code === 'unrecognized_keys')
        return `${where}unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
      return `${where}${issue.message}`;
    })
    .join('; ');
}

/**
 * A batch that is well formed, with ranges clipped to the video's end (the slack is for players that overshoot). A
 * refused batch is a 400 with Strapi's error body; the player drops it, never retries it.
 */
export function parsePlaybackBatch(body: unknown): PlaybackBatch {
  const parsed = batchSchema.safeParse(body ?? {});
  if (!parsed.success) throw new errors.ValidationError(`Invalid playback batch: ${reason(parsed.error)}`);
  const batch = parsed.data;
  return {
    ...batch,
    events: batch.events.map((event) =>
      event.type === 'heartbeat'
        ? {
            ...event,
            ranges: event.ranges.map(([from, to]) => [Math.min(from, batch.duration), Math.min(to, batch.duration)]),
          }
        : event,
    ),
  };
}
