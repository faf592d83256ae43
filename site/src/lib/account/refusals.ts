// What a refused account call means for the form that made it: field messages next to fields, one message for
// the whole form, and the page's status. The CMS's reasons (details.reason) decide; statuses are the fallback.

import type { AccountField, FieldErrors } from './rules';
import { CmsRequestError, CmsUnavailableError } from '../cms/errors';

export type AccountReason =
  'invalid_credentials' | 'unconfirmed' | 'blocked' | 'locked' | 'validation' | 'taken' | 'invalid_code';
const REASONS: readonly string[] = [
  'invalid_credentials',
  'unconfirmed',
  'blocked',
  'locked',
  'validation',
  'taken',
  'invalid_code',
];

export type ProblemKind = AccountReason | 'rate_limited' | 'unavailable' | 'refused';

export interface FormProblem {
  kind: ProblemKind;
  message: string;
  /** How long until trying again can help (locked or rate limited). */
  retryAfterSeconds?: number;
}

export interface FormOutcome {
  /** The status of the page that shows the form again. */
  status: 400 | 401 | 403 | 409 | 429 | 503;
  fieldErrors: FieldErrors;
  problem?: FormProblem;
}

export const MESSAGES = {
  invalidCredentials: 'Wrong email/username or password.',
  unconfirmed:
    'Confirm your email address before you sign in: open the link we mailed you, or ask for a new one below.',
  blocked: 'This account has been blocked. If you think this is a mistake, contact the Framecast team.',
  invalidCode: 'This link is invalid or has already been used. Links work once and expire after a while.',
  unavailable: 'We can’t reach our account service right now. Nothing was changed; please try again in a moment.',
  refused: 'We couldn’t complete that. Check the form and try again.',
} as const;

/** A wait under a minute in seconds (an address slowed for a few seconds), else in whole minutes, rounded up. */
export function waitPhrase(seconds: number): string {
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return whole === 1 ? '1 second' : `${whole} seconds`;
  }
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length > 0,
    ),
  );
}

/**
 * The outcome for an error thrown by an account call of lib/cms. `fields` are the fields the form shows: a field
 * message about any other field joins the form message. Errors that are not the CMS's answer are rethrown.
 */
export function refusalOutcome(error: unknown, fields: readonly AccountField[]): FormOutcome {
  if (error instanceof CmsUnavailableError)
    return { status: 503, fieldErrors: {}, problem: { kind: 'unavailable', message: MESSAGES.unavailable } };
  if (!(error instanceof CmsRequestError)) throw error;

  const rawReason = error.details.reason;
  const reason =
    typeof rawReason === 'string' && REASONS.includes(rawReason) ? (rawReason as AccountReason) : undefined;
  const fieldErrors: FieldErrors = {};
  const elsewhere: string[] = [];
  for (const [field, message] of Object.entries(stringRecord(error.details.fields))) {
    if ((fields as readonly string[]).includes(field)) fieldErrors[field as AccountField] = message;
    else elsewhere.push(message);
  }
  const detailsWait = Number(error.details.retryAfterSeconds);
  const retryAfterSeconds =
    error.retryAfterSeconds ?? (Number.isFinite(detailsWait) && detailsWait > 0 ? Math.ceil(detailsWait) : undefined);

  if (reason === 'locked' || error.status === 429) {
    const wait = retryAfterSeconds ?? 60;
    const message =
      reason === 'locked'
        ? `Too many failed sign-ins. Try again in ${waitPhrase(wait)}.`
        : `Too many attempts. Try again in ${waitPhrase(wait)}.`;
    return {
      status: 429,
      fieldErrors: {},
      problem: { kind: reason === 'locked' ? 'locked' : 'rate_limited', message, retryAfterSeconds: wait },
    };
  }
  switch (reason) {
    case 'invalid_credentials':
      // one message for both fields: which one was wrong is exactly what a guesser wants to know
      return { status: 401, fieldErrors: {}, problem: { kind: reason, message: MESSAGES.invalidCredentials } };
    case 'unconfirmed':
      return { status: 403, fieldErrors: {}, problem: { kind: reason, message: MESSAGES.unconfirmed } };
    case 'blocked':
      return { status: 403, fieldErrors: {}, problem: { kind: reason, message: MESSAGES.blocked } };
    case 'invalid_code':
      return { status: 400, fieldErrors, problem: { kind: reason, message: MESSAGES.invalidCode } };
    case 'taken': {
      if (Object.keys(fieldErrors).length === 0) elsewhere.push(error.cmsMessage);
      return {
        status: 409,
        fieldErrors,
        problem: elsewhere.length ? { kind: reason, message: elsewhere.join(' ') } : undefined,
      };
    }
    default: {
      if (Object.keys(fieldErrors).length > 0)
        return {
          status: 400,
          fieldErrors,
          problem: elsewhere.length ? { kind: 'validation', message: elsewhere.join(' ') } : undefined,
        };
      // a refusal the contract does not describe: Strapi's own messages are written for people, so show it
      const message = error.status === 400 && error.cmsMessage ? error.cmsMessage : MESSAGES.refused;
      return { status: 400, fieldErrors: {}, problem: { kind: reason ?? 'refused', message } };
    }
  }
}

/** For forms whose checks failed before the CMS was asked. */
export function invalidOutcome(fieldErrors: FieldErrors): FormOutcome {
  return { status: 400, fieldErrors };
}
