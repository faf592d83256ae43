import type { Core } from '@strapi/strapi';

/** The admin permissions: moderators review applications, creators see their checklist (cms/src/roles/admin-roles.ts grants them). */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.admin.services.permission.actionProvider.registerMany([
    {
      section: 'plugins',
      displayName: 'Review creator applications (approve: an admin account and a channel; decline with a reason)',
      uid: 'review',
      pluginName: 'onboarding',
    },
    {
      section: 'plugins',
      displayName: 'See their own first steps as a creator (the admin home page checklist)',
      uid: 'checklist',
      pluginName: 'onboarding',
    },
  ]);
};
