import type { Core } from '@strapi/strapi';
import { discoveryService } from '@framecast/contracts';
import { getService } from './utils';

/** Hands discovery the watch history it learns "You might like" from, so it never reads the library's tables. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  discoveryService(strapi, 'signals')?.provide('library', async (viewerId) => ({
    watched: await getService(strapi, 'history').recentlyWatched(viewerId),
  }));
};
