/**
 * The database half of a backup and a restore, for both kinds the CMS runs on.
 * - SQLite: SQLite's online backup API (better-sqlite3's `.backup()`) on a connection of its own, safe while the CMS
 *   writes in WAL mode; restored by checking a copy and renaming it over the target, which is kept until the end.
 * - PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, no lock beyond what any reader takes); restored by
 *   `pg_restore --single-transaction` into a fresh `public` schema, the one it replaces kept aside until the end.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import type { DatabaseTarget, PostgresConnection } from './platform';

/** Strapi's record of its schema and migrations, and how many tables there are. */
export interface DatabaseState {
  tables: number;
  schemaHash: string | null;
  migrations: { internal: string[]; app: string[] };
}

interface SqliteStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  backup(
    file: string,
    options?: { progress?(info: { totalPages: number; remainingPages: number }): number | undefined },
  ): Promise<unknown>;
  close(): void;
}

type SqliteOpen = new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => SqliteDatabase;

/** better-sqlite3, loaded only where SQLite is used (it ships no types; this is the part used here). */
function sqlite(): SqliteOpen {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('better-sqlite3') as SqliteOpen;
}

function sqliteStateOf(db: SqliteDatabase): DatabaseState {
  const tableNames = new Set(
    (
      db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as Array<{
        name: string;
      }>
    ).map((row) => row.name),
  );
  const names = (table: string) =>
    tableNames.has(table)
      ? (db.prepare(`select name from ${table} order by id`).all() as Array<{ name: string }>).map((row) => row.name)
      : [];
  const schema = tableNames.has('strapi_database_schema')
    ? (db.prepare('select hash from strapi_database_schema order by id desc limit 1').get() as
        { hash: string } | undefined)
    : undefined;
  return {
    tables: tableNames.size,
    schemaHash: schema?.hash ?? null,
    migrations: { internal: names('strapi_migrations_internal'), app: names('strapi_migrations') },
  };
}

/**
 * Copies the live SQLite database at `source` into a new file `destination` with the online backup API, and answers
 * the copy's state. `pagesPerStep` null copies in one step (a command, in a process of its own); a number copies in
 * steps that let the caller's event loop run between them (the CMS's scheduled backup), and falls back to one step
 * when writes keep restarting it.
 */
export async function snapshotSqlite(
  source: string,
  destination: string,
  options: { pagesPerStep: number | null },
): Promise<DatabaseState> {
  if (!existsSync(source)) throw new Error(`There is no SQLite database at ${source}`);
  const Database = sqlite();
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    let lastRemaining = Infinity;
    let restarts = 0;
    await db.backup(destination, {
      progress({ remainingPages }) {
        // SQLite restarts a stepped backup when another connection writes the source in between
        if (remainingPages > lastRemaining) restarts += 1;
        lastRemaining = remainingPages;
        return options.pagesPerStep === null || restarts >= 3 ? 0x7fffffff : options.pagesPerStep;
      },
    });
  } finally {
    db.close();
  }
  const copy = new Database(destination, { fileMustExist: true });
  try {
    // one self-contained file: the copy keeps the source's WAL mode, which would want -wal and -shm files beside it
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`The copy of the SQLite database failed its check: ${String(check)}`);
    return sqliteStateOf(copy);
  } finally {
    copy.close();
  }
}

/** The state of the SQLite database at `file`, or null when there is none (no file). */
export function sqliteState(file: string): DatabaseState | null {
  if (!existsSync(file)) return null;
  const Database = sqlite();
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return sqliteStateOf(db);
  } finally {
    db.close();
  }
}

