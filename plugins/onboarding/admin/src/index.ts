/**
 * The onboarding plugin's admin: the "Creator applications" page, where moderators approve or decline, and a new
 * creator's first steps on the home page (a widget for the Creator role). Strapi's admin
 * build finds this file through package.json `exports['./strapi-admin'].import` and compiles it from source (vite).
 */
import { CheckCircle, User } from '@strapi/icons';
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
    app.widgets.register([
      {
        id: 'checklist',
        pluginId: PLUGIN_ID,
        icon: CheckCircle,
        title: { id: `${PLUGIN_ID}.widget.checklist`, defaultMessage: 'Your first steps' },
        component: () => import('./components/ChecklistWidget').then((mod) => mod.ChecklistWidget),
        permissions: [{ action: 'plugin::onboarding.checklist', subject: null }],
      },
    ]);
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};
