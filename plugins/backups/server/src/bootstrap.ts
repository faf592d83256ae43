import type { Core } from '@strapi/strapi';
import { getService } from './utils';

/** Starts the daily backup's timer (BACKUP_SCHEDULE=daily). */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'schedule').start();
};
