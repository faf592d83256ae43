/** What other plugins call: the accounts plugin forgets a viewer's library when their account is deleted. */
import type { Core } from '@strapi/strapi';
import type { CollectionsService } from './collections';
import type { HistoryService } from './history';
import type { SettingsService } from './settings';

export type LibraryService = ReturnType<typeof libraryService>;

const libraryService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Deletes everything the library holds for this user: collections (Watch later too), history, settings. */
  async forgetViewer(userId: number): Promise<{ collections: number; history: number; settings: number }> {
    const service = <T>(name: string) => strapi.plugin('library').service(name) as T;
    return {
      collections: await service<CollectionsService>('collections').removeAllOf(userId),
      history: await service<HistoryService>('history').clear(userId),
      settings: await service<SettingsService>('settings').remove(userId),
    };
  },
});

export default libraryService;
