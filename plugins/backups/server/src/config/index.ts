/**
 * The plugin's settings (Strapi's plugin config shape: `{ default, validator }`), read once from the environment by
 * cms/config/plugins.ts; `npm run backup` and `npm run restore` read the same object from the built CMS config
 * (backup/platform.ts), so the CMS's schedule and the commands agree. Checked at boot, naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';
import type { StorageSettings } from '../backup/platform';
import { backupPlace, type BackupPlace, type S3Service } from '../backup/store';

export interface BackupSettings {
  /**
   * Where scheduled backups and `npm run backup` without a target go (BACKUP_DIR): a folder (relative: from the
   * repository root) or a bucket, `s3://bucket/prefix`, on `s3Service`.
   */
  dir: string;
  /** `daily`: the CMS makes a backup every day at `time` (BACKUP_SCHEDULE); `off`: only `npm run backup` does. */
  schedule: 'off' | 'daily';
  /** HH:MM, UTC (BACKUP_TIME). */
  time: string;
  /** Backups kept in `dir`, the newest first; older ones are removed after each new one (BACKUP_KEEP). */
  keep: number;
  /** One `.tar` file per backup (BACKUP_ARCHIVE=true), else a folder. */
  archive: boolean;
  /** Folder holding pg_dump and pg_restore (BACKUP_PG_BIN_DIR); null: the PATH, then the newest /usr/lib/postgresql/<v>/bin. */
  postgresBinDir: string | null;
  /** The environment pg_dump and pg_restore run with (PATH, HOME); nothing else of the CMS's environment reaches them. */
  toolEnvironment: Record<string, string>;
  /** Where the media are: the transcoding plugin's storage settings (STORAGE_DRIVER, MEDIA_ROOT, S3_*), the same object. */
  storage: StorageSettings | null;
  /** The S3 service an `s3://` BACKUP_DIR is on (S3_REGION, S3_ENDPOINT, credentials, whatever STORAGE_DRIVER is). */
  s3Service: S3Service | null;
}

/** The environment variable each setting comes from (cms/config/plugins.ts, .env.example). */
export const SETTING_VARIABLES: Record<keyof BackupSettings, string> = {
  dir: 'BACKUP_DIR',
  schedule: 'BACKUP_SCHEDULE',
  time: 'BACKUP_TIME',
  keep: 'BACKUP_KEEP',
  archive: 'BACKUP_ARCHIVE',
  postgresBinDir: 'BACKUP_PG_BIN_DIR',
  toolEnvironment: 'PATH and HOME',
  storage: 'STORAGE_DRIVER, MEDIA_ROOT and S3_*',
  s3Service: 'S3_REGION, S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_FORCE_PATH_STYLE',
};

const defaults: BackupSettings = {
  dir: 'backups',
  schedule: 'off',
  time: '03:00',
  keep: 7,
  archive: true,
  postgresBinDir: null,
  toolEnvironment: {},
  storage: null,
  s3Service: null,
};

const schema = z.object({
  dir: z
    .string()
    .trim()
    .min(1, 'must name a folder')
    .refine(
      (value) => !value.startsWith('s3://') || /^s3:\/\/[^/]+/.test(value),
      'must name a bucket: s3://bucket/prefix',
    ),
  schedule: z.enum(['off', 'daily'], { message: 'must be "daily" or "off"' }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:MM in UTC (for example 03:00)'),
  keep: z
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(1000, 'must be 1000 or fewer'),
  archive: z.boolean({ message: 'must be true or false' }),
  postgresBinDir: z
    .string()
    .refine((value) => path.isAbsolute(value), 'must be an absolute path')
    .nullable(),
  toolEnvironment: z.record(z.string(), z.string()),
  storage: z
    .union([
      z.object({ driver: z.literal('local'), root: z.string().min(1) }),
      z.looseObject({ driver: z.literal('s3'), bucket: z.string().min(1), region: z.string().min(1) }),
    ])
    .nullable(),
  s3Service: z.looseObject({ region: z.string().min(1, 'must name a region') }).nullable(),
});

function check(config: unknown): BackupSettings {
  if (config === null || typeof config !== 'object' || Array.isArray(config))
    throw new Error('Invalid backups settings: config must be an object');
  const unknown = Object.keys(config).filter((key) => !(key in defaults));
  if (unknown.length > 0)
    throw new Error(`Invalid backups settings: ${unknown.map((key) => `${key}: no such setting`).join('; ')}`);
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    const named = (key: PropertyKey | undefined) => SETTING_VARIABLES[key as keyof BackupSettings] ?? String(key);
    throw new Error(
      `Invalid backups settings: ${parsed.error.issues.map((issue) => `${named(issue.path[0])} ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data as BackupSettings;
}

/** What Strapi does with a plugin's config: the defaults under what was passed (unset values take the default), then the check. */
export function backupSettingsFrom(passed: Record<string, unknown> | undefined): BackupSettings {
  const given = Object.fromEntries(Object.entries(passed ?? {}).filter(([, value]) => value !== undefined));
  return check({ ...defaults, ...given });
}

/** Where backups go: a bucket, or a folder (a relative BACKUP_DIR is taken from the repository root). */
export function backupPlaceOf(settings: BackupSettings, repoRoot: string): BackupPlace {
  return backupPlace(settings.dir, repoRoot, settings.s3Service);
}

export default {
  default: defaults,
  validator(config: unknown): void {
    check(config);
  },
};