/** The PostgreSQL client tools: BACKUP_PG_BIN_DIR, else the PATH, else the newest Debian/Ubuntu server's bin folder. */
export function postgresTool(name: 'pg_dump' | 'pg_restore', binDir: string | null, searchPath: string): string {
  if (binDir) return path.join(binDir, name);
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    if (existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((entry) => /^\d+$/.test(entry))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const candidate = path.join(base, version, 'bin', name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return name;
}

/**
 * libpq's variables for a connection, so the client tools get the password from their environment and never on a
 * command line another user could read in the process list.
 */
export function libpqEnvironment(connection: PostgresConnection): Record<string, string> {
  const values: Record<string, string> = {};
  const set = (name: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') values[name] = String(value);
  };
  if (connection.connectionString) {
    const url = new URL(connection.connectionString);
    set('PGHOST', decodeURIComponent(url.hostname) || url.searchParams.get('host'));
    set('PGPORT', url.port);
    set('PGUSER', decodeURIComponent(url.username));
    set('PGPASSWORD', decodeURIComponent(url.password));
    set('PGDATABASE', decodeURIComponent(url.pathname.replace(/^\//, '')));
    set('PGSSLMODE', url.searchParams.get('sslmode'));
  } else {
    set('PGHOST', connection.host);
    set('PGPORT', connection.port);
    set('PGUSER', connection.user);
    set('PGPASSWORD', connection.password);
    set('PGDATABASE', connection.database);
  }
  if (connection.ssl && !values.PGSSLMODE) {
    const verify = typeof connection.ssl === 'object' && connection.ssl.rejectUnauthorized !== false;
    values.PGSSLMODE = verify ? 'verify-full' : 'require';
  }
  return values;
}

async function withPostgres<T>(connection: PostgresConnection, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...connection, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function postgresStateOf(client: Client): Promise<DatabaseState> {
  const tables = await client.query<{ schemaname: string; tablename: string }>(
    "select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
  );
  const inPublic = new Set(tables.rows.filter((row) => row.schemaname === 'public').map((row) => row.tablename));
  const names = async (table: string) =>
    inPublic.has(table)
      ? (await client.query<{ name: string }>(`select name from public.${table} order by id`)).rows.map(
          (row) => row.name,
        )
      : [];
  const schema = inPublic.has('strapi_database_schema')
    ? (await client.query<{ hash: string }>('select hash from public.strapi_database_schema order by id desc limit 1'))
        .rows[0]
    : undefined;
  return {
    tables: tables.rowCount ?? tables.rows.length,
    schemaHash: schema?.hash ?? null,
    migrations: { internal: await names('strapi_migrations_internal'), app: await names('strapi_migrations') },
  };
}

export function postgresState(connection: PostgresConnection): Promise<DatabaseState> {
  return withPostgres(connection, postgresStateOf);
}

/** Who else is connected to the database (a CMS's pool, a psql): each by its application name or its address. */
export function otherPostgresSessions(connection: PostgresConnection): Promise<string[]> {
  return withPostgres(connection, async (client) => {
    const sessions = await client.query<{ application_name: string | null; client_addr: string | null }>(
      'select application_name, client_addr from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return sessions.rows.map((row) => row.application_name || (row.client_addr ? `from ${row.client_addr}` : 'local'));
  });
}

/**
 * Runs a PostgreSQL client tool, `input` (if any) piped to its standard input; rejects with its last lines of output,
 * and a hint when it is missing or too old for the server.
 */
function runTool(
  command: string,
  args: string[],
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  input?: Readable,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      // nothing of this process's environment: the settings' PATH and HOME, and the connection's libpq variables
      env: { ...target.tools.env, ...libpqEnvironment(target.connection) },
      stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let inputError: Error | null = null;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    if (input && child.stdin) {
      // a failing input (a damaged member of the backup) stops the tool before it can commit
      pipeline(input, child.stdin).catch((error: Error) => {
        inputError = error;
        child.kill('SIGTERM');
      });
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      const tool = path.basename(command);
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `${tool} was not found (${command}): install PostgreSQL's client tools of the server's major version (Debian: postgresql-client) or set BACKUP_PG_BIN_DIR to the folder that holds ${tool}`,
            )
          : error,
      );
    });
    child.once('close', (code) => {
      if (inputError) return reject(inputError);
      if (code === 0) return resolve();
      const hint = /version mismatch/i.test(stderr)
        ? ` Install the ${path.basename(command)} of the server's major version and set BACKUP_PG_BIN_DIR to its folder.`
        : '';
      reject(new Error(`${path.basename(command)} failed (exit ${code}): ${stderr.trim()}${hint}`));
    });
  });
}

/** Dumps the database into a new file `destination` (custom format, without owners or grants) and answers its state. */
export async function dumpPostgres(
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  destination: string,
): Promise<DatabaseState> {
  const state = await postgresState(target.connection);
  const pgDump = postgresTool('pg_dump', target.tools.binDir, target.tools.env.PATH ?? '');
  await runTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${destination}`], target);
  return state;
}

/** The state of the target database (tables 0: nothing there yet). */
export async function targetDatabaseState(target: DatabaseTarget): Promise<DatabaseState> {
  if (target.kind === 'sqlite')
    return sqliteState(target.file) ?? { tables: 0, schemaHash: null, migrations: { internal: [], app: [] } };
  return postgresState(target.connection);
}

/**
 * A database restore in two steps: `apply()` puts the backup's database in place, keeping what was there aside;
 * `finish()` drops what was kept; `undo()` (after apply, when something later fails) puts it back.
 */
export interface DatabaseRestore {
  apply(): Promise<void>;
  finish(): Promise<void>;
  undo(): Promise<void>;
}

const suffix = () =>
  `${new Date().toISOString().replace(/[-:.]/g, '').toLowerCase()}_${randomBytes(3).toString('hex')}`;

/**
 * Prepares a SQLite restore: the backup's file (streamed by `write`) is copied beside the target and checked before
 * anything of the target is touched.
 */
export async function prepareSqliteRestore(
  target: Extract<DatabaseTarget, { kind: 'sqlite' }>,
  write: (file: string) => Promise<void>,
): Promise<DatabaseRestore> {
  await mkdir(path.dirname(target.file), { recursive: true });
  const staged = `${target.file}.restoring-${suffix()}`;
  await write(staged);
  try {
    const Database = sqlite();
    const db = new Database(staged, { fileMustExist: true });
    try {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the backup's SQLite database failed its check: ${String(check)}`);
    } finally {
      db.close();
    }
  } catch (error) {
    await rm(staged, { force: true });
    throw error;
  }
  // the target's write-ahead log and shared memory go aside with it: a log left beside the new file would be replayed into it
  const companions = ['', '-wal', '-shm', '-journal'];
  const aside = `${target.file}.replaced-${suffix()}`;
  const moved: string[] = [];
  let movedIn = false;
  return {
    async apply() {
      for (const ending of companions) {
        if (existsSync(target.file + ending)) {
          await rename(target.file + ending, aside + ending);
          moved.push(ending);
        }
      }
      await rename(staged, target.file);
      movedIn = true;
    },
    async finish() {
      for (const ending of moved) await rm(aside + ending, { force: true });
    },
    async undo() {
      if (movedIn) {
        for (const ending of companions) await rm(target.file + ending, { force: true });
      }
      for (const ending of moved) await rename(aside + ending, target.file + ending);
      moved.length = 0;
      movedIn = false;
      await rm(staged, { force: true });
    },
  };
}

