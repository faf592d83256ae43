import type { Core } from '@strapi/strapi';

/**
 * The admin permissions of the Diagnostics page. Only the Super Admin holds them out of the box (moderators and
 * creators do not: the results name hosts, folders and settings); an admin may grant them to another role.
 */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.admin.services.permission.actionProvider.registerMany([
    {
      section: 'plugins',
      displayName: 'See diagnostics (the latest results with their fixes, and the last runs)',
      uid: 'read',
      pluginName: 'diagnostics',
    },
    {
      section: 'plugins',
      displayName: 'Run diagnostics (writes and removes probe data, encodes a one-second clip)',
      uid: 'run',
      pluginName: 'diagnostics',
    },
  ]);
};
