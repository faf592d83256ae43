import type { Core } from '@strapi/strapi';
import { getService } from './utils';

/** Closes Redis connections and waits for in-process jobs, or jest (and shutdown) would hang. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'uploads').stop();
  await getService(strapi, 'pipeline').stop();
};
