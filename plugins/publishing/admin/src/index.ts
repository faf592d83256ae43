/**
 * The publishing plugin's admin: the Upload inbox (videos uploaded and never published, edited together and published),
 * a "Schedule" panel in the video edit view and a "Schedule" column in the videos list, both in the admin user's time
 * zone, and the videos list's "Edit selected" bulk action. Strapi's admin build finds this file through package.json
 * `exports['./strapi-admin'].import` and compiles it from source with the rest of the admin (vite).
 */
import { Stack } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { BulkEditAction } from './components/BulkEditAction';
import { SchedulePanel } from './components/SchedulePanel';
import { scheduleColumn } from './components/ScheduleColumn';
import { VIDEO_UID } from './utils/schedule';

const PLUGIN_ID = 'publishing';

interface ContentManagerApis {
  addEditViewSidePanel: (panels: unknown[]) => void;
  addBulkAction: (actions: unknown[]) => void;
}

export default {
  register(app: StrapiApp) {
    // for whoever may publish videos (a creator: its own); the server lists only the videos the user may publish
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Stack,
      intlLabel: { id: `${PLUGIN_ID}.inbox.name`, defaultMessage: 'Upload inbox' },
      permissions: [{ action: 'plugin::content-manager.explorer.publish', subject: VIDEO_UID }],
      Component: () => import('./pages/App').then((mod) => ({ default: mod.App })),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(app: StrapiApp) {
    const apis = app.getPlugin('content-manager')?.apis as Partial<ContentManagerApis> | undefined;
    if (typeof apis?.addEditViewSidePanel === 'function') apis.addEditViewSidePanel([SchedulePanel]);
    if (typeof apis?.addBulkAction === 'function') apis.addBulkAction([BulkEditAction]);
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', scheduleColumn);
  },
};
