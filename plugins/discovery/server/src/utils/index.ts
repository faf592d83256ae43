/** Helpers of the plugin, and `getService(strapi, name)` typed by the plugin's services map. */
import type { Core } from '@strapi/strapi';
import type { DiscoveryServicesApi } from '@framecast/contracts';
import type services from '../services';

export type DiscoveryServices = { [Name in keyof typeof services]: ReturnType<(typeof services)[Name]> };

export function getService<Name extends keyof DiscoveryServices>(
  strapi: Core.Strapi,
  name: Name,
): DiscoveryServices[Name] {
  // Strapi's registry is untyped: the services map above says what each name holds
  return strapi.plugin('discovery').service(name) as DiscoveryServices[Name];
}

/** Fails the type check when a service no longer offers what other plugins are promised (@framecast/contracts). */
type Offers<Actual extends Promised, Promised> = Actual;
export type PublicServicesCheck = {
  [Name in keyof DiscoveryServicesApi]: Offers<DiscoveryServices[Name], DiscoveryServicesApi[Name]>;
};
