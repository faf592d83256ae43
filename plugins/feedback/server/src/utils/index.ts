/** Helpers of the plugin, and `getService(strapi, name)` typed by the plugin's services map. */
import type { Core } from '@strapi/strapi';
import type services from '../services';

export type FeedbackServices = { [Name in keyof typeof services]: ReturnType<(typeof services)[Name]> };

export function getService<Name extends keyof FeedbackServices>(
  strapi: Core.Strapi,
  name: Name,
): FeedbackServices[Name] {
  // Strapi's registry is untyped: the services map above says what each name holds
  return strapi.plugin('feedback').service(name) as FeedbackServices[Name];
}
