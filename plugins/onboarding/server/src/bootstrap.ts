import type { Core } from '@strapi/strapi';

/** The admin permission moderators hold to review applications (cms/src/roles/admin-roles.ts grants it). */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.admin.services.permission.actionProvider.registerMany([
    {
      section: 'plugins',
      displayName: 'Review creator applications (approve: an admin account and a channel; decline with a reason)',
      uid: 'review',
      pluginName: 'onboarding',
    },
  ]);
};
