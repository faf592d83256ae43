/** Helpers of the plugin, and `getService(strapi, name)` typed by the plugin's services map. */
import type { Core } from '@strapi/strapi';
import { parseModerationSettings, type ModerationSettings } from '../config';
import type services from '../services';

export type ModerationServices = { [Name in keyof typeof services]: ReturnType<(typeof services)[Name]> };

export function getService<Name extends keyof ModerationServices>(
  strapi: Core.Strapi,
  name: Name,
): ModerationServices[Name] {
  // Strapi's registry is untyped: the services map above says what each name holds
  return strapi.plugin('moderation').service(name) as ModerationServices[Name];
}

export function getSettings(strapi: Core.Strapi): ModerationSettings {
  return parseModerationSettings(strapi.config.get('plugin::moderation'));
}
