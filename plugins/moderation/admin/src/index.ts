/**
 * The moderation plugin's admin: the Review queue and the Moderation log (moderators), and a "Moderation" panel in the
 * video edit view (the state, the reason given, the creator's appeal). Strapi's admin build finds this file through
 * package.json `exports['./strapi-admin'].import` and compiles it from source with the rest of the admin (vite).
 */
import { Shield } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { ModerationPanel } from './components/ModerationPanel';
import { PLUGIN_ID } from './pluginId';

interface ContentManagerApis {
  addEditViewSidePanel: (panels: unknown[]) => void;
}

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Shield,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Review queue' },
      permissions: [{ action: 'plugin::moderation.review', subject: null }],
      Component: () => import('./pages/App').then((mod) => ({ default: mod.App })),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(app: StrapiApp) {
    const apis = app.getPlugin('content-manager')?.apis as Partial<ContentManagerApis> | undefined;
    if (typeof apis?.addEditViewSidePanel === 'function') apis.addEditViewSidePanel([ModerationPanel]);
  },
};
