/**
 * The publishing plugin's admin: a "Schedule" panel in the video edit view and a "Schedule" column in the videos list,
 * both in the admin user's time zone, and the videos list's "Edit selected" bulk action. Strapi's admin build finds this file through package.json
 * `exports['./strapi-admin'].import` and compiles it from source with the rest of the admin (vite).
 */
import type { StrapiApp } from '@strapi/strapi/admin';
import { BulkEditAction } from './components/BulkEditAction';
import { SchedulePanel } from './components/SchedulePanel';
import { scheduleColumn } from './components/ScheduleColumn';

const PLUGIN_ID = 'publishing';

interface ContentManagerApis {
  addEditViewSidePanel: (panels: unknown[]) => void;
  addBulkAction: (actions: unknown[]) => void;
}

export default {
  register(app: StrapiApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(app: StrapiApp) {
    const apis = app.getPlugin('content-manager')?.apis as Partial<ContentManagerApis> | undefined;
    if (typeof apis?.addEditViewSidePanel === 'function') apis.addEditViewSidePanel([SchedulePanel]);
    if (typeof apis?.addBulkAction === 'function') apis.addBulkAction([BulkEditAction]);
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', scheduleColumn);
  },
};
