/**
 * The feedback plugin's admin: the "Feedback" page, where moderators read what visitors sent and triage it. Strapi's
 * admin build finds this file through package.json `exports['./strapi-admin'].import` and compiles it from source (vite).
 */
import { Message } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';

const PLUGIN_ID = 'feedback';

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Message,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Feedback' },
      permissions: [{ action: 'plugin::feedback.triage', subject: null }],
      Component: () => import('./pages/FeedbackPage').then((mod) => ({ default: mod.FeedbackPage })),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};
