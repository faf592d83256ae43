/**
 * 409 in Strapi's error body: `details.reason` says which conflict, so the site can say what to do. @strapi/utils'
 * errors have no 409 class (an ApplicationError answers 400), so this is an http-errors error: Strapi's error
 * middleware shapes it like its own (`errors.HttpError`), `{ data: null, error: { status, name: 'ConflictError',
 * message, details } }`.
 */
import createError from 'http-errors';
import type { LibraryConflictReason } from '@framecast/contracts';

export function conflict(message: string, details: { reason: LibraryConflictReason } & Record<string, unknown>): Error {
  return createError(409, message, { details });
}
