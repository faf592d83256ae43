import type { Core } from '@strapi/strapi';

/** The admin permission creators hold to answer and follow invitations (cms/src/roles/admin-roles.ts grants it). */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.admin.services.permission.actionProvider.registerMany([
    {
      section: 'plugins',
      displayName: 'Answer invitations to collaborate, and follow the ones they sent',
      uid: 'invitations',
      pluginName: 'collaboration',
    },
  ]);
};
