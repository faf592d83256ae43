/**
 * Restores one backup onto a platform, or refuses with the reason: a backup of another database kind or media driver,
 * of a newer Framecast or Strapi (a schema this code does not know), a target that is not empty (unless `replace`), a
 * damaged backup (a file's size or sha256 differs from the manifest; checked in full before anything is touched).
 * What the target held is kept aside until the end and put back when anything fails.
 */
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openBackup, verifyBackup } from './container';
import {
  otherPostgresSessions,
  prepareSqliteRestore,
  preparePostgresRestore,
  targetDatabaseState,
  type DatabaseRestore,
} from './database';
import { BackupDamagedError, RestoreRefusedError } from './errors';
import { fileHasher, FORMAT_VERSION, type Manifest, type ManifestFile } from './manifest';
import { beginMediaRestore, mediaContents, type MediaRestore } from './media';
import type { Platform } from './platform';

export interface RestoreOptions {
  /** Replace a target that is not empty (what it held is removed once the restore succeeded). */
  replace?: boolean;
  log?: (message: string) => void;
  /**
   * Where this instance's CMS answers when it runs (its port on loopback): a restore is refused while one answers
   * there, as while another session holds the PostgreSQL database.
   */
  cmsUrls?: string[];
}

export interface RestoreReport {
  manifest: Manifest;
  replaced: boolean;
  seconds: number;
}

const DATABASE_LABEL = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;
const DATABASE_SETTING = { sqlite: 'DATABASE_CLIENT=sqlite', postgres: 'DATABASE_CLIENT=postgres' } as const;
const MEDIA_LABEL = { local: 'a local media folder', s3: 'an S3 bucket' } as const;

/** -1, 0 or 1 as `a` is older, the same or newer than `b` (x.y.z; a pre-release is older than its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const match = /^v?(\d+)\.(\d+)\.(\d+)(-.+)?$/.exec(version.trim());
    return match ? { numbers: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ?? null } : null;
  };
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return 0;
  for (let index = 0; index < 3; index++) {
    if (left.numbers[index]! !== right.numbers[index]!) return left.numbers[index]! < right.numbers[index]! ? -1 : 1;
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === null) return 1;
  if (right.pre === null) return -1;
  return left.pre < right.pre ? -1 : 1;
}

/** The app's own migrations this code has (cms/database/migrations), by name with and without the extension. */
function knownAppMigrations(appDir: string): Set<string> {
  const dir = path.join(appDir, 'database', 'migrations');
  const names = new Set<string>();
  if (!existsSync(dir)) return names;
  for (const file of readdirSync(dir)) {
    names.add(file);
    names.add(file.replace(/\.[^.]+$/, ''));
  }
  return names;
}

/** Throws RestoreRefusedError when the backup cannot go onto this platform, whatever the target holds. */
export function checkCompatible(manifest: Manifest, platform: Platform): void {
  if (manifest.formatVersion > FORMAT_VERSION)
    throw new RestoreRefusedError(
      `This backup was made by Framecast ${manifest.framecastVersion} in a later backup format (${manifest.formatVersion}; this is Framecast ${platform.framecastVersion}, which reads format ${FORMAT_VERSION}): upgrade Framecast, then restore.`,
    );
  const { kind } = manifest.database;
  if (kind !== platform.database.kind)
    throw new RestoreRefusedError(
      `This backup holds a ${DATABASE_LABEL[kind]} database and this instance uses ${DATABASE_LABEL[platform.database.kind]}: restore it onto an instance set up with ${DATABASE_SETTING[kind]}.`,
    );
  if (manifest.media.driver !== platform.media.driver)
    throw new RestoreRefusedError(
      `This backup holds the media of ${MEDIA_LABEL[manifest.media.driver]} and this instance uses ${MEDIA_LABEL[platform.media.driver]}: restore it onto an instance set up with STORAGE_DRIVER=${manifest.media.driver} (media library addresses in the database depend on it).`,
    );
  if (compareVersions(manifest.framecastVersion, platform.framecastVersion) > 0)
    throw new RestoreRefusedError(
      `This backup was made by Framecast ${manifest.framecastVersion}, newer than this one (${platform.framecastVersion}): its database schema may hold changes this version does not know. Install Framecast ${manifest.framecastVersion} or later, then restore.`,
    );
  if (compareVersions(manifest.strapiVersion, platform.strapiVersion) > 0)
    throw new RestoreRefusedError(
      `This backup's database was written by Strapi ${manifest.strapiVersion}, newer than this instance's ${platform.strapiVersion}: its schema and migrations may be ones this version does not know. Upgrade first, then restore.`,
    );
  const known = knownAppMigrations(platform.appDir);
  const unknown = manifest.database.migrations.app.filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new RestoreRefusedError(
      `This backup's database has run migrations this version does not have (${unknown.join(', ')}, none in ${path.join(platform.appDir, 'database', 'migrations')}): it comes from a newer schema. Install the version that made it (Framecast ${manifest.framecastVersion}), then restore.`,
    );
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function describeDatabase(platform: Platform): string {
  const { database } = platform;
  if (database.kind === 'sqlite') return `the SQLite database ${database.file}`;
  const { connection } = database;
  const name = connection.connectionString
    ? new URL(connection.connectionString).pathname.replace(/^\//, '')
    : (connection.database ?? '');
  return `the PostgreSQL database "${name}"`;
}

/** Throws RestoreRefusedError unless the target's database has no tables and its media no files (or `replace`). */
async function checkTargetEmpty(platform: Platform, replace: boolean, log: (message: string) => void): Promise<void> {
  const database = await targetDatabaseState(platform.database);
  const media = await mediaContents(platform.media);
  if (database.tables === 0 && media.files === 0) return;
  const held = [
    database.tables > 0 ? `${describeDatabase(platform)} has ${plural(database.tables, 'table')}` : null,
    media.files > 0 ? `the media hold ${plural(media.files, 'file')} (${media.example})` : null,
  ]
    .filter(Boolean)
    .join(' and ');
  if (replace) {
    log(`Replacing what the target holds: ${held}. It is kept until the restore has succeeded.`);
    return;
  }
  throw new RestoreRefusedError(
    `The target is not empty: ${held}. A restore goes onto an empty instance: point the settings at a new database and an empty media folder or bucket, or pass --replace to replace what is there (it is kept until the restore has succeeded, and removed then).`,
  );
}

/**
 * Throws RestoreRefusedError while a CMS serves the target: one answers its health probe at `cmsUrls`, or (PostgreSQL)
 * another session is connected to the database. A restore swaps the database and the media under whoever uses them.
 */
async function checkNothingServes(platform: Platform, cmsUrls: string[]): Promise<void> {
  const stopFirst =
    'Stop the CMS (and every other CMS on this database and media), then restore: a restore swaps the database and the media under whoever uses them.';
  for (const url of cmsUrls) {
    const probe = new URL('/api/health', url);
    let answered = false;
    try {
      const response = await fetch(probe, { signal: AbortSignal.timeout(3_000) });
      const body = (await response.json().catch(() => null)) as { status?: unknown } | null;
      answered = typeof body?.status === 'string';
    } catch {
      // nothing answers there: no CMS runs at that address
    }
    if (answered) throw new RestoreRefusedError(`A CMS is running: ${probe.href} answers. ${stopFirst}`);
  }
  if (platform.database.kind !== 'postgres') return;
  const sessions = await otherPostgresSessions(platform.database.connection);
  if (sessions.length > 0)
    throw new RestoreRefusedError(
      `${describeDatabase(platform)} is in use: ${plural(sessions.length, 'other connection')} (${[...new Set(sessions)].join(', ')}). ${stopFirst}`,
    );
}

/** A stream of the backup's copy of `file` that fails at its end when the bytes are not the ones the manifest lists. */
function checkedStream(file: ManifestFile, source: Readable): Readable {
  const hasher = fileHasher();
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hasher.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const digest = hasher.digest();
      done(
        digest.sha256 === file.sha256 && digest.size === file.size
          ? null
          : new BackupDamagedError(
              `${file.path} changed while it was being restored: its sha256 does not match`,
              file.path,
            ),
      );
    },
  });
  source.once('error', (error) => check.destroy(error));
  return source.pipe(check);
}

