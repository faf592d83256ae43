/** What other plugins call: the accounts plugin forgets a viewer's library when their account is deleted. */
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';

export type LibraryService = ReturnType<typeof libraryService>;

const libraryService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Deletes everything the library holds for this user: collections (Watch later too), history, settings. */
  async forgetViewer(
    userId: number,
  ): Promise<{ collections: number; history: number; settings: number; courses: number }> {
    return {
      collections: await getService(strapi, 'collections').removeAllOf(userId),
      courses: await getService(strapi, 'courses').removeAllOf(userId),
      history: await getService(strapi, 'history').clear(userId),
      settings: await getService(strapi, 'settings').remove(userId),
    };
  },
});

export default libraryService;
