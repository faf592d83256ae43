import type { Core } from '@strapi/strapi';

import path from 'node:path';

/** The better-sqlite3 connection the pool hands over. */
interface SqliteConnection {
  pragma(source: string): unknown;
  prepare(source: string): unknown;
}

/** How many compiled statements a SQLite connection keeps (the CMS's queries are a few hundred shapes). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Keeps a connection's compiled statements by their SQL. Knex's better-sqlite3 dialect compiles every query again
 * (`prepare`), which cost a quarter of a millisecond per public read; a statement runs to completion synchronously
 * (`all`, `run`), so one compiled statement serves every caller. The least recently used goes first when full.
 */
function cacheStatements(connection: SqliteConnection): void {
  const compile = connection.prepare.bind(connection);
  const compiled = new Map<string, unknown>();
  connection.prepare = (source: string) => {
    let statement = compiled.get(source);
    if (statement) {
      compiled.delete(source);
    } else {
      statement = compile(source);
      if (compiled.size >= STATEMENT_CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
    }
    compiled.set(source, statement);
    return statement;
  };
}

// SQLite is the embedded default; PostgreSQL is selected with DATABASE_CLIENT=postgres.
export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const client = env('DATABASE_CLIENT', 'sqlite');

  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: env('DATABASE_URL')
          ? {
              connectionString: env('DATABASE_URL'),
              ssl: env.bool('DATABASE_SSL', false)
                ? { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) }
                : false,
            }
          : {
              host: env('DATABASE_HOST', '127.0.0.1'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'framecast'),
              user: env('DATABASE_USERNAME', 'framecast'),
              password: env('DATABASE_PASSWORD', ''),
              ssl: env.bool('DATABASE_SSL', false),
            },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }

  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(process.cwd(), env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
      pool: {
        // Write-ahead logging: readers never wait on a writer, and a commit appends to the log instead of syncing
        // the rollback journal and the database file (with the default journal every write waited on several
        // fsyncs, which block the CMS's one thread: the analytics beacons spent 60 % of their time there).
        // synchronous=NORMAL with WAL keeps the database consistent after a crash of the process or the machine;
        // a power cut can lose the last commits. The WAL file beside the database (`<file>-wal`) is part of it
        // while the CMS runs: copy or back up the database with SQLite's backup API (or stopped), not with cp.
        // Strapi merges config/env/<NODE_ENV>/database.ts over this file, so a PostgreSQL connection chosen there
        // (the API tests) comes through here too: it has no pragma and is handed back untouched.
        afterCreate(connection: SqliteConnection, done: (error: Error | null, connection: SqliteConnection) => void) {
          if (typeof connection.pragma !== 'function') {
            done(null, connection);
            return;
          }
          try {
            connection.pragma('journal_mode = WAL');
            connection.pragma('synchronous = NORMAL');
            // 64 MB of page cache (SQLite's default is 2 MB): the indexes of a large table (analytics events,
            // search documents) stay in memory instead of being read again from the file on every insert
            connection.pragma('cache_size = -65536');
            cacheStatements(connection);
            done(null, connection);
          } catch (error) {
            done(error as Error, connection);
          }
        },
      },
    },
  };
};
