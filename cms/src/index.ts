import type { Core } from '@strapi/strapi';
import { registerPublicCacheInvalidation } from './public-cache';
import { registerPublicReads } from './public-reads';
import { registerGraphqlAccessRules, registerPublicAccessRules } from './public-access';
import { registerOwnershipConditions } from './roles/conditions';
import { ensureAdminRoles } from './roles/admin-roles';
import { guardContentManagerRoutes } from './roles/content-manager-guard';
import { registerCreatorOwnership } from './roles/ownership';
import { ensurePublicPermissions } from './roles/public-permissions';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerPublicAccessRules(strapi);
    registerCreatorOwnership(strapi);
    guardContentManagerRoutes(strapi);
    registerGraphqlAccessRules(strapi);
    registerPublicCacheInvalidation(strapi);
    registerPublicReads(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await registerOwnershipConditions(strapi);
    await ensureAdminRoles(strapi);
    await ensurePublicPermissions(strapi);
  },
};
