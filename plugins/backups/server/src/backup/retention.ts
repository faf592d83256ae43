/**
 * The backup folder (BACKUP_DIR): backups named by the time they were made (`framecast-20250601T030000Z`, a folder, or
 * the same name with `.tar`), so the names sort as the times do; the newest `keep` are kept. Leftovers of a backup that
 * stopped half-way (`….partial-…`, a database copy) are removed once they are a day old.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const NAME = /^framecast-(\d{8}T\d{6}Z)(\.tar)?$/;
const LEFTOVER = /(\.partial-[0-9a-f]+|\.database-[0-9a-f]+)$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** How old a leftover of a backup that stopped half-way is before it is removed. */
export const LEFTOVER_AGE_MS = DAY_MS;

export interface StoredBackup {
  name: string;
  /** A path, or `s3://bucket/key`. */
  location: string;
  madeAt: Date;
}

/** When the backup named `name` was made (its name says), or null for a name that is not a backup's. */
export function backupMadeAt(name: string): Date | null {
  const stamp = NAME.exec(name)?.[1];
  if (!stamp) return null;
  return new Date(
    `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13)}`,
  );
}

/** The name of a backup made at `date`. */
export function backupName(date: Date, archive: boolean): string {
  const stamp = date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `framecast-${stamp}${archive ? '.tar' : ''}`;
}

/** The backups in `dir`, newest first. */
export async function listBackups(dir: string): Promise<StoredBackup[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries
    .flatMap((name) => {
      const madeAt = backupMadeAt(name);
      return madeAt ? [{ name, location: path.join(dir, name), madeAt }] : [];
    })
    .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** Removes all but the newest `keep` backups in `dir` and day-old leftovers; answers what it removed. */
export async function pruneBackups(dir: string, keep: number, now: Date = new Date()): Promise<string[]> {
  const removed: string[] = [];
  const backups = await listBackups(dir);
  for (const backup of backups.slice(keep)) {
    await rm(backup.location, { recursive: true, force: true });
    removed.push(backup.location);
  }
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!LEFTOVER.test(name)) continue;
    const location = path.join(dir, name);
    const info = await stat(location).catch(() => null);
    if (info && now.getTime() - info.mtimeMs > LEFTOVER_AGE_MS) {
      await rm(location, { recursive: true, force: true });
      removed.push(location);
    }
  }
  return removed;
}
