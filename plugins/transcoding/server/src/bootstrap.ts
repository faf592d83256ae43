import type { Core } from '@strapi/strapi';
import { getService } from './utils';

const ACTIONS = [
  { section: 'plugins', displayName: 'Upload videos', uid: 'upload', pluginName: 'transcoding' },
  { section: 'plugins', displayName: 'See the transcoding queue', uid: 'queue.read', pluginName: 'transcoding' },
  { section: 'plugins', displayName: 'Retry transcoding jobs', uid: 'queue.retry', pluginName: 'transcoding' },
];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.admin.services.permission.actionProvider.registerMany(ACTIONS);
  await getService(strapi, 'pipeline').start();
  getService(strapi, 'uploads').start();
};
