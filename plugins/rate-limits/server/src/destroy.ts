import type { Core } from '@strapi/strapi';
import type { LimiterService } from './services/limiter';

/** Closes the Redis connection, or jest (and shutdown) would hang. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await (strapi.plugin('rate-limits').service('limiter') as LimiterService).stop();
};
