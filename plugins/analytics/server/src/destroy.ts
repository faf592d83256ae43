import type { Core } from '@strapi/strapi';
import { getService } from './utils';

/** Stops the rollup and forgets the viewer-key salt held in memory (it must not outlive the process). */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'scheduler').stop();
  getService(strapi, 'salts').forget();
};
