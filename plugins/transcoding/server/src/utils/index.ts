import type { Core } from '@strapi/strapi';
import type { TranscodingConfig } from '../config';
import type services from '../services';

type Services = typeof services;
export type TranscodingServices = { [Name in keyof Services]: ReturnType<Services[Name]> };

/** A service of this plugin, typed by the services map (services/index.ts). */
export function getService<Name extends keyof TranscodingServices>(
  strapi: Core.Strapi,
  name: Name,
): TranscodingServices[Name] {
  return strapi.plugin('transcoding').service(name) as TranscodingServices[Name];
}

/** The settings cms/config/plugins.ts passed (checked at boot by config/index.ts). */
export function getConfig(strapi: Core.Strapi): TranscodingConfig {
  return strapi.config.get('plugin::transcoding') as TranscodingConfig;
}
