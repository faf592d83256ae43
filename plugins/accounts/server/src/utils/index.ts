/** Typed access to the plugin's services and settings, instead of casts at every call site. */
import type { Core } from '@strapi/strapi';
import type { AccountsConfig } from '../config';
import type services from '../services';

type Services = typeof services;

export const getService = <K extends keyof Services>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('accounts').service(name) as ReturnType<Services[K]>;

/** The settings cms/config/plugins.ts passed in, checked at boot by config/index.ts. */
export const getSettings = (strapi: Core.Strapi) => strapi.config.get('plugin::accounts') as AccountsConfig;
