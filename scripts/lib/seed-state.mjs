// Whether the demo catalog was seeded into this SQLite database to the end. The database file alone is no proof: a seed
// stopped half-way (ffmpeg missing, Ctrl-C) leaves one behind. A marker beside it names the file it was written for.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The SQLite file the CMS uses, or null on another database (PostgreSQL: the seed runs every time, idempotently). */
export function sqliteFile(env, root) {
  if ((env.DATABASE_CLIENT ?? 'sqlite') !== 'sqlite') return null;
  return path.resolve(root, 'cms', env.DATABASE_FILENAME ?? '.tmp/data.db');
}

const markerOf = (file) => `${file}.seeded`;
/** The file's identity: a database deleted and created again is another one. */
const identityOf = (file) => {
  const stat = statSync(file);
  return `${stat.dev}:${stat.ino}:${Math.round(stat.birthtimeMs)}`;
};

export function isSeeded(env, root) {
  const file = sqliteFile(env, root);
  if (file === null) return false;
  if (!existsSync(file) || !existsSync(markerOf(file))) return false;
  return readFileSync(markerOf(file), 'utf8').trim() === identityOf(file);
}

/** Called when a seed ran to the end. */
export function markSeeded(env, root) {
  const file = sqliteFile(env, root);
  if (file !== null && existsSync(file)) writeFileSync(markerOf(file), `${identityOf(file)}\n`);
}

/** Called before a seed starts, so one that stops half-way is not taken for done. */
export function clearSeeded(env, root) {
  const file = sqliteFile(env, root);
  if (file !== null) rmSync(markerOf(file), { force: true });
}
