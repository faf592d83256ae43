/**
 * The onboarding plugin's admin: the "Creator applications" page, where moderators approve or decline. Strapi's admin
 * build finds this file through package.json `exports['./strapi-admin'].import` and compiles it from source (vite).
 */
import { User } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';

const PLUGIN_ID = 'onboarding';

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: User,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Creator applications' },
      permissions: [{ action: 'plugin::onboarding.review', subject: null }],
      Component: () => import('./pages/ApplicationsPage').then((mod) => ({ default: mod.ApplicationsPage })),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};
