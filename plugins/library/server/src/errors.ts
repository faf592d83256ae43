/** 409 in Strapi's error body: `details.reason` says which conflict, so the site can say what to do. */
import createError from 'http-errors';
import type { LibraryConflictReason } from '@framecast/config';

export function conflict(message: string, details: { reason: LibraryConflictReason } & Record<string, unknown>): Error {
  return createError(409, message, { details });
}