export async function restoreBackup(
  platform: Platform,
  location: string,
  options: RestoreOptions = {},
): Promise<RestoreReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const reader = await openBackup(location);
  const { manifest } = reader;
  checkCompatible(manifest, platform);
  await checkNothingServes(platform, options.cmsUrls ?? []);
  await checkTargetEmpty(platform, options.replace ?? false, log);
  if (
    manifest.media.driver === 's3' &&
    platform.media.driver === 's3' &&
    (manifest.media.bucket !== platform.media.s3.bucket ||
      (manifest.media.keyPrefix ?? '') !== (platform.media.s3.keyPrefix ?? ''))
  ) {
    log(
      `The media go to s3://${platform.media.s3.bucket}/${platform.media.s3.keyPrefix ?? ''}, not where they were backed up from (s3://${manifest.media.bucket}/${manifest.media.keyPrefix ?? ''}): videos play, but media library files keep their old addresses in the database.`,
    );
  }

  log(`Checking the ${manifest.files.length} files of the backup against its manifest…`);
  let lastTenth = -1;
  await verifyBackup(reader, (done, total) => {
    const tenth = Math.floor((done / total) * 10);
    if (tenth !== lastTenth && total > 20) log(`  ${done}/${total}`);
    lastTenth = tenth;
  });

  const databaseFile = manifest.files.find((file) => file.path === manifest.database.file)!;
  const mediaFiles = manifest.files.filter((file) => file.path.startsWith('media/'));
  let media: MediaRestore | null = null;
  let database: DatabaseRestore | null = null;
  try {
    log(`Restoring ${mediaFiles.length} media files…`);
    media = await beginMediaRestore(platform.media);
    for (const file of mediaFiles) {
      const [, area, ...key] = file.path.split('/');
      if (!area || key.length === 0)
        throw new BackupDamagedError(`${file.path} is not where media go in a backup`, file.path);
      await media.put(area, key.join('/'), file, reader.open(file.path));
    }

    log(`Restoring the ${DATABASE_LABEL[platform.database.kind]} database…`);
    if (platform.database.kind === 'sqlite') {
      database = await prepareSqliteRestore(platform.database, (staged) =>
        pipeline(
          checkedStream(databaseFile, reader.open(databaseFile.path)),
          createWriteStream(staged, { flags: 'wx' }),
        ),
      );
    } else {
      database = await preparePostgresRestore(platform.database, () =>
        checkedStream(databaseFile, reader.open(databaseFile.path)),
      );
    }
    await database.apply();
    await media.apply();
  } catch (error) {
    log('The restore failed: putting back what the target held…');
    await database?.undo();
    await media?.undo();
    throw error;
  }
  await database.finish();
  await media.finish();
  return { manifest, replaced: options.replace ?? false, seconds: (performance.now() - started) / 1000 };
}
