import type { Core } from '@strapi/strapi';
import { getService } from './utils';

const ACTIONS = [
  { section: 'plugins', displayName: 'See the analytics of their own channel', uid: 'read', pluginName: 'analytics' },
  { section: 'plugins', displayName: 'See the analytics of every channel', uid: 'read-all', pluginName: 'analytics' },
];

/** Registers the admin permissions and starts the rollup (BullMQ with REDIS_URL, else a timer). */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.admin.services.permission.actionProvider.registerMany(ACTIONS);
  await getService(strapi, 'scheduler').start();
};
