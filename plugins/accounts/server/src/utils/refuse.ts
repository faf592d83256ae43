/** Refuses a request with Strapi's error (it shapes the body) carrying the account details the site renders (reason, fields, retry time). */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import type { FieldErrors } from '@framecast/contracts';
import { unauthorized } from './errors';

export type RefusalReason =
  'invalid_credentials' | 'unconfirmed' | 'blocked' | 'locked' | 'slowed' | 'validation' | 'taken' | 'invalid_code';
type RefusalDetails = { reason: RefusalReason; fields?: FieldErrors; retryAfterSeconds?: number };

export function refuse(ctx: Context, status: 400 | 401 | 429, message: string, details: RefusalDetails): never {
  if (details.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(details.retryAfterSeconds));
  if (status === 401) throw unauthorized(message, details);
  throw status === 429 ? new errors.RateLimitError(message, details) : new errors.ValidationError(message, details);
}

/** The message a Strapi error carries, whether thrown by a controller or set on the response. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : '';
}

/** The request body as an object of its own keys (Strapi parses JSON and forms; anything else is not a body). */
export function bodyOf(ctx: Context): Record<string, unknown> | null {
  const body = (ctx.request as { body?: unknown }).body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

export function minutesFrom(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
