/**
 * Retry and finality, once for both runners (the in-process runner and the BullMQ worker): what a failed attempt
 * means, and how long until the next one.
 */
import { describeFailure, SourceRefusedError } from './process-job';

export interface AttemptSettlement {
  /** No attempt follows: the job's failed outcome is reported now. */
  final: boolean;
  /** Final whatever attempts are left (a refused source): BullMQ must not try again either. */
  unrecoverable: boolean;
  /** For the creator: shown in the admin as is. */
  failure: { code: string; reason: string };
}

/**
 * A failed attempt: a refused source is final at once (retrying cannot help), anything else once `maxAttempts`
 * attempts were made. `attemptsMade` counts this one.
 */
export function settleFailedAttempt(error: unknown, attemptsMade: number, maxAttempts: number): AttemptSettlement {
  const unrecoverable = error instanceof SourceRefusedError;
  return { final: unrecoverable || attemptsMade >= maxAttempts, unrecoverable, failure: describeFailure(error) };
}

/** Wait before the next attempt after `attemptsMade` failed ones: BullMQ's exponential backoff, which the in-process runner follows too. */
export function retryDelayMs(backoffMs: number, attemptsMade: number): number {
  return backoffMs * 2 ** (attemptsMade - 1);
}

/** BullMQ options of the same rule: `attempts` tries, `backoffMs` doubling. */
export function retryOptions(config: { attempts: number; backoffMs: number }) {
  return { attempts: config.attempts, backoff: { type: 'exponential' as const, delay: config.backoffMs } };
}
