/**
 * The refusals of the feedback routes, as Strapi shapes them (plugins/README.md: one error style). A refusal about one
 * field names it in `details.fields`, which the site's form shows beside that field.
 */
import { errors } from '@strapi/utils';

const fieldsOf = (field?: string, message?: string) => (field ? { fields: { [field]: message } } : {});

export const invalid = (message: string, field?: string): Error =>
  new errors.ValidationError(message, fieldsOf(field, message));
export const notFound = (message: string): Error => new errors.NotFoundError(message);
