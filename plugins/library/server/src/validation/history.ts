/** Progress the player reports (PUT /api/library/history/:video) and the history page query: 400 with a reason. */
import { z } from 'zod';
import { LIBRARY_LIMITS } from '@framecast/contracts';
import { parseOrRefuse } from './common';

/** Players report a position a little past the end at times: within this, it is the end. */
const END_TOLERANCE_SECONDS = 5;

const seconds = (name: string) =>
  z
    .number({ message: `${name} must be a number of seconds` })
    .finite(`${name} must be a number of seconds`)
    .max(LIBRARY_LIMITS.maxSeconds, `${name} must be at most ${LIBRARY_LIMITS.maxSeconds} seconds`);

const progressSchema = z
  .object({
    position: seconds('position').min(0, 'position must be 0 or more'),
    duration: seconds('duration').positive('duration must be above 0'),
  })
  .strict()
  .refine(
    (body) => body.position <= body.duration + END_TOLERANCE_SECONDS,
    'position must not be past the end of the video',
  )
  .transform((body) => ({ position: Math.min(body.position, body.duration), duration: body.duration }));

export type ProgressInput = { position: number; duration: number };

export function parseProgress(body: unknown): ProgressInput {
  return parseOrRefuse(progressSchema, body ?? {}, 'Invalid progress');
}

/** Watched to the end, or near enough that resuming would only show the credits. */
export function isCompleted({ position, duration }: ProgressInput): boolean {
  return (
    position >= duration * LIBRARY_LIMITS.completedShare || duration - position <= LIBRARY_LIMITS.completedWithinSeconds
  );
}

const historyQuerySchema = z
  .object({
    // a GET form sends an empty field for "not set"
    page: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string({ message: 'page must be given once' })
        .regex(/^\d{1,6}$/, 'page must be a whole number')
        .transform(Number)
        .pipe(z.number().min(1, 'page must be 1 or more'))
        .optional(),
    ),
  })
  .strict();

export function parseHistoryQuery(query: unknown): { page: number } {
  const value = parseOrRefuse(historyQuerySchema, query ?? {}, 'Invalid history query');
  return { page: value.page ?? 1 };
}
