import type { Core } from '@strapi/strapi';
import { getService } from './utils';

const ACTIONS = [
  {
    section: 'plugins',
    displayName: 'Review reported and held videos, decide, and read the moderation log',
    uid: 'review',
    pluginName: 'moderation',
  },
  {
    section: 'plugins',
    displayName: 'Read moderation decisions on their own videos and appeal them',
    uid: 'appeal',
    pluginName: 'moderation',
  },
];

/** Registers the admin permissions, and hears community's holds (enough reports) to log them and tell the creator. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.admin.services.permission.actionProvider.registerMany(ACTIONS);
  strapi.eventHub.on('community::video-held', async (payload: unknown) => {
    const { documentId, note } = (payload ?? {}) as { documentId?: string; note?: string };
    if (typeof documentId !== 'string') return;
    try {
      await getService(strapi, 'decisions').heldByReports(documentId, note ?? null);
    } catch (error) {
      strapi.log.error(`[moderation] the hold of ${documentId} was not logged: ${(error as Error).message}`);
    }
  });
};
