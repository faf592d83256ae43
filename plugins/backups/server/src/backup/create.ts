/**
 * Makes one backup of a running platform: the database first (an online snapshot), then the media, each file hashed as
 * it is written, then the manifest. The database goes first so that every file it refers to is still there when the
 * media are read; media added meanwhile come along without a row, which is harmless.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createBackupWriter } from './container';
import { dumpPostgres, snapshotSqlite, type DatabaseState } from './database';
import { DATABASE_FILES, FORMAT, FORMAT_VERSION, type Manifest, type ManifestFile } from './manifest';
import { mediaReader } from './media';
import type { Platform } from './platform';

export interface BackupOptions {
  /** A new folder, or a new `.tar` file. */
  target: string;
  /** SQLite pages per backup step; null: all at once (see snapshotSqlite). */
  sqlitePagesPerStep?: number | null;
  log?: (message: string) => void;
  now?: () => Date;
}

export interface BackupReport {
  location: string;
  manifest: Manifest;
  /** Files listed but gone before they were read, and S3 keys no restore could write back. */
  skipped: string[];
  seconds: number;
}

export async function createBackup(platform: Platform, options: BackupOptions): Promise<BackupReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const writer = await createBackupWriter(options.target);
  const files: ManifestFile[] = [];
  const skipped: string[] = [];
  const databaseFile = DATABASE_FILES[platform.database.kind];
  // the database's copy is made beside the backup (same disk), then streamed in
  const snapshot = path.join(
    path.dirname(writer.location),
    `.${path.basename(writer.location)}.database-${randomBytes(4).toString('hex')}`,
  );
  const createdAt = now().toISOString();
  try {
    let state: DatabaseState;
    if (platform.database.kind === 'sqlite') {
      log(`Copying the SQLite database ${platform.database.file} (online backup)…`);
      state = await snapshotSqlite(platform.database.file, snapshot, {
        pagesPerStep: options.sqlitePagesPerStep ?? null,
      });
    } else {
      log('Dumping the PostgreSQL database (pg_dump)…');
      state = await dumpPostgres(platform.database, snapshot);
    }
    const { size } = await stat(snapshot);
    files.push({ path: databaseFile, ...(await writer.add(databaseFile, size, createReadStream(snapshot))) });
    await rm(snapshot, { force: true });

    const media = mediaReader(platform.media);
    const areas = new Map<string, { files: number; bytes: number }>();
    try {
      const items = await media.list((key) => skipped.push(key));
      log(`Copying ${items.length} media files…`);
      for (const item of items) {
        const opened = await media.open(item);
        if (!opened) {
          skipped.push(`${item.area}/${item.key}`);
          continue;
        }
        const name = `media/${item.area}/${item.key}`;
        const digest = await writer.add(name, opened.size, opened.body);
        files.push({
          path: name,
          ...digest,
          ...(opened.contentType ? { contentType: opened.contentType } : {}),
          ...(opened.contentDisposition ? { contentDisposition: opened.contentDisposition } : {}),
          ...(opened.cacheControl ? { cacheControl: opened.cacheControl } : {}),
        });
        const totals = areas.get(item.area) ?? { files: 0, bytes: 0 };
        areas.set(item.area, { files: totals.files + 1, bytes: totals.bytes + digest.size });
      }
    } finally {
      media.close();
    }

    const areaNames =
      platform.media.driver === 'local' ? platform.media.areas.map((area) => area.name) : (['bucket'] as string[]);
    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      framecastVersion: platform.framecastVersion,
      strapiVersion: platform.strapiVersion,
      createdAt,
      database: {
        kind: platform.database.kind,
        file: databaseFile,
        schemaHash: state.schemaHash,
        migrations: state.migrations,
      },
      media: {
        driver: platform.media.driver,
        areas: areaNames.map((name) => ({ name, ...(areas.get(name) ?? { files: 0, bytes: 0 }) })),
        ...(platform.media.driver === 's3'
          ? { bucket: platform.media.s3.bucket, keyPrefix: platform.media.s3.keyPrefix ?? '' }
          : {}),
      },
      files,
      totals: { files: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0) },
    };
    await writer.finish(manifest);
    return { location: writer.location, manifest, skipped, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await writer.abandon();
    throw error;
  } finally {
    await rm(snapshot, { force: true });
  }
}
