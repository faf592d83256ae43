/** Answers a request with Strapi's error body and the account details the site renders (reason, fields, retry time). */
import type { Context } from 'koa';
import type { FieldErrors } from '@framecast/config';

export type RefusalReason = 'invalid_credentials' | 'unconfirmed' | 'blocked' | 'locked' | 'slowed' | 'validation' | 'taken' | 'invalid_code';

const NAMES: Record<number, string> = { 400: 'ValidationError', 401: 'UnauthorizedError', 403: 'ForbiddenError', 429: 'RateLimitError' };

export function refuse(
  ctx: Context,
  status: number,
  message: string,
  details: { reason: RefusalReason; fields?: FieldErrors; retryAfterSeconds?: number },
): void {
  if (details.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(details.retryAfterSeconds));
  ctx.status = status;
  ctx.body = { data: null, error: { status, name: NAMES[status] ?? 'ApplicationError', message, details } };
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
