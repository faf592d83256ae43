/**
 * Diagnostics (plugins/diagnostics): every check passes on a healthy CMS, and each fails with the right fix when its
 * part is broken, one at a time: the database, the media folder, the search index out of step, production settings;
 * readiness (GET /api/health/ready) says 503 and names the part, nothing more; `npm run diagnose` with a wrong
 * FFMPEG_PATH prints the ffmpeg check failing with its fix and exits 1. The search engine down is in
 * discovery-engine-down.test.ts, a queue without workers in transcoding-bullmq.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { testSecrets } from '../../support/secrets';
import { createCatalogFixture } from '../setup/catalog-fixture';
import { repoRoot, settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';

type Result = { name: string; status: string; detail: string; fix?: string; ms: number };
type Run = { status: string; ms: number; startedAt: string; results: Result[] };
type Diagnose = {
  run(options?: { only?: string[] }): Promise<Run>;
  history(): Promise<Run[]>;
};

let cms: TestCms;
let mediaRoot: string;
const diagnose = () => cms.strapi.plugin('diagnostics').service('diagnose') as Diagnose;
const byName = (run: Run) => Object.fromEntries(run.results.map((result) => [result.name, result]));

beforeAll(async () => {
  mediaRoot = mkdtempSync(path.join(tmpdir(), 'framecast-diagnostics-media-'));
  process.env.MEDIA_ROOT = mediaRoot;
  cms = await startTestCms();
  await createCatalogFixture(cms.strapi);
  await settleSideEffects(cms.strapi);
});
afterAll(async () => {
  delete process.env.MEDIA_ROOT;
  await cms?.stop();
  rmSync(mediaRoot, { recursive: true, force: true });
});

test('a healthy CMS passes every check, in order, each saying what it found', async () => {
  const run = await diagnose().run();
  expect(run.results.map((result) => result.name)).toEqual([
    'database',
    'storage',
    'queue',
    'search',
    'ffmpeg',
    'disk',
    'settings',
  ]);
  const results = byName(run);
  expect(results.database).toMatchObject({ status: 'ok', detail: expect.stringMatching(/write, read and rollback/) });
  expect(results.storage).toMatchObject({ status: 'ok', detail: expect.stringContaining(mediaRoot) });
  expect(results.queue).toMatchObject({ status: 'ok', detail: 'in process: this CMS runs the encodes' });
  expect(results.search!.detail).toMatch(/^embedded: answers; \d+ documents, as in the database$/);
  expect(results.search!.status).toBe('ok');
  expect(results.ffmpeg).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^ffmpeg version .*one-second/) });
  expect(['ok', 'warn']).toContain(results.disk!.status);
  expect(results.settings).toMatchObject({ status: 'skip', detail: expect.stringMatching(/not production/) });
  expect(run.status).not.toBe('fail');
  for (const result of run.results) expect(result.ms).toBeGreaterThanOrEqual(0);
  // the probe object is gone from storage, and the probe row from the database
  expect(
    await cms.strapi.db.connection('strapi_core_store_settings').where('key', 'like', 'framecast_diagnostics_%'),
  ).toEqual([]);

  const ready = await request(cms.server).get('/api/health/ready');
  expect(ready.status).toBe(200);
  expect(ready.headers['cache-control']).toBe('no-store');
  // never served from the public response cache: a flip to 503 must reach the load balancer at once
  expect(ready.headers['x-cache']).toBeUndefined();
  expect(ready.body).toEqual({
    status: 'ready',
    checks: { database: 'ok', storage: 'ok', queue: 'ok', search: 'ok' },
  });
});

test('runs are kept, newest first; an unknown check is refused with the list of checks', async () => {
  const before = (await diagnose().history()).length;
  const run = await diagnose().run({ only: ['database'] });
  const history = await diagnose().history();
  expect(history.length).toBe(Math.min(before + 1, 20));
  expect(history[0]).toEqual(run);
  await expect(diagnose().run({ only: ['database', 'nope'] })).rejects.toThrow(
    /No such check: nope\. The checks are: database, storage, queue, search, ffmpeg, disk, settings\./,
  );
});

test('a database that does not answer fails the database check, and readiness', async () => {
  const db = cms.strapi.db as unknown as { connection: object };
  const real = db.connection;
  db.connection = new Proxy(real, {
    apply: () => {
      throw new Error('password authentication failed for user "framecast"');
    },
    get: (target, property) =>
      property === 'transaction'
        ? () => Promise.reject(new Error('password authentication failed for user "framecast"'))
        : Reflect.get(target, property),
  });
  try {
    const results = byName(await diagnose().run({ only: ['database'] }));
    expect(results.database).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/password authentication failed/),
      fix: expect.stringMatching(/DATABASE_URL/),
    });
    // readiness answers from checks at most 5 s old: wait for a fresh run to see the failure
    let ready = await request(cms.server).get('/api/health/ready');
    const deadline = Date.now() + 15_000;
    while (ready.status !== 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      ready = await request(cms.server).get('/api/health/ready');
    }
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'not-ready', checks: { database: 'fail' } });
    expect(JSON.stringify(ready.body)).not.toMatch(/password|framecast"/);
  } finally {
    db.connection = real;
  }
});

test('a media folder that cannot be written fails the storage check, naming the folder to fix', async () => {
  // root ignores file modes, so the folder is replaced by a file: nothing can be written below it
  const moved = `${mediaRoot}-moved`;
  renameSync(mediaRoot, moved);
  writeFileSync(mediaRoot, 'not a folder');
  try {
    const results = byName(await diagnose().run({ only: ['storage'] }));
    expect(results.storage).toMatchObject({ status: 'fail', fix: expect.stringContaining(mediaRoot) });
    expect(results.storage!.fix).toMatch(/MEDIA_ROOT/);
  } finally {
    rmSync(mediaRoot, { force: true });
    renameSync(moved, mediaRoot);
  }
  expect(byName(await diagnose().run({ only: ['storage'] })).storage!.status).toBe('ok');
});

test('an index that lost a document fails the search check, with the reindex command', async () => {
  const engine = (
    cms.strapi.plugin('discovery').service('engine') as { engine: { remove(ids: string[]): Promise<void> } }
  ).engine;
  const video = await cms.strapi.db
    .query('api::video.video')
    .findOne({ where: { slug: 'alice-public', publishedAt: { $notNull: true } } });
  await engine.remove([video.documentId]);
  const results = byName(await diagnose().run({ only: ['search'] }));
  expect(results.search).toMatchObject({
    status: 'fail',
    detail: expect.stringMatching(/^embedded: (\d+) documents in the index, (\d+) videos in the database$/),
    fix: expect.stringContaining('npm run reindex'),
  });
  const [, indexed, indexable] = /(\d+) documents in the index, (\d+) videos/.exec(results.search!.detail)!;
  expect(Number(indexed)).toBe(Number(indexable) - 1);
  await (cms.strapi.plugin('discovery').service('indexer') as { reindex(): Promise<unknown> }).reindex();
  expect(byName(await diagnose().run({ only: ['search'] })).search!.status).toBe('ok');
});

test('production settings: example secrets, plain HTTP and no trusted proxies each fail with their fix', async () => {
  const settings = 'plugin::diagnostics';
  const saved = cms.strapi.config.get(settings) as Record<string, unknown>;
  const savedSecret = cms.strapi.config.get('admin.auth.secret');
  try {
    cms.strapi.config.set(settings, { ...saved, production: true, siteUrl: 'http://example.org', publicUrl: null });
    cms.strapi.config.set('admin.auth.secret', 'change-me');
    let result = byName(await diagnose().run({ only: ['settings'] })).settings!;
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('example or short secrets: ADMIN_JWT_SECRET');
    expect(result.detail).toContain('not HTTPS: SITE_URL=http://example.org, PUBLIC_URL=(unset)');
    expect(result.detail).toContain('TRUSTED_PROXIES is empty');
    expect(result.fix).toMatch(/Set ADMIN_JWT_SECRET to random values/);

    cms.strapi.config.set('admin.auth.secret', savedSecret);
    cms.strapi.config.set(settings, {
      ...saved,
      production: true,
      siteUrl: 'https://videos.example.org',
      publicUrl: 'https://cms.example.org',
      trustedProxies: '10.0.0.2',
    });
    result = byName(await diagnose().run({ only: ['settings'] })).settings!;
    expect(result).toMatchObject({ status: 'ok' });
  } finally {
    cms.strapi.config.set(settings, saved);
    cms.strapi.config.set('admin.auth.secret', savedSecret);
  }
});

// the command boots a CMS of its own on a SQLite file: once is enough
const onSqlite = process.env.FRAMECAST_TEST_DB_KIND === 'sqlite' ? test : test.skip;
onSqlite(
  '`npm run diagnose` with a wrong FFMPEG_PATH prints the ffmpeg check failing with its fix, and exits 1',
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'framecast-diagnose-cli-'));
    mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...testSecrets(),
      NODE_ENV: 'test',
      STRAPI_TELEMETRY_DISABLED: 'true',
      FRAMECAST_TEST_DATABASE_FILENAME: path.join(dir, 'cms.db'),
      PUBLIC_DIR: path.join(dir, 'public'),
      MEDIA_ROOT: path.join(dir, 'media'),
      FFMPEG_PATH: '/wrong/ffmpeg',
    };
    const script = path.join(repoRoot, 'scripts', 'tasks', 'diagnose.mjs');
    const diagnoseCommand = (...args: string[]) =>
      spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, env, encoding: 'utf8', timeout: 150_000 });
    try {
      const printed = diagnoseCommand('--only', 'ffmpeg,database');
      expect(printed.status).toBe(1);
      expect(printed.stdout).toMatch(/^ {2}FAIL {2}ffmpeg {3}\s*\d+\.\d\d s {2}ffmpeg at \/wrong\/ffmpeg: /m);
      expect(printed.stdout).toMatch(/^ {2}ok {4}database /m);
      expect(printed.stdout).toMatch(
        /To fix:\n {2}ffmpeg: Install ffmpeg .* or set FFMPEG_PATH .*"\/wrong\/ffmpeg" does not run\./,
      );
      expect(printed.stdout).toMatch(/1 ok, 0 warnings, 1 failed in \d+\.\d s/);

      const json = diagnoseCommand('--only=ffmpeg', '--json');
      expect(json.status).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ status: 'fail', results: [{ name: 'ffmpeg', status: 'fail' }] });

      const unknown = diagnoseCommand('--only', 'nope');
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toMatch(/No such check: nope/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  300_000,
);
