import type { Core } from '@strapi/strapi';
import { refuseUnreadyPublishes } from './register';
import { getService } from './utils';

/** The media-readiness guard (inside the CMS's ownership rules, see register.ts), then the scheduler: its first turn
 * publishes what fell due while the CMS was down. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  refuseUnreadyPublishes(strapi);
  await getService(strapi, 'scheduler').start();
};
