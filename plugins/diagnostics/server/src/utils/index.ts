/** Typed access to the plugin's services, and to the one service of another plugin it reads. */
import type { Core } from '@strapi/strapi';
import type services from '../services';

type Services = typeof services;

export const getService = <K extends keyof Services>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('diagnostics').service(name) as ReturnType<Services[K]>;

export type SearchStatus = { engine: string; ready: boolean; lastError: string | null };

/** The search engine's state (plugins/discovery), or undefined when that plugin is not loaded. */
export const searchEngine = (strapi: Core.Strapi) =>
  strapi.plugin('discovery')?.service('engine') as { status(): SearchStatus } | undefined;
