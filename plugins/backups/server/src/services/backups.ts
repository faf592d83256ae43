/**
 * Backups from inside the CMS: the platform as the loaded CMS describes it (its database config, its public folder,
 * the storage settings passed in this plugin's config), and a backup into BACKUP_DIR (a folder or a bucket) followed by
 * the retention rule.
 * `npm run backup` does the same from the built config without booting a CMS (scripts/tasks/backup.mjs).
 */
import type { Core } from '@strapi/strapi';
import { backupPlaceOf } from '../config';
import { createBackup, type BackupReport } from '../backup/create';
import { platformFrom, type DatabaseConfig, type Platform } from '../backup/platform';
import { backupName } from '../backup/retention';
import { listStored, pruneStored, storeBackup, type BackupPlace } from '../backup/store';
import { getSettings, REPO_ROOT } from '../utils';

/** SQLite pages copied per step in the CMS (4 MB at the default page size): the CMS serves between steps. */
const PAGES_PER_STEP = 1000;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  platform(): Platform {
    return platformFrom({
      repoRoot: REPO_ROOT,
      appDir: strapi.dirs.app.root,
      // the CMS opened a relative SQLite path from its working directory
      cwd: process.cwd(),
      database: strapi.config.get('database') as DatabaseConfig,
      publicDir: strapi.dirs.static.public,
      settings: getSettings(strapi),
    });
  },

  /** BACKUP_DIR: a folder (as an absolute path) or a bucket. */
  place(): BackupPlace {
    return backupPlaceOf(getSettings(strapi), REPO_ROOT);
  },

  /** The backups in BACKUP_DIR, newest first. */
  list() {
    return listStored(this.place());
  },

  /** A backup into BACKUP_DIR named by `now`, then all but the newest BACKUP_KEEP removed. */
  async backUpNow(now: Date = new Date()): Promise<BackupReport & { removed: string[] }> {
    const settings = getSettings(strapi);
    const place = this.place();
    // a bucket holds archives: one object per backup
    const name = backupName(now, settings.archive || place.kind === 'bucket');
    const { location, made } = await storeBackup(place, name, (target) =>
      createBackup(this.platform(), { target, sqlitePagesPerStep: PAGES_PER_STEP, now: () => now }),
    );
    const removed = await pruneStored(place, settings.keep, now);
    return { ...made, location, removed };
  },
});
