/**
 * Backups from inside the CMS: the platform as the loaded CMS describes it (its database config, its public folder,
 * the storage settings passed in this plugin's config), and a backup into BACKUP_DIR followed by the retention rule.
 * `npm run backup` does the same from the built config without booting a CMS (scripts/tasks/backup.mjs).
 */
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { backupDirOf } from '../config';
import { createBackup, type BackupReport } from '../backup/create';
import { platformFrom, type DatabaseConfig, type Platform } from '../backup/platform';
import { backupName, listBackups, pruneBackups } from '../backup/retention';
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

  /** BACKUP_DIR as an absolute path. */
  dir(): string {
    return backupDirOf(getSettings(strapi), REPO_ROOT);
  },

  /** The backups in BACKUP_DIR, newest first. */
  list() {
    return listBackups(this.dir());
  },

  /** A backup into BACKUP_DIR named by `now`, then all but the newest BACKUP_KEEP removed. */
  async backUpNow(now: Date = new Date()): Promise<BackupReport & { removed: string[] }> {
    const settings = getSettings(strapi);
    const dir = this.dir();
    const report = await createBackup(this.platform(), {
      target: path.join(dir, backupName(now, settings.archive)),
      sqlitePagesPerStep: PAGES_PER_STEP,
      now: () => now,
    });
    const removed = await pruneBackups(dir, settings.keep, now);
    return { ...report, removed };
  },
});
