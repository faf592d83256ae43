/**
 * What a backup is taken from and a restore goes to: one platform's database and media, described the same way whether
 * the CMS describes itself (services/backups.ts, from its loaded config) or a command reads the CMS's built config
 * (`platformFromBuild`, for `npm run backup` and `npm run restore`, which do not boot a CMS).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { S3Location, StorageSettings } from '@framecast/contracts';
import { backupSettingsFrom, type BackupSettings } from '../config';

/** PostgreSQL connection settings as Strapi's database config holds them (a URL, or the fields). */
export interface PostgresConnection {
  connectionString?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  ssl?: boolean | { rejectUnauthorized?: boolean };
}

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'postgres';
      connection: PostgresConnection;
      /** pg_dump and pg_restore: their folder (null: looked up), and the environment they run with (PATH, HOME). */
      tools: { binDir: string | null; env: Record<string, string> };
    };

export type MediaTarget =
  /** `media`: sources and HLS outputs (MEDIA_ROOT); `uploads`: the media library (Strapi's public folder's uploads/). */
  | { driver: 'local'; areas: Array<{ name: 'media' | 'uploads'; dir: string }> }
  /** Both live in the bucket, under the key prefix (the media library under `<prefix>/uploads/`). */
  | { driver: 's3'; s3: S3Location };

export interface Platform {
  framecastVersion: string;
  strapiVersion: string;
  /** The CMS folder: `<appDir>/database/migrations` holds the app's own migrations. */
  appDir: string;
  database: DatabaseTarget;
  media: MediaTarget;
}

/** Strapi's database config: `{ connection: { client, connection } }` (knex's shape). */
export interface DatabaseConfig {
  connection: { client: string; connection: Record<string, unknown> };
}

/** The version of Framecast (the repository's package.json) and of Strapi (as the CMS resolves it). */
export function versionsOf(repoRoot: string, appDir: string): { framecastVersion: string; strapiVersion: string } {
  const read = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  return {
    framecastVersion: read(path.join(repoRoot, 'package.json')),
    strapiVersion: read(require.resolve('@strapi/strapi/package.json', { paths: [appDir] })),
  };
}

/** The platform a loaded CMS config describes. Relative SQLite paths are taken from `cwd`, as the CMS opens them. */
export function platformFrom(input: {
  repoRoot: string;
  appDir: string;
  cwd: string;
  database: DatabaseConfig;
  publicDir: string;
  settings: BackupSettings;
}): Platform {
  const { client, connection } = input.database.connection;
  let database: DatabaseTarget;
  if (client === 'sqlite' || client === 'better-sqlite3') {
    const filename = String(connection.filename ?? '');
    if (!filename || filename === ':memory:')
      throw new Error('The CMS keeps its SQLite database in memory: there is nothing to back up');
    database = { kind: 'sqlite', file: path.resolve(input.cwd, filename) };
  } else if (client === 'postgres' || client === 'pg') {
    database = {
      kind: 'postgres',
      connection: connection as PostgresConnection,
      tools: { binDir: input.settings.postgresBinDir, env: input.settings.toolEnvironment },
    };
  } else {
    throw new Error(`Backups know SQLite and PostgreSQL; the CMS uses "${client}"`);
  }
  const { storage } = input.settings;
  if (!storage)
    throw new Error(
      'The backups plugin was given no storage settings: the built CMS config predates backups (run `npm run build`)',
    );
  const media: MediaTarget =
    storage.driver === 'local'
      ? {
          driver: 'local',
          areas: [
            { name: 'media', dir: path.resolve(storage.root) },
            { name: 'uploads', dir: path.resolve(input.publicDir, 'uploads') },
          ],
        }
      : { driver: 's3', s3: { ...storage } };
  return { ...versionsOf(input.repoRoot, input.appDir), appDir: input.appDir, database, media };
}

type ConfigModule = { default?: unknown } | ((...args: unknown[]) => unknown);

/** Deep merge of plain objects, `override` winning: what Strapi does with config/env/<NODE_ENV>/<file>. */
function merge(base: unknown, override: unknown): unknown {
  const isPlain = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isPlain(base) || !isPlain(override)) return override === undefined ? base : override;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) result[key] = merge(base[key], value);
  return result;
}

/**
 * The platform and the backup settings as the built CMS (cms/dist/config) reads them with this process's environment:
 * the files the running CMS was started from, merged with config/env/<NODE_ENV>/ as Strapi does. The caller has put
 * its settings in the environment and made the CMS folder the working directory, as the CMS runs.
 */
export function platformFromBuild(repoRoot: string, nodeEnv: string): { platform: Platform; settings: BackupSettings } {
  const appDir = path.join(repoRoot, 'cms');
  const configDir = path.join(appDir, 'dist', 'config');
  // the CMS's own Strapi env helper and its compiled config files, found at run time: required, not imported
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { env } = require(require.resolve('@strapi/utils', { paths: [appDir] })) as { env: unknown };
  const load = (name: string): Record<string, unknown> => {
    const evaluate = (file: string): unknown => {
      let loaded: ConfigModule;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded = require(file) as ConfigModule;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String(error).includes(file))
          return undefined;
        throw error;
      }
      const value = typeof loaded === 'function' ? loaded : (loaded.default ?? loaded);
      return typeof value === 'function' ? (value as (params: { env: unknown }) => unknown)({ env }) : value;
    };
    const base = evaluate(path.join(configDir, `${name}.js`));
    if (base === undefined)
      throw new Error(`The CMS is not built (no ${path.join(configDir, `${name}.js`)}): run \`npm run build\` first`);
    return merge(base, evaluate(path.join(configDir, 'env', nodeEnv, `${name}.js`))) as Record<string, unknown>;
  };
  const plugins = load('plugins') as Record<string, { config?: Record<string, unknown> } | undefined>;
  const server = load('server') as { dirs?: { public?: string } };
  const settings = backupSettingsFrom(plugins.backups?.config);
  const platform = platformFrom({
    repoRoot,
    appDir,
    cwd: process.cwd(),
    database: load('database') as unknown as DatabaseConfig,
    publicDir: path.resolve(appDir, server.dirs?.public ?? 'public'),
    settings,
  });
  return { platform, settings };
}

export type { S3Location, StorageSettings };
