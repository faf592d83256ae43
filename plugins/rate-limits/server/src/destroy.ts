import type { Core } from '@strapi/strapi';
import { getService } from './utils';

/** Closes the Redis connection, or jest (and shutdown) would hang. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'limiter').stop();
};
