/**
 * The diagnostics plugin's admin: the "Diagnostics" page, where an admin runs the checks (all or one) and reads the
 * latest results with their fixes and the last runs. Strapi's admin build finds this file through package.json
 * `exports['./strapi-admin'].import` and compiles it from source (vite).
 */
import { Stethoscope } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';

const PLUGIN_ID = 'diagnostics';

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Stethoscope,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Diagnostics' },
      permissions: [{ action: 'plugin::diagnostics.read', subject: null }],
      Component: () => import('./pages/DiagnosticsPage').then((mod) => ({ default: mod.DiagnosticsPage })),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};
