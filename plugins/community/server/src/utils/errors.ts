/** The refusals of the community routes, as Strapi errors (Strapi shapes the body). */
import { errors } from '@strapi/utils';
import createError from 'http-errors';

export type CommentRefusalStatus = 400 | 403 | 404 | 409;

export function commentError(status: CommentRefusalStatus, message: string): Error {
  switch (status) {
    case 403:
      // not errors.ForbiddenError: Strapi's content-API authorize step turns one thrown below it into a bare "Forbidden"
      return createError(403, message, { details: {} });
    case 404:
      return new errors.NotFoundError(message);
    case 409:
      // @strapi/utils has no 409 class; the body has always named it a ValidationError, so the site's handling stays
      return createError(409, message, { name: 'ValidationError', details: {} });
    default:
      return new errors.ValidationError(message);
  }
}
