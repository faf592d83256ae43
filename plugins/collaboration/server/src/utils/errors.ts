/**
 * The refusals of the collaboration routes, as Strapi shapes them (plugins/README.md: one error style). A refusal about
 * one field names it in `details.fields`, which the site's forms show beside that field.
 */
import { errors } from '@strapi/utils';
import createError from 'http-errors';

const fieldsOf = (field?: string, message?: string) => (field ? { fields: { [field]: message } } : {});

export const invalid = (message: string, field?: string): Error =>
  new errors.ValidationError(message, fieldsOf(field, message));
export const notFound = (message: string): Error => new errors.NotFoundError(message);
export const conflict = (message: string, field?: string): Error =>
  createError(409, message, { name: 'ConflictError', details: fieldsOf(field, message) });
export const forbidden = (message: string): Error => createError(403, message, { details: {} });
