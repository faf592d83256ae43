import type { Core } from '@strapi/strapi';
import { getService } from './utils';

/** Stops the scheduler (after the turn it is running) and closes its Redis connections. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'scheduler').stop();
};
