/** The refusals of the moderation routes, as Strapi shapes them (plugins/README.md: one error style). */
import { errors } from '@strapi/utils';
import createError from 'http-errors';

export const notFound = (message: string): Error => new errors.NotFoundError(message);
export const invalid = (message: string, field?: string): Error =>
  new errors.ValidationError(message, field ? { errors: [{ path: [field], message, name: 'ValidationError' }] } : {});
/** The video is not in a state the decision applies to (restoring an approved video, appealing twice). */
export const conflict = (message: string): Error => createError(409, message, { name: 'ConflictError', details: {} });
export const forbidden = (message: string): Error => createError(403, message, { details: {} });
