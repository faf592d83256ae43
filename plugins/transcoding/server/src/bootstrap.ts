import type { Core } from '@strapi/strapi';

type Pipeline = ReturnType<typeof import('./services/pipeline').default>;
type Uploads = ReturnType<typeof import('./services/uploads').default>;

const ACTIONS = [
  { section: 'plugins', displayName: 'Upload videos', uid: 'upload', pluginName: 'transcoding' },
  { section: 'plugins', displayName: 'See the transcoding queue', uid: 'queue.read', pluginName: 'transcoding' },
  { section: 'plugins', displayName: 'Retry transcoding jobs', uid: 'queue.retry', pluginName: 'transcoding' },
];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.admin.services.permission.actionProvider.registerMany(ACTIONS);
  await (strapi.plugin('transcoding').service('pipeline') as Pipeline).start();
  (strapi.plugin('transcoding').service('uploads') as Uploads).start();
};