/**
 * Prepares a PostgreSQL restore of the dump `dump()` streams (piped to pg_restore, so an archive needs no extraction).
 * `apply()` moves the `public` schema aside, creates an empty one and runs pg_restore in one transaction: a failure
 * leaves nothing half-restored, and `undo()` brings the old schema back.
 */
export async function preparePostgresRestore(
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  dump: () => Readable,
): Promise<DatabaseRestore> {
  const aside = `framecast_replaced_${suffix()}`;
  const pgRestore = postgresTool('pg_restore', target.tools.binDir, target.tools.env.PATH ?? '');
  let movedAside = false;
  const putBack = () =>
    withPostgres(target.connection, async (client) => {
      await client.query('begin');
      await client.query('drop schema if exists public cascade');
      await client.query(`alter schema "${aside}" rename to public`);
      await client.query('commit');
    });
  return {
    async apply() {
      await withPostgres(target.connection, async (client) => {
        await client.query('begin');
        await client.query(`alter schema public rename to "${aside}"`);
        await client.query('create schema public');
        await client.query('commit');
      });
      movedAside = true;
      try {
        await runTool(
          pgRestore,
          ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbNameOf(target)}`],
          target,
          dump(),
        );
      } catch (error) {
        await putBack();
        movedAside = false;
        throw error;
      }
    },
    async finish() {
      if (movedAside) await withPostgres(target.connection, (client) => client.query(`drop schema "${aside}" cascade`));
    },
    async undo() {
      if (movedAside) await putBack();
      movedAside = false;
    },
  };
}

/** pg_restore wants --dbname to connect; the database's name is enough with the libpq variables set. */
function dbNameOf(target: Extract<DatabaseTarget, { kind: 'postgres' }>): string {
  const name = libpqEnvironment(target.connection).PGDATABASE;
  if (!name) throw new Error('The PostgreSQL settings name no database (DATABASE_URL or DATABASE_NAME)');
  return name;
}
