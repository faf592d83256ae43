/**
 * The backup settings: one name, one default and one check each, from the environment through cms/config/plugins.ts
 * to the plugin's validator (what Strapi checks at boot and what the commands read); and the rules that decide which
 * backups are kept and which backups may be restored here.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pluginConfigFrom } from '../../../../../tests/support/plugin-settings';
import { backupPlaceOf, backupSettingsFrom } from '../config';
import { checkCompatible, compareVersions } from '../backup/restore';
import { backupName, listBackups, pruneBackups } from '../backup/retention';
import type { Manifest } from '../backup/manifest';
import type { Platform } from '../backup/platform';

const settingsFor = (values: Record<string, string>) =>
  backupSettingsFrom(pluginConfigFrom<Record<string, unknown>>('backups', { MEDIA_ROOT: '/srv/media', ...values }));

describe('settings', () => {
  it('defaults to archives in backups/, no schedule, 7 kept', () => {
    expect(settingsFor({ PATH: '/usr/bin', HOME: '/home/framecast' })).toMatchObject({
      dir: 'backups',
      schedule: 'off',
      time: '03:00',
      keep: 7,
      archive: true,
      postgresBinDir: null,
      toolEnvironment: { PATH: '/usr/bin', HOME: '/home/framecast' },
      storage: { driver: 'local', root: '/srv/media' },
    });
  });

  it('reads each variable', () => {
    expect(
      settingsFor({
        BACKUP_DIR: '/var/backups/framecast',
        BACKUP_SCHEDULE: 'daily',
        BACKUP_TIME: '23:45',
        BACKUP_KEEP: '30',
        BACKUP_ARCHIVE: 'false',
        BACKUP_PG_BIN_DIR: '/usr/lib/postgresql/16/bin',
      }),
    ).toMatchObject({
      dir: '/var/backups/framecast',
      schedule: 'daily',
      time: '23:45',
      keep: 30,
      archive: false,
      postgresBinDir: '/usr/lib/postgresql/16/bin',
    });
  });

  it('keeps backups in a bucket on the S3 service of the media settings, whatever STORAGE_DRIVER is', () => {
    const settings = settingsFor({
      BACKUP_DIR: 's3://framecast-backups/nightly/',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'backup-key',
      S3_SECRET_ACCESS_KEY: 'backup-secret',
    });
    expect(settings.storage).toMatchObject({ driver: 'local' });
    expect(backupPlaceOf(settings, '/srv/framecast')).toEqual({
      kind: 'bucket',
      s3: {
        bucket: 'framecast-backups',
        keyPrefix: 'nightly',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:9000',
        accessKeyId: 'backup-key',
        secretAccessKey: 'backup-secret',
        forcePathStyle: true,
      },
    });
    expect(backupPlaceOf(settingsFor({ BACKUP_DIR: 'backups' }), '/srv/framecast')).toEqual({
      kind: 'folder',
      dir: '/srv/framecast/backups',
    });
  });

  it('never schedules in a CMS booted by a command (TRANSCODE_JOBS=off)', () => {
    expect(settingsFor({ BACKUP_SCHEDULE: 'daily', TRANSCODE_JOBS: 'off' }).schedule).toBe('off');
  });

  it.each([
    [{ BACKUP_SCHEDULE: 'weekly' }, /BACKUP_SCHEDULE must be "daily" or "off"/],
    [{ BACKUP_TIME: '3am' }, /BACKUP_TIME must be a time of day, HH:MM in UTC/],
    [{ BACKUP_TIME: '24:00' }, /BACKUP_TIME must be a time of day/],
    [{ BACKUP_KEEP: '0' }, /BACKUP_KEEP must be 1 or more/],
    [{ BACKUP_KEEP: 'many' }, /BACKUP_KEEP must be a number/],
    [{ BACKUP_ARCHIVE: 'yes' }, /BACKUP_ARCHIVE must be true or false/],
    [{ BACKUP_PG_BIN_DIR: 'bin' }, /BACKUP_PG_BIN_DIR must be an absolute path/],
    [{ BACKUP_DIR: 's3://' }, /BACKUP_DIR must name a bucket: s3:\/\/bucket\/prefix/],
  ])('refuses %j, naming the variable', (values, message) => {
    expect(() => settingsFor(values)).toThrow(message);
  });
});

describe('retention', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'framecast-retention-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names backups by their UTC time, so names sort as times do', () => {
    expect(backupName(new Date('2030-01-02T03:04:05.678Z'), true)).toBe('framecast-20300102T030405Z.tar');
    expect(backupName(new Date('2030-01-02T03:04:05Z'), false)).toBe('framecast-20300102T030405Z');
  });

  it('keeps the newest ones, folders and archives alike, and removes only day-old leftovers', async () => {
    const now = new Date('2030-01-10T12:00:00Z');
    const names = ['framecast-20300101T030000Z.tar', 'framecast-20300102T030000Z', 'framecast-20300103T030000Z.tar'];
    for (const name of names) {
      if (name.endsWith('.tar')) writeFileSync(path.join(dir, name), 'x');
      else mkdirSync(path.join(dir, name));
    }
    writeFileSync(path.join(dir, 'notes.txt'), 'kept: not a backup');
    writeFileSync(path.join(dir, 'framecast-20300104T030000Z.tar.partial-0a1b2c3d'), 'old');
    writeFileSync(path.join(dir, 'framecast-20300110T115900Z.tar.partial-0a1b2c3e'), 'under way');
    const twoDaysAgo = new Date(now.getTime() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(path.join(dir, 'framecast-20300104T030000Z.tar.partial-0a1b2c3d'), twoDaysAgo, twoDaysAgo);
    utimesSync(path.join(dir, 'framecast-20300110T115900Z.tar.partial-0a1b2c3e'), now, now);

    expect((await listBackups(dir)).map((backup) => backup.name)).toEqual([...names].reverse());
    const removed = await pruneBackups(dir, 2, now);
    expect(removed.map((file) => path.basename(file)).sort()).toEqual([
      'framecast-20300101T030000Z.tar',
      'framecast-20300104T030000Z.tar.partial-0a1b2c3d',
    ]);
    expect(readdirSync(dir).sort()).toEqual([
      'framecast-20300102T030000Z',
      'framecast-20300103T030000Z.tar',
      'framecast-20300110T115900Z.tar.partial-0a1b2c3e',
      'notes.txt',
    ]);
  });
});

describe('which backups may be restored here', () => {
  const platform: Platform = {
    framecastVersion: '1.4.0',
    strapiVersion: '5.54.0',
    appDir: path.join(tmpdir(), 'no-such-cms'),
    database: { kind: 'sqlite', file: '/srv/cms.db' },
    media: { driver: 'local', areas: [] },
  };
  const manifest = (changes: Partial<Manifest> & { kind?: 'sqlite' | 'postgres'; app?: string[] } = {}) =>
    ({
      format: 'framecast-backup',
      formatVersion: 1,
      framecastVersion: '1.4.0',
      strapiVersion: '5.54.0',
      createdAt: '2030-01-01T00:00:00.000Z',
      database: {
        kind: changes.kind ?? 'sqlite',
        file: 'database/framecast.sqlite',
        schemaHash: null,
        migrations: { internal: [], app: changes.app ?? [] },
      },
      media: { driver: 'local', areas: [] },
      files: [],
      totals: { files: 0, bytes: 0 },
      ...changes,
    }) as Manifest;

  it('orders versions, a pre-release before its release', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
    expect(compareVersions('1.4.0', '1.4.0')).toBe(0);
    expect(compareVersions('1.4.0-rc.1', '1.4.0')).toBe(-1);
    expect(compareVersions('0.9.0', '1.0.0')).toBe(-1);
  });

  it('takes one of the same or an older version', () => {
    expect(() => checkCompatible(manifest(), platform)).not.toThrow();
    expect(() =>
      checkCompatible(manifest({ framecastVersion: '1.3.2', strapiVersion: '5.50.0' }), platform),
    ).not.toThrow();
  });

  it.each([
    [
      { kind: 'postgres' as const },
      /holds a PostgreSQL database and this instance uses SQLite: .*DATABASE_CLIENT=postgres/,
    ],
    [
      { media: { driver: 's3' as const, areas: [] } },
      /media of an S3 bucket and this instance uses a local media folder/,
    ],
    [{ framecastVersion: '1.5.0' }, /made by Framecast 1\.5\.0, newer than this one \(1\.4\.0\)/],
    [{ strapiVersion: '5.60.1' }, /written by Strapi 5\.60\.1, newer than this instance's 5\.54\.0/],
    [{ app: ['2031.01.01T00.00.00.add-column.js'] }, /has run migrations this version does not have \(2031/],
    [{ formatVersion: 2 }, /later backup format \(2/],
  ])('refuses %j', (changes, message) => {
    expect(() => checkCompatible(manifest(changes), platform)).toThrow(message);
  });
});
