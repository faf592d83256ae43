import type { Core } from '@strapi/strapi';

type Pipeline = ReturnType<typeof import('./services/pipeline').default>;
type Uploads = ReturnType<typeof import('./services/uploads').default>;

/** Closes Redis connections and waits for in-process jobs, or jest (and shutdown) would hang. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  (strapi.plugin('transcoding').service('uploads') as Uploads).stop();
  await (strapi.plugin('transcoding').service('pipeline') as Pipeline).stop();
};
