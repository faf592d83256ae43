/** A viewer's library settings (history paused), one row per viewer made on the first change; none means defaults. */
import type { Core } from '@strapi/strapi';
import type { LibrarySettings } from '@framecast/contracts';
import { upsertRow } from '../utils/upsert';

const SETTING = 'plugin::library.setting';

export type SettingsService = ReturnType<typeof settingsService>;

const settingsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async get(viewer: number): Promise<LibrarySettings> {
    const row = (await strapi.db.query(SETTING).findOne({ where: { viewer }, select: ['historyPaused'] })) as {
      historyPaused: boolean | number | null;
    } | null;
    return { historyPaused: Boolean(row?.historyPaused) };
  },

  async isHistoryPaused(viewer: number): Promise<boolean> {
    return (await this.get(viewer)).historyPaused;
  },

  async update(viewer: number, settings: LibrarySettings): Promise<LibrarySettings> {
    await upsertRow(strapi, SETTING, { viewer }, { historyPaused: settings.historyPaused });
    return this.get(viewer);
  },

  async remove(viewer: number): Promise<number> {
    return (await strapi.db.query(SETTING).deleteMany({ where: { viewer } })).count;
  },
});

export default settingsService;
