/** Typed access to the plugin's services and settings, instead of casts at every call site. */
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { BackupSettings } from '../config';
import type services from '../services';

type Services = typeof services;

export const getService = <K extends keyof Services>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('backups').service(name) as ReturnType<Services[K]>;

/** The settings cms/config/plugins.ts passed in, checked at boot by config/index.ts. */
export const getSettings = (strapi: Core.Strapi) => strapi.config.get('plugin::backups') as BackupSettings;

/** The repository root: this file is plugins/backups/{server/src,dist/server/src}/utils/index.*. */
export const REPO_ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../../../..' : '../../../../..',
);
