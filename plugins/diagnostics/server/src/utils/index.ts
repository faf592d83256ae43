/** Typed access to the plugin's services and settings, and to the services of the plugins it asks (other-plugins). */
import type { Core } from '@strapi/strapi';
import type { DiagnosticsSettings } from '../config';
import type services from '../services';

type Services = typeof services;

export const getService = <K extends keyof Services>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('diagnostics').service(name) as ReturnType<Services[K]>;

/** The settings cms/config/plugins.ts passed (checked at boot by config/index.ts). */
export const getSettings = (strapi: Core.Strapi) => strapi.config.get('plugin::diagnostics') as DiagnosticsSettings;

export { discoveryMetrics, searchEngine, transcodingSelfTest } from './other-plugins';
export type { ConnectedWorker, PingRoundTrip } from './other-plugins';
export { openCmsHttp, type CmsHttp, type CmsResponse } from './cms-http';
