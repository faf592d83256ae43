/** Helpers of the plugin, and `getService(strapi, name)` typed by the plugin's services map. */
import type { Core } from '@strapi/strapi';
import type services from '../services';

export type PublishingServices = { [Name in keyof typeof services]: ReturnType<(typeof services)[Name]> };

export function getService<Name extends keyof PublishingServices>(
  strapi: Core.Strapi,
  name: Name,
): PublishingServices[Name] {
  // Strapi's registry is untyped: the services map above says what each name holds
  return strapi.plugin('publishing').service(name) as PublishingServices[Name];
}
