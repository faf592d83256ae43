/**
 * Diagnostics (plugins/diagnostics): every check passes on a healthy CMS, and each fails with the right fix when its
 * part is broken, one at a time: the database, the media folder, the search index out of step, production settings,
 * sign-ups turned off, a video segment missing from storage, a site that does not run (skipped outside production);
 * readiness (GET /api/health/ready) says 503 and names the part, nothing more; `npm run diagnose` with a wrong
 * FFMPEG_PATH prints the ffmpeg check failing with its fix and exits 1. The admin's routes (the Diagnostics page) answer
 * only an admin holding the plugin's permissions: moderators and creators are refused. GET /metrics counts what the
 * requests did (by route and status, cache hits, failed sign-ins, search latency) and shows the queue, the database
 * pool and the media folders' free disk, on this
 * machine only outside production and behind METRICS_TOKEN otherwise. The flows: the queue's round trip in process, a
 * throwaway viewer signing up, in and out through the API and leaving no account behind, a ready video played through
 * the media gateway, the built site in front of this CMS. The search engine down is in discovery-engine-down.test.ts,
 * a queue without workers (and its round trip through a worker) in transcoding-bullmq.test.ts.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startSite } from '../../support/stack';
import { hasSample, sample } from '../../support/prometheus';
import { startMailCatcher } from '../../support/mail-catcher';
import { testSecrets } from '../../support/secrets';
import { adminToken, adminUser, createCatalogFixture } from '../setup/catalog-fixture';
import { repoRoot, settleSideEffects, startTestCms, templateLocation, type TestCms } from '../setup/strapi';
import { until } from '../setup/until';
import { makeTestClip } from '../setup/test-clip';

type Result = { name: string; status: string; detail: string; fix?: string; ms: number };
type Run = { status: string; ms: number; startedAt: string; results: Result[] };
type Diagnose = {
  run(options?: { only?: string[] }): Promise<Run>;
  history(): Promise<Run[]>;
  runChecks(checks: unknown[]): Promise<Run>;
};

let cms: TestCms;
let mediaRoot: string;
const diagnose = () => cms.strapi.plugin('diagnostics').service('diagnose') as Diagnose;
/** Every check, in the order they run and print. */
const CHECK_NAMES = [
  'database',
  'storage',
  'queue',
  'queue-round-trip',
  'search',
  'mail',
  'ffmpeg',
  'disk',
  'settings',
  'site',
  'viewer',
  'playback',
];
const THROWAWAY_DOMAIN = 'framecast-diagnostics.invalid';
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
  expect(run.results.map((result) => result.name)).toEqual(CHECK_NAMES);
  const results = byName(run);
  expect(results.database).toMatchObject({ status: 'ok', detail: expect.stringMatching(/write, read and rollback/) });
  expect(results.storage).toMatchObject({ status: 'ok', detail: expect.stringContaining(mediaRoot) });
  expect(results.queue).toMatchObject({ status: 'ok', detail: 'in process: this CMS runs the encodes' });
  expect(results['queue-round-trip']).toMatchObject({
    status: 'ok',
    detail: expect.stringMatching(/^in process: a ping job was taken and answered by [\w.-]+:\d+ in \d+ ms$/),
  });
  expect(results.search!.detail).toMatch(/^embedded: answers; \d+ documents, as in the database$/);
  expect(results.search!.status).toBe('ok');
  expect(results.mail).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^outbox at .*: writable/) });
  // the absolute paths every run uses, none from a node_modules/.bin folder (npm puts them first on PATH)
  expect(results.ffmpeg).toMatchObject({
    status: 'ok',
    detail: expect.stringMatching(
      /^ffmpeg version .* \(ffmpeg \/\S+\/ffmpeg, ffprobe \/\S+\/ffprobe, nice \/\S+\/nice\); a one-second H\.264 clip/,
    ),
  });
  expect(results.ffmpeg!.detail).not.toContain('node_modules');
  expect(['ok', 'warn']).toContain(results.disk!.status);
  expect(results.settings).toMatchObject({ status: 'skip', detail: expect.stringMatching(/not production/) });
  expect(results.site).toMatchObject({ status: 'skip', detail: expect.stringMatching(/^SITE_URL is not set/) });
  expect(results.viewer).toMatchObject({
    status: 'ok',
    detail: expect.stringMatching(/^diagnostics-[0-9a-f]{16} signed up/),
  });
  // the fixture's videos have no media: nothing to play yet
  expect(results.playback).toMatchObject({ status: 'skip', detail: expect.stringMatching(/no ready public video/) });
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
    /No such check: nope\. The checks are: database, storage, queue, queue-round-trip, search, mail, ffmpeg, disk, settings, site, viewer, playback\./,
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
  // leave readiness as it was found: its failing run is answered for up to 5 s, and later tests read readiness
  const deadline = Date.now() + 15_000;
  while ((await request(cms.server).get('/api/health/ready')).status !== 200 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 250));
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

