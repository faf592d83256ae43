/** Refusals as errors Strapi shapes into its `{ data: null, error }` body. */
import { errors } from '@strapi/utils';
import createError from 'http-errors';

export type ProfileRefusalStatus = 400 | 404 | 413 | 415;

/** `details.fields` names the form field the site shows the message beside. */
export function profileError(status: ProfileRefusalStatus, message: string, field?: string): Error {
  const details = field ? { fields: { [field]: message } } : {};
  switch (status) {
    case 404:
      return new errors.NotFoundError(message, details);
    case 413:
      return new errors.PayloadTooLargeError(message, details);
    case 415:
      // @strapi/utils has no class for 415: Strapi shapes an http-errors error the same way (name UnsupportedMediaTypeError)
      return createError(415, message, { details });
    default:
      return new errors.ValidationError(message, details);
  }
}

/**
 * A 401 whose message and details reach the client. Not errors.UnauthorizedError: Strapi's content-API authorize
 * step turns any UnauthorizedError thrown below it (route middlewares, controllers) into a bare "Unauthorized".
 */
export function unauthorized(message: string, details: Record<string, unknown>): Error {
  return createError(401, message, { details });
}
