/**
 * A real Strapi for one test file: the compiled CMS on a fresh database (SQLite in memory, or a new
 * PostgreSQL database created for this file and dropped after it) and a public folder of its own (media-library
 * uploads: test files run two at a time, and one file's uploads must not show in another's), HTTP handled in-process
 * by supertest.
 *
 * Every file's database starts as a copy of one template per run and kind, made by the first file that needs it: a
 * Strapi booted once on an empty database (schema created, every bootstrap run) and stopped. A fresh database spends
 * most of a boot creating its tables and seeding roles and permissions (a boot took 8-11 s on a loaded 2-core machine,
 * 4 s on a copy); a copy is already in sync, and every bootstrap still runs on it, with this file's settings.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { testSecrets } from '../../support/secrets';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { createDatabase, databaseUrl, dropDatabase } from './postgres-server';
import { until } from './until';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cmsDir = path.join(repoRoot, 'cms');
// the environment before a test file sets its own (this module is imported first): the template boots with it
const baselineEnv = { ...process.env };

export type TestCms = {
  strapi: Core.Strapi;
  /** The Node http server to hand to supertest. */
  server: Parameters<typeof import('supertest')>[0];
  database: 'sqlite' | 'postgres';
  /** Strapi's public folder for this file (`<publicDir>/uploads` holds the media library's files). */
  publicDir: string;
  stop: () => Promise<void>;
};

/**
 * A database and public folder a test made itself (a restore drill's target), instead of fresh copies of the template.
 * The test CMS takes them over: `stop()` removes them like its own (a SQLite file's whole folder, a PostgreSQL database).
 */
export type ExistingInstance = {
  /** SQLite: the file; PostgreSQL: the database's name on this run's server. */
  database: { sqliteFile: string } | { postgresName: string };
  publicDir: string;
};

export async function startTestCms(existing?: ExistingInstance): Promise<TestCms> {
  const database = process.env.FRAMECAST_TEST_DB_KIND === 'postgres' ? 'postgres' : 'sqlite';
  const publicDir = existing?.publicDir ?? mkdtempSync(path.join(tmpdir(), 'framecast-test-public-'));
  mkdirSync(path.join(publicDir, 'uploads'), { recursive: true });
  Object.assign(process.env, testSecrets(), {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'false',
    PUBLIC_DIR: publicDir,
  });

  let databaseName: string | undefined;
  let sqliteFile: string | undefined;
  const pgServer = process.env.FRAMECAST_TEST_PG_SERVER;
  if (database === 'postgres' && !pgServer)
    throw new Error('FRAMECAST_TEST_PG_SERVER is not set: the jest globalSetup did not run');
  if (existing && 'postgresName' in existing.database) {
    databaseName = existing.database.postgresName;
    process.env.FRAMECAST_TEST_DATABASE_URL = databaseUrl(pgServer!, databaseName);
  } else if (existing && 'sqliteFile' in existing.database) {
    delete process.env.FRAMECAST_TEST_DATABASE_URL;
    sqliteFile = existing.database.sqliteFile;
    process.env.FRAMECAST_TEST_DATABASE_FILENAME = sqliteFile;
  } else if (database === 'postgres') {
    const template = await databaseTemplate(database, publicDir);
    databaseName =
      `framecast_test_${process.env.FRAMECAST_TEST_RUN_ID ?? 'x'}_${randomBytes(4).toString('hex')}`.toLowerCase();
    process.env.FRAMECAST_TEST_DATABASE_URL = await createDatabase(pgServer!, databaseName, template);
  } else {
    const template = await databaseTemplate(database, publicDir);
    // Strapi resolves the SQLite filename as a path, so ':memory:' would become a file: use a fresh temp file
    delete process.env.FRAMECAST_TEST_DATABASE_URL;
    sqliteFile = path.join(mkdtempSync(path.join(tmpdir(), 'framecast-test-')), 'cms.db');
    copyFileSync(template, sqliteFile);
    process.env.FRAMECAST_TEST_DATABASE_FILENAME = sqliteFile;
  }

  const strapi = await bootStrapi();

  return {
    strapi,
    server: strapi.server.httpServer,
    database,
    publicDir,
    async stop() {
      // Strapi emits entry events after a commit without awaiting them (each runs a query): let the ones still in
      // flight finish before the pool closes, or they fail later, outside any test
      await poolIdle(strapi);
      await strapi.destroy();
      if (databaseName && pgServer) await dropDatabase(pgServer, databaseName);
      if (sqliteFile) rmSync(path.dirname(sqliteFile), { recursive: true, force: true });
      rmSync(publicDir, { recursive: true, force: true });
    },
  };
}

type KnexPool = { numUsed(): number; numPendingAcquires(): number; numPendingCreates(): number };