test('mail: an SMTP relay that answers passes; one that does not fails with the settings to check', async () => {
  const key = 'plugin::email.providerOptions';
  const saved = cms.strapi.config.get(key);
  const catcher = await startMailCatcher();
  try {
    const relay = { host: '127.0.0.1', port: Number(catcher.env.SMTP_PORT), secure: false, ignoreTLS: true };
    cms.strapi.config.set(key, relay);
    expect(byName(await diagnose().run({ only: ['mail'] })).mail).toMatchObject({
      status: 'ok',
      detail: `SMTP 127.0.0.1:${relay.port}: accepts a connection`,
    });
    await catcher.stop();
    const down = byName(await diagnose().run({ only: ['mail'] })).mail!;
    expect(down).toMatchObject({ status: 'fail', fix: expect.stringMatching(/Check SMTP_HOST and SMTP_PORT/) });
    expect(down.detail).toMatch(new RegExp(`^SMTP 127\\.0\\.0\\.1:${relay.port}: .*ECONNREFUSED`));
  } finally {
    cms.strapi.config.set(key, saved);
    await catcher.stop().catch(() => undefined);
  }
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

describe("the admin's Diagnostics routes", () => {
  const as = (token: string) => ({
    get: (route: string) => request(cms.server).get(route).set('Authorization', `Bearer ${token}`),
    post: (route: string, body: unknown) =>
      request(cms.server)
        .post(route)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object),
  });

  test('only an admin holding its permissions lists the checks, runs them and reads the runs', async () => {
    await adminUser(cms.strapi, 'root@fixture.test', 'strapi-super-admin');
    const root = as(await adminToken(cms, 'root@fixture.test'));
    // moderators and creators are staff of other kinds: the results name hosts, folders and settings
    for (const email of ['mod@fixture.test', 'alice@fixture.test']) {
      const other = as(await adminToken(cms, email));
      await other.get('/diagnostics/checks').expect(403);
      await other.get('/diagnostics/runs').expect(403);
      await other.post('/diagnostics/runs', { only: ['database'] }).expect(403);
    }
    await request(cms.server).get('/diagnostics/runs').expect(401);
    await request(cms.server).post('/diagnostics/runs').send({}).expect(401);
    const refusedRuns = (await diagnose().history()).length;

    const checks = await root.get('/diagnostics/checks').expect(200);
    expect(checks.headers['cache-control']).toBe('no-store');
    expect(checks.body.data.map((check: { name: string }) => check.name)).toEqual(CHECK_NAMES);
    expect(checks.body.data[0]).toEqual({ name: 'database', verifies: expect.any(String), readiness: true });

    const ran = await root.post('/diagnostics/runs', { only: ['database', 'disk'] }).expect(201);
    expect(ran.body.data).toMatchObject({
      by: 'root Fixture',
      results: [{ name: 'database', status: 'ok' }, { name: 'disk' }],
    });
    const history = await root.get('/diagnostics/runs').expect(200);
    expect(history.body.data[0]).toEqual(ran.body.data);
    expect(history.body.data.length).toBe(refusedRuns + 1);
    expect(history.body.meta).toEqual({ running: null });
  });

  test('bad input is refused naming the field; a second run while one is under way is refused with who started it', async () => {
    const root = as(await adminToken(cms, 'root@fixture.test'));
    const before = (await diagnose().history()).length;
    const refused = async (body: unknown, message: RegExp) => {
      const answer = await root.post('/diagnostics/runs', body).expect(400);
      expect(answer.body.error.message).toMatch(message);
    };
    await refused({ only: 'database' }, /`only` is a list of check names/);
    await refused({ only: [''] }, /cannot be empty/);
    await refused({ only: ['database', 'nope'] }, /No such check: nope\. The checks are: database, storage/);
    await refused({ everything: true }, /Unknown field: everything/);
    expect((await diagnose().history()).length).toBe(before);

    // the first run waits at a gate until the second has been refused: no race with the clock
    const service = diagnose();
    const realRunChecks = service.runChecks;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    service.runChecks = async (chosen) => {
      await gate;
      return realRunChecks(chosen);
    };
    try {
      const first = root.post('/diagnostics/runs', { only: ['database'] }).then((answer) => answer);
      let running = null;
      while (!running) running = (await root.get('/diagnostics/runs').expect(200)).body.meta.running;
      expect(running).toEqual({ startedAt: expect.any(String), by: 'root Fixture', checks: ['database'] });
      const second = await root.post('/diagnostics/runs', {}).expect(409);
      expect(second.body.error.message).toMatch(/^root Fixture started a run at .* \(database\); its results appear/);
      open();
      expect((await first).status).toBe(201);
    } finally {
      open();
      service.runChecks = realRunChecks;
    }
    expect((await root.get('/diagnostics/runs').expect(200)).body.meta).toEqual({ running: null });
  });
});

describe('GET /metrics', () => {
  const scrape = async () => {
    const answer = await request(cms.server).get('/metrics').expect(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.headers['cache-control']).toBe('no-store');
    return answer.text;
  };

  test('counts requests by route and status, public cache hits and misses, failed sign-ins; shows the queue and the pool', async () => {
    const before = await scrape();
    const list = '/api/videos?filters[slug][$eq]=alice-public&metrics-probe=1';
    expect((await request(cms.server).get(list).expect(200)).headers['x-cache']).toBe('MISS');
    expect((await request(cms.server).get(list).expect(200)).headers['x-cache']).toBe('HIT');
    await request(cms.server).get('/api/no-such-thing').expect(404);
    await request(cms.server)
      .post('/api/auth/local')
      .send({ identifier: 'nobody@fixture.test', password: 'wrong-password-1' })
      .expect(400);
    await request(cms.server)
      .post('/admin/login')
      .send({ email: 'alice@fixture.test', password: 'wrong-password-1' })
      .expect(400);
    await request(cms.server).get('/api/search?q=metrics-probe-words').expect(200);
    await request(cms.server).get('/api/search/suggest?q=metrics-probe').expect(200);
    const after = await scrape();
    const grew = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);

    const count = 'http_request_duration_seconds_count';
    expect(grew(count, { method: 'GET', route: '/api/videos', status: '200', service: 'cms' })).toBe(1);
    expect(grew(count, { method: 'GET', route: 'public-cache', status: '200' })).toBe(1);
    // static files and what no route answers share one series
    expect(grew(count, { method: 'GET', route: 'other', status: '404' })).toBe(1);
    expect(grew(count, { method: 'POST', route: '/api/auth/local', status: '400' })).toBe(1);
    // one series per route pattern, never per address
    expect(after).not.toContain('metrics-probe');
    expect(grew('framecast_public_cache_requests_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(grew('framecast_public_cache_requests_total', { result: 'hit' })).toBe(1);
    expect(grew('framecast_sign_in_failures_total', { who: 'viewer', reason: 'refused' })).toBe(1);
    expect(grew('framecast_sign_in_failures_total', { who: 'admin', reason: 'refused' })).toBe(1);
    for (const state of ['waiting', 'active', 'failed'])
      expect(hasSample(after, 'framecast_queue_jobs', { state, service: 'cms' })).toBe(true);
    expect(hasSample(after, 'framecast_db_pool_connections', { state: 'used', service: 'cms' })).toBe(true);
    expect(sample(after, 'framecast_db_pool_connections', { state: 'free' })).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(hasSample(after, 'nodejs_eventloop_lag_seconds', { service: 'cms' })).toBe(true);
    // search latency, by the engine that answered
    const searches = 'framecast_search_duration_seconds_count';
    expect(grew(searches, { engine: 'embedded', operation: 'search', service: 'cms' })).toBe(1);
    expect(grew(searches, { engine: 'embedded', operation: 'suggest' })).toBe(1);
    // free space of the folders media lands in (the media root here: local storage)
    for (const folder of ['media', 'uploads', 'encodes']) {
      expect(sample(after, 'framecast_disk_size_bytes', { folder, service: 'cms' })).toBeGreaterThan(0);
      expect(sample(after, 'framecast_disk_free_bytes', { folder })).toBeLessThanOrEqual(
        sample(after, 'framecast_disk_size_bytes', { folder }),
      );
    }
  });

  test('in production only the METRICS_TOKEN opens them; without a token, nobody', async () => {
    const settings = 'plugin::diagnostics';
    const saved = cms.strapi.config.get(settings) as Record<string, unknown>;
    const token = 'a-long-metrics-token-for-tests';
    try {
      cms.strapi.config.set(settings, { ...saved, production: true, metricsToken: null });
      const off = await request(cms.server).get('/metrics').expect(403);
      expect(off.body.error.message).toBe('Metrics are off in production until METRICS_TOKEN is set.');
      expect(off.text).not.toContain('http_request_duration_seconds');

      cms.strapi.config.set(settings, { ...saved, production: true, metricsToken: token });
      expect((await request(cms.server).get('/metrics').expect(401)).body.error.message).toMatch(
        /Bearer <METRICS_TOKEN>/,
      );
      await request(cms.server).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
      await request(cms.server).get('/metrics').set('Authorization', token).expect(401);
      const open = await request(cms.server).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
      expect(open.text).toContain('http_request_duration_seconds_bucket');
    } finally {
      cms.strapi.config.set(settings, saved);
    }
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Throwaway viewers the viewer check made and left in the database (there should be none). */
const throwaways = () =>
  cms.strapi.db
    .query('plugin::users-permissions.user')
    .count({ where: { email: { $endsWith: `@${THROWAWAY_DOMAIN}` } } }) as Promise<number>;

describe('the flows a viewer takes', () => {
  test('the queue round trip is skipped in process when this CMS takes no jobs (TRANSCODE_JOBS=off)', async () => {
    const key = 'plugin::transcoding';
    const saved = cms.strapi.config.get(key) as Record<string, unknown>;
    try {
      cms.strapi.config.set(key, { ...saved, processJobs: false });
      expect(byName(await diagnose().run({ only: ['queue-round-trip'] }))['queue-round-trip']).toMatchObject({
        status: 'skip',
        detail: expect.stringMatching(/^in process, and this CMS takes no jobs \(TRANSCODE_JOBS=off/),
      });
    } finally {
      cms.strapi.config.set(key, saved);
    }
  });

  test('a throwaway viewer signs up, in and out and is deleted: no account stays, its audit entries do', async () => {
    const outbox = path.resolve(cms.strapi.dirs.app.root, '.tmp', 'outbox');
    const mailsBefore = existsSync(outbox) ? readdirSync(outbox).filter((name) => name.includes(THROWAWAY_DOMAIN)) : [];
    const result = byName(await diagnose().run({ only: ['viewer'] })).viewer!;
    expect(result).toMatchObject({ status: 'ok' });
    const [, username] =
      /^(diagnostics-[0-9a-f]{16}) signed up, confirmed, signed in \(\d+ ms\) and out \(its token then refused\), and deleted itself, through its app on 127\.0\.0\.1:\d+ \(it does not listen\)$/.exec(
        result.detail,
      )!;
    expect(await throwaways()).toBe(0);
    // the trail keeps what happened, marked as the check's
    const entries = (await cms.strapi.db
      .query('plugin::accounts.audit-entry')
      .findMany({ where: { username }, orderBy: { id: 'asc' } })) as Array<{ event: string; userAgent: string }>;
    expect(entries.map((entry) => entry.event)).toEqual([
      'registered',
      'email-confirmed',
      'sign-in',
      'sign-out',
      'sign-in',
      'account-deleted',
    ]);
    for (const entry of entries) expect(entry.userAgent).toMatch(/^Framecast-Diagnostics\//);
    // a .invalid address receives no mail: none was written to the outbox
    const mailsAfter = existsSync(outbox) ? readdirSync(outbox).filter((name) => name.includes(THROWAWAY_DOMAIN)) : [];
    expect(mailsAfter).toEqual(mailsBefore);
  });

  test('sign-ups turned off fail the viewer check with the setting to change; a throwaway left behind is removed', async () => {
    const store = cms.strapi.store({ type: 'plugin', name: 'users-permissions' });
    const advanced = (await store.get({ key: 'advanced' })) as Record<string, unknown>;
    // what a crashed run would leave: a throwaway from long ago
    const role = (await cms.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } })) as { id: number };
    const left = (await cms.strapi.db.query('plugin::users-permissions.user').create({
      data: {
        username: 'diagnostics-0000000000000000',
        email: `diagnostics-0000000000000000@${THROWAWAY_DOMAIN}`,
        provider: 'local',
        confirmed: true,
        role: role.id,
        createdAt: new Date(Date.now() - 3_600_000),
      },
    })) as { id: number };
    try {
      await store.set({ key: 'advanced', value: { ...advanced, allow_register: false } });
      const result = byName(await diagnose().run({ only: ['viewer'] })).viewer!;
      expect(result).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(
          /^sign-up \(POST \/api\/auth\/local\/register\): 400 "Register action is currently disabled"/,
        ),
        fix: expect.stringMatching(/turn on "Enable sign-ups" in the admin/),
      });
      expect(result.detail).toMatch(/\(and 1 left by an earlier run removed\)$/);
      expect(
        await cms.strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: left.id } }),
      ).toBeNull();
      expect(await throwaways()).toBe(0);
    } finally {
      await store.set({ key: 'advanced', value: advanced });
    }
    expect(byName(await diagnose().run({ only: ['viewer'] })).viewer!.status).toBe('ok');
  });

  describe('playback', () => {
    let documentId = '';

    beforeAll(async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'framecast-diagnostics-clip-'));
      try {
        const clipPath = path.join(dir, 'clip.mp4');
        // the settings transcoding.test.ts encodes: a 3 s clip with sound, 240p and 360p renditions
        const clip = makeTestClip(clipPath);
        const token = await adminToken(cms, 'alice@fixture.test');
        const ticket = (
          await request(cms.server)
            .post('/transcoding/upload-tickets')
            .set('Authorization', `Bearer ${token}`)
            .expect(200)
        ).body.ticket as string;
        const tus = { 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': ticket };
        const created = await request(cms.server)
          .post('/transcoding/tus')
          .set({
            ...tus,
            'Upload-Length': String(clip.length),
            'Upload-Metadata': `filename ${Buffer.from('Diagnostics clip.mp4').toString('base64')}`,
          })
          .expect(201);
        const done = await request(cms.server)
          .patch(created.headers.location as string)
          .set({ ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' })
          .send(clip)
          .expect(204);
        documentId = done.headers['framecast-video'] as string;
        const status = async () =>
          (
            (await cms.strapi.db
              .query('api::video.video')
              .findOne({ where: { documentId }, select: ['processingStatus'] })) as { processingStatus: string }
          ).processingStatus;
        await until('the clip to be transcoded', async () => ['ready', 'failed'].includes(await status()), 120_000);
        expect(await status()).toBe('ready');
        await cms.strapi
          .documents('api::video.video')
          .update({ documentId, data: { slug: 'diagnostics-clip', visibility: 'public' } as never });
        await cms.strapi.documents('api::video.video').publish({ documentId });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 150_000);

    test('a ready public video plays through the gateway: master playlist, lowest rendition, first segment', async () => {
      const result = byName(await diagnose().run({ only: ['playback'] })).playback!;
      expect(result).toMatchObject({ status: 'ok' });
      expect(result.detail).toMatch(
        /^"Diagnostics clip": master playlist \(\d+ ms\), lowest rendition at \d+ kb\/s \(\d+ ms\), first segment \d+ KiB of MPEG-TS \(\d+ ms\) through the gateway$/,
      );
    });

    test('a segment missing from storage fails the check, with where media is read from and how to restore it', async () => {
      const video = await cms.strapi.db
        .query('api::video.video')
        .findOne({ where: { documentId }, select: ['playbackAssets'] });
      const segment = path.join(mediaRoot, video.playbackAssets.prefix, '240p', 'seg_0000.ts');
      renameSync(segment, `${segment}.away`);
      try {
        const result = byName(await diagnose().run({ only: ['playback'] })).playback!;
        expect(result).toMatchObject({
          status: 'fail',
          detail: expect.stringMatching(
            /^"Diagnostics clip": the first segment \/media\/videos\/\w+\/[\w-]+\/240p\/seg_0000\.ts answered 404$/,
          ),
          fix: expect.stringMatching(/MEDIA_ROOT .*`npm run restore`/),
        });
      } finally {
        renameSync(`${segment}.away`, segment);
      }
      expect(byName(await diagnose().run({ only: ['playback'] })).playback!.status).toBe('ok');
    });
  });

  // the built site in front of this CMS: one database is enough
  (process.env.FRAMECAST_TEST_DB_KIND === 'sqlite' ? test : test.skip)(
    'the site: ok when it runs in front of this CMS; not running, skipped outside production and failed in it',
    async () => {
      const settings = 'plugin::diagnostics';
      const saved = cms.strapi.config.get(settings) as Record<string, unknown>;
      const server = (cms.server as Server).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const cmsPort = (server.address() as net.AddressInfo).port;
      let site: Awaited<ReturnType<typeof startSite>> | null = null;
      try {
        site = await startSite({
          cmsUrl: `http://127.0.0.1:${cmsPort}`,
          sitePort: await freePort(),
          env: { LOG_LEVEL: 'error', METRICS_TOKEN: '' },
        });
        cms.strapi.config.set(settings, { ...saved, siteUrl: site.siteUrl });
        const running = byName(await diagnose().run({ only: ['site', 'viewer'] }));
        expect(running.site).toMatchObject({
          status: 'ok',
          detail: expect.stringMatching(
            /^http:\/\/127\.0\.0\.1:\d+: ready, the CMS reached \(\d+ ms\); the home page rendered \(\d+ ms, \d+ KiB\)$/,
          ),
        });
        // a CMS that listens is asked on its own port
        expect(running.viewer).toMatchObject({
          status: 'ok',
          detail: expect.stringContaining(`through its port, 127.0.0.1:${cmsPort}`),
        });
        expect(await throwaways()).toBe(0);

        await site.stop();
        site = null;
        const stopped = byName(await diagnose().run({ only: ['site'] })).site!;
        expect(stopped).toMatchObject({
          status: 'skip',
          detail: expect.stringMatching(
            /^no site answers at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): start it with `npm start`$/,
          ),
        });
        cms.strapi.config.set(settings, { ...(cms.strapi.config.get(settings) as object), production: true });
        const production = byName(await diagnose().run({ only: ['site'] })).site!;
        expect(production).toMatchObject({
          status: 'fail',
          detail: expect.stringMatching(/^no site answers at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/),
          fix: expect.stringMatching(/^Start the site/),
        });
      } finally {
        cms.strapi.config.set(settings, saved);
        await site?.stop();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
    120_000,
  );
});

// the command boots a CMS of its own on a SQLite file: once is enough
const onSqlite = process.env.FRAMECAST_TEST_DB_KIND === 'sqlite' ? test : test.skip;
/** A loopback port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

onSqlite(
  '`npm run diagnose` with a wrong FFMPEG_PATH prints the ffmpeg check failing with its fix, and exits 1; with no database server, the database check fails with its fix',
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'framecast-diagnose-cli-'));
    mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
    // the run's template database (made when this file's CMS started): the command's CMS boots on tables in sync
    // instead of creating them
    copyFileSync(templateLocation('sqlite').name, path.join(dir, 'cms.db'));
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
    // a guard against a hung command, not a speed check: each boots a CMS, which a loaded 2-core machine takes minutes on
    const diagnoseCommand = (...args: string[]) =>
      spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, env, encoding: 'utf8', timeout: 300_000 });
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
      let parsed: unknown;
      try {
        parsed = JSON.parse(json.stdout);
      } catch {
        throw new Error(`--json printed what is not JSON:\n${json.stdout}\n(stderr:)\n${json.stderr}`);
      }
      expect(parsed).toMatchObject({ status: 'fail', results: [{ name: 'ffmpeg', status: 'fail' }] });

      const unknown = diagnoseCommand('--only', 'nope');
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toMatch(/No such check: nope/);

      // no database server where the settings point: the CMS cannot boot, and the command says so as the database
      // check would, with its fix, instead of a bare boot error
      const noDatabase = spawnSync(process.execPath, [script, '--only', 'database,ffmpeg'], {
        cwd: repoRoot,
        env: { ...env, FRAMECAST_TEST_DATABASE_URL: `postgres://framecast@127.0.0.1:${await closedPort()}/framecast` },
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(noDatabase.status).toBe(1);
      expect(noDatabase.stdout).toMatch(/^ {2}FAIL {2}database .*ECONNREFUSED/m);
      expect(noDatabase.stdout).toMatch(/^ {2}skip {2}ffmpeg .*not run: the CMS cannot boot without its database/m);
      expect(noDatabase.stdout).toMatch(/To fix:\n {2}database: Check that the database server runs/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  960_000,
);
