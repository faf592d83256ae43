import type { Core } from '@strapi/strapi';

/** The admin permission moderators hold to read and triage feedback (cms/src/roles/admin-roles.ts grants it). */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.admin.services.permission.actionProvider.registerMany([
    {
      section: 'plugins',
      displayName: 'Triage feedback (read what visitors sent; mark it new, planned, done or won’t do, with a note)',
      uid: 'triage',
      pluginName: 'feedback',
    },
  ]);
};
