import type { Core } from '@strapi/strapi';
import { getService } from './utils';

/** Stops the timer and waits for a backup under way, or jest (and shutdown) would leave it half-written. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'schedule').stop();
};
