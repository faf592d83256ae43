/**
 * The collaboration plugin's admin: a home page widget with the invitations to answer (and those waiting on others),
 * and a "Collaboration" panel in the video edit view listing who was invited. Strapi's admin build finds this file
 * through package.json `exports['./strapi-admin'].import` and compiles it from source (vite).
 */
import { User } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { InvitationsPanel } from './components/InvitationsPanel';

const PLUGIN_ID = 'collaboration';
const PERMISSION = [{ action: 'plugin::collaboration.invitations', subject: null }];

interface ContentManagerApis {
  addEditViewSidePanel: (panels: unknown[]) => void;
}

export default {
  register(app: StrapiApp) {
    app.widgets.register([
      {
        id: 'invitations',
        pluginId: PLUGIN_ID,
        icon: User,
        title: { id: `${PLUGIN_ID}.widget.invitations`, defaultMessage: 'Invitations to collaborate' },
        component: () => import('./components/InvitationsWidget').then((mod) => mod.InvitationsWidget),
        permissions: PERMISSION,
      },
    ]);
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(app: StrapiApp) {
    const apis = app.getPlugin('content-manager')?.apis as Partial<ContentManagerApis> | undefined;
    if (typeof apis?.addEditViewSidePanel === 'function') apis.addEditViewSidePanel([InvitationsPanel]);
  },
};