async function poolIdle(strapi: Core.Strapi, timeoutMs = 20_000): Promise<void> {
  const pool = (strapi.db?.connection as unknown as { client?: { pool?: KnexPool } } | undefined)?.client?.pool;
  if (!pool) return;
  const busy = () => pool.numUsed() + pool.numPendingAcquires() + pool.numPendingCreates();
  const deadline = Date.now() + timeoutMs;
  let quietPolls = 0;
  while (quietPolls < 3) {
    if (Date.now() > deadline) {
      process.stderr.write(
        `[test cms] database pool still busy at shutdown after ${timeoutMs} ms: ${pool.numUsed()} used, ${pool.numPendingAcquires()} waiting\n`,
      );
      return;
    }
    quietPolls = busy() === 0 ? quietPolls + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Waits until every source handed to the pipeline reached the runner and the queue has nothing waiting, delayed or active. Fixtures that create videos with a
 * source start real jobs; a test that depends on nothing being written meanwhile (the public cache) waits for them.
 */
export async function settleTranscoding(strapi: TestCms['strapi'], timeoutMs = 60_000): Promise<void> {
  type Counts = Record<'waiting' | 'delayed' | 'active', number>;
  const pipeline = strapi.plugin('transcoding').service('pipeline') as {
    handoffsSettled(): Promise<void>;
    listJobs(states: string[]): Promise<{ counts: Counts }>;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await pipeline.handoffsSettled();
    const { counts } = await pipeline.listJobs(['waiting', 'delayed', 'active']);
    if (counts.waiting + counts.delayed + counts.active === 0) return;
    if (Date.now() > deadline)
      throw new Error(`transcoding jobs still pending after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits for the work a write sets off to finish: transcoding jobs, then the search index updates they and the fixture
 * scheduled (each index update empties the public response cache), then the community's announcements.
 */
export async function settleSideEffects(strapi: TestCms['strapi']): Promise<void> {
  await settleTranscoding(strapi);
  await (strapi.plugin('discovery').service('indexer') as { settled(): Promise<void> }).settled();
  await (strapi.plugin('community').service('after-writes') as { settled(): Promise<void> }).settled();
}

async function bootStrapi(): Promise<Core.Strapi> {
  const { createStrapi } = require(require.resolve('@strapi/strapi', { paths: [cmsDir] }));
  const strapi: Core.Strapi = createStrapi({
    appDir: cmsDir,
    distDir: path.join(cmsDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  });
  strapi.log.level = 'error';
  await strapi.load();
  await strapi.server.mount();
  return strapi;
}

/**
 * This run's template database of a kind (SQLite: a file; PostgreSQL: a database's name), made once: the first caller
 * takes a lock (a directory only one process can create), boots a Strapi on an empty database, stops it and says it is
 * ready; every other caller waits for that, however long a loaded machine takes. globalTeardown removes them.
 */
async function databaseTemplate(kind: 'sqlite' | 'postgres', publicDir: string): Promise<string> {
  const { dir, name } = templateLocation(kind);
  const ready = path.join(dir, 'ready');
  const failed = path.join(dir, 'failed');
  try {
    mkdirSync(dir);
  } catch {
    await until(`the ${kind} template database (${dir})`, async () => existsSync(ready) || existsSync(failed), 240_000);
    if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
    return name;
  }
  const templateEnv: NodeJS.ProcessEnv = {
    ...baselineEnv,
    ...testSecrets(),
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'false',
    PUBLIC_DIR: publicDir,
  };
  if (kind === 'postgres') {
    templateEnv.FRAMECAST_TEST_DATABASE_URL = await createDatabase(process.env.FRAMECAST_TEST_PG_SERVER!, name);
  } else {
    delete templateEnv.FRAMECAST_TEST_DATABASE_URL;
    templateEnv.FRAMECAST_TEST_DATABASE_FILENAME = name;
  }
  // the template is the same whichever file makes it: the environment before that file set its own (queues, storage,
  // limits); its own process, see template-database-child.js
  const child = spawnSync(process.execPath, [path.join(__dirname, 'template-database-child.js')], {
    env: templateEnv,
    encoding: 'utf8',
  });
  if (child.status !== 0) {
    const message = `making the ${kind} template database failed (exit ${child.status}):\n${child.stderr}`;
    writeFileSync(failed, message);
    throw new Error(message);
  }
  writeFileSync(ready, new Date().toISOString());
  return name;
}

export function templateLocation(kind: 'sqlite' | 'postgres'): { dir: string; name: string } {
  const runId = (process.env.FRAMECAST_TEST_RUN_ID ?? 'x').toLowerCase();
  const dir = path.join(tmpdir(), `framecast-test-template-${runId}-${kind}`);
  return { dir, name: kind === 'postgres' ? `framecast_template_${runId}` : path.join(dir, 'cms.db') };
}
