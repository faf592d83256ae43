/**
 * Creator analytics speed, on a synthetic history of 2,000,000 playback events across 1,000 videos and 50 channels
 * (90 days), all in one run against a real Strapi on SQLite:
 * - `ingest_events_per_s`: beacons of 50 events each (one session: start, 48 heartbeats, end, each from its own
 *   address and session) POSTed to /api/analytics/events through the real HTTP path at 16 connections, as fast as
 *   they go; then the CMS's public list (`/api/videos`, 24 per page, past the cache) p95 while beacons arrive at the
 *   bar's rate (3,000 events/s), against idle (`list_p95_ratio`);
 * - `rollup_s`: one rollup run over 1,000,000 raw events (the first half of the history, 45 days);
 * - `dashboard_p95_ms`: a creator's 28-day channel overview (GET /analytics/overview, admin JWT), one creator at a
 *   time (and at 4 connections); `admin_floor_p95_ms`: the plugin's cheapest admin route, authentication only;
 * - `video_page_p95_ms`: one video's 90 days (retention, sources, quality) the same way;
 * - `retention_max_error_pct`: the retention curve the reports give for 2,000 synthetic viewers with known watched
 *   ranges (seeks, partial, replays, parallel tabs), against the curve computed here from those ranges.
 * The load generator (autocannon) runs in the same process as the CMS, as in the search bench: the figures are what
 * one 2-core box gives. Only the 20 videos of the creator measured exist as documents: the other 980 exist in events
 * and aggregates only (dashboards read aggregates, never video rows, except for titles). Prints `name=value` lines.
 * Run with `npm run bench -- analytics`. `BENCH_EVENTS` sets a smaller history for a quick look (the figures are
 * only comparable at the default); `BENCH_PROFILE=/tmp/ingest.cpuprofile` writes a CPU profile of the ingest phase
 * (open it in Chromium's DevTools, Performance panel).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRAFFIC_SOURCES } from '@framecast/contracts';
import { testSecrets } from '../support/secrets.ts';

const require = createRequire(import.meta.url);
const root = process.cwd();
const cmsDir = path.join(root, 'cms');
const autocannon = require('autocannon') as (options: object) => Promise<AutocannonResult> & {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
};
type AutocannonResult = {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  duration: number;
};

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000_000);
const VIDEOS = 1000;
const CHANNELS = 50;
const DAYS = 90;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const DAY_MS = 86_400_000;
const VIDEO_SECONDS = 600;

let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const int = (n: number) => Math.floor(random() * n);
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const SOURCES = TRAFFIC_SOURCES;
const BROWSERS = ['Chrome', 'Firefox', 'Safari', 'Edge', 'Mobile Safari'];
const DEVICES = ['desktop', 'mobile', 'tablet'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'CA'];

// ---- a real Strapi on SQLite --------------------------------------------------------------------------------
const dataDir = mkdtempSync(path.join(tmpdir(), 'framecast-bench-analytics-'));
Object.assign(process.env, testSecrets(), {
  NODE_ENV: 'test',
  STRAPI_TELEMETRY_DISABLED: 'true',
  FRAMECAST_TEST_DATABASE_FILENAME: path.join(dataDir, 'cms.db'),
  // the rollup runs when this bench says, not on its timer
  ANALYTICS_ROLLUP_SECONDS: '86400',
  ANALYTICS_RAW_RETENTION_DAYS: '3650',
});
for (const name of ['MEILI_HOST', 'FRAMECAST_TEST_DATABASE_URL', 'REDIS_URL']) delete process.env[name];
mkdirSync(path.join(root, 'public', 'uploads'), { recursive: true });
const { compileStrapi, createStrapi } = require(require.resolve('@strapi/strapi', { paths: [cmsDir] }));
await compileStrapi({ appDir: cmsDir, ignoreDiagnostics: true });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const strapi: any = createStrapi({
  appDir: cmsDir,
  distDir: path.join(cmsDir, 'dist'),
  autoReload: false,
  serveAdminPanel: false,
});
strapi.log.level = 'error';
await strapi.load();

try {
  // the creator measured: an admin user with the Creator role owning channel 0, and its 20 videos, published
  const PASSWORD = 'Bench-password-1';
  const role = await strapi.db.query('admin::role').findOne({ where: { code: 'framecast-creator' } });
  const user = await strapi.service('admin::user').create({
    email: 'creator@bench.test',
    firstname: 'Bench',
    lastname: 'Creator',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  const channels: string[] = [];
  for (let c = 0; c < CHANNELS; c += 1) {
    const creator = await strapi.documents('api::creator.creator').create({
      data: { handle: `bench-${c}`, displayName: `Bench channel ${c}`, ...(c === 0 ? { owner: user.id } : {}) },
    });
    channels.push(creator.documentId);
  }
  const videos: Array<{ id: string; channel: string }> = [];
  for (let v = 0; v < VIDEOS; v += 1) {
    const channel = channels[v % CHANNELS]!;
    if (v % CHANNELS === 0) {
      const video = await strapi.documents('api::video.video').create({
        data: {
          title: `Bench video ${v}`,
          slug: `bench-video-${v}`,
          processingStatus: 'ready',
          visibility: 'public',
          moderationState: 'approved',
          duration: VIDEO_SECONDS,
          creator: channel,
        },
        status: 'published',
      });
      videos.push({ id: video.documentId, channel });
    } else videos.push({ id: `synthetic${String(v).padStart(15, '0')}`, channel });
  }
  const own = videos.filter((video) => video.channel === channels[0]);
  // the retention check's video: no history, no ingest load, only its synthetic viewers
  const truthVideo = (
    await strapi.documents('api::video.video').create({
      data: {
        title: 'Bench retention truth',
        slug: 'bench-retention-truth',
        processingStatus: 'ready',
        visibility: 'public',
        moderationState: 'approved',
        duration: VIDEO_SECONDS,
        creator: channels[0],
      },
      status: 'published',
    })
  ).documentId as string;
  await strapi.plugin('discovery').service('indexer').settled?.();

  // ---- the history: sessions of start + heartbeats + end, spread over 90 days ----------------------------
  const knex = strapi.db.connection;
  const eventTable = strapi.db.metadata.get('plugin::analytics.event').tableName;
  const now = Date.now();
  const historyStart = Math.floor(now / DAY_MS) * DAY_MS - (DAYS - 1) * DAY_MS;
  let sessionCount = 0;
  function sessionRows(at: number): Array<Record<string, unknown>> {
    const video = videos[int(VIDEOS)]!;
    const session = `bench-${(sessionCount += 1).toString(36).padStart(12, '0')}`;
    const heartbeats = 1 + int(6);
    const viewerKey = randomBytes(8).toString('hex');
    const context = {
      at: null,
      ranges: null,
      startup_ms: null,
      stall_ms: null,
      height: null,
      error_code: null,
      fatal: null,
      video: video.id,
      creator: video.channel,
      viewer_key: viewerKey,
      session,
      media_duration: VIDEO_SECONDS,
      source: SOURCES[int(SOURCES.length)],
      referrer_domain: null,
      device_class: DEVICES[int(DEVICES.length)],
      browser: BROWSERS[int(BROWSERS.length)],
      os: 'Linux',
      country: COUNTRIES[int(COUNTRIES.length)],
      document_id: session,
      created_at: at,
      updated_at: at,
      published_at: at,
    };
    const rows: Array<Record<string, unknown>> = [
      { ...context, seq: 0, type: 'start', at: 0, startup_ms: 200 + int(3000), occurred_at: at },
    ];
    let position = int(60);
    for (let h = 1; h <= heartbeats; h += 1) {
      const to = Math.min(VIDEO_SECONDS, position + 15);
      rows.push({
        ...context,
        document_id: `${session}-${h}`,
        seq: h,
        type: 'heartbeat',
        ranges: JSON.stringify([[position, to]]),
        occurred_at: at + h * 15_000,
      });
      position = random() < 0.2 ? int(VIDEO_SECONDS - 20) : to;
    }
    rows.push({
      ...context,
      document_id: `${session}-e`,
      seq: heartbeats + 1,
      type: 'end',
      at: position,
      occurred_at: at + (heartbeats + 1) * 15_000,
    });
    return rows;
  }
  // knex writes many SQLite rows as one compound SELECT, which SQLite caps at 500 terms
  const CHUNK = 400;
  async function insertRows(rows: Array<Record<string, unknown>>) {
    await knex.transaction(async (trx: typeof knex) => {
      for (let i = 0; i < rows.length; i += CHUNK) await trx(eventTable).insert(rows.slice(i, i + CHUNK));
    });
  }
  async function insertHistory(count: number, fromDay: number, days: number): Promise<number> {
    let inserted = 0;
    let batch: Array<Record<string, unknown>> = [];
    while (inserted < count) {
      const at = historyStart + (fromDay + int(days)) * DAY_MS + int(DAY_MS - 600_000);
      const rows = sessionRows(at);
      batch.push(...rows);
      inserted += rows.length;
      if (batch.length >= 4000) {
        await insertRows(batch);
        batch = [];
      }
    }
    if (batch.length) await insertRows(batch);
    return inserted;
  }
  const half = Math.floor(DAYS / 2);
  const insertStarted = performance.now();
  const firstHalf = await insertHistory(EVENTS / 2, 0, half);
  const insertS = (performance.now() - insertStarted) / 1000;

  // ---- rollup_s: the first 1,000,000 events ------------------------------------------------------------------
  const rollup = strapi.plugin('analytics').service('rollup');
  const rollupStarted = performance.now();
  const firstReport = await rollup.run(now);
  const rollupS = (performance.now() - rollupStarted) / 1000;
  const secondHalf = await insertHistory(EVENTS - firstHalf, half, DAYS - half);
  // every period again, all 2,000,000 events: what a first run after an upgrade, or a full rebuild, costs
  const fullStarted = performance.now();
  await strapi.store({ type: 'plugin', name: 'analytics' }).delete({ key: 'rollup' });
  const secondReport = await rollup.run(now);
  const fullS = (performance.now() - fullStarted) / 1000;

  // ---- HTTP: the CMS on a port, and an admin JWT for the creator --------------------------------------------
  await strapi.server.mount();
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'creator@bench.test', password: PASSWORD }),
  });
  const token = ((await login.json()) as { data: { token: string } }).data.token;
  const auth = { authorization: `Bearer ${token}` };

  async function latency(url: string, headers: Record<string, string>, connections: number, seconds = DURATION_S) {
    await autocannon({ url, connections, duration: 2, headers }); // warm-up
    const times: number[] = [];
    let failures = 0;
    const run = autocannon({ url, connections, duration: seconds, headers });
    run.on('response', (_client, status, _bytes, ms) => {
      if (status >= 400) failures += 1;
      times.push(ms);
    });
    await run;
    times.sort((a, b) => a - b);
    if (failures) console.error(`# ${url}: ${failures} failed requests`);
    return { p50: percentile(times, 50), p95: percentile(times, 95), failures };
  }

  const overviewCheck = await fetch(`${base}/analytics/overview?days=28`, { headers: auth });
  const overviewBody = (await overviewCheck.json()) as { totals: { views: number }; topVideos: unknown[] };
  if (overviewCheck.status !== 200 || overviewBody.totals.views === 0)
    throw new Error(`overview check failed: ${overviewCheck.status} ${JSON.stringify(overviewBody).slice(0, 300)}`);
  // one creator opening the page (1 connection), and four at once
  const dashboard = await latency(`${base}/analytics/overview?days=28`, auth, 1);
  const dashboard4 = await latency(`${base}/analytics/overview?days=28`, auth, 4);
  const videoPage = await latency(`${base}/analytics/videos/${own[0]!.id}?days=90`, auth, 1);
  const videoPage4 = await latency(`${base}/analytics/videos/${own[0]!.id}?days=90`, auth, 4);
  // the floor: the same admin JWT on the cheapest admin route of the plugin (authentication and permissions only)
  const floor = await latency(`${base}/analytics/scope`, auth, 1);

  // ---- ingest: beacons of 50 events, each its own session and address ----------------------------------
  const listUrl = `${base}/api/videos?pagination[pageSize]=24&sort=publishedAt:desc&populate[creator]=true`;
  const listIdle = await latency(listUrl, { 'cache-control': 'no-cache' }, 2);
  const beacons = Array.from({ length: 20_000 }, (_, n) => {
    const session = `ingest-${n.toString(36).padStart(10, '0')}-${randomBytes(4).toString('hex')}`;
    const events = [
      { type: 'start', seq: 0, t: 0, at: 0, startupMs: 300 },
      ...Array.from({ length: 48 }, (__, h) => ({
        type: 'heartbeat',
        seq: h + 1,
        t: (h + 1) * 1000,
        ranges: [[h * 10, h * 10 + 10]],
      })),
      { type: 'end', seq: 49, t: 49_000, at: 480 },
    ];
    return {
      method: 'POST',
      path: '/api/analytics/events',
      headers: {
        'content-type': 'application/json',
        'user-agent':
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
        'x-forwarded-for': `${11 + (n % 200)}.${(n >> 8) & 255}.${n & 255}.${1 + (n % 250)}`,
      },
      body: JSON.stringify({ video: own[n % own.length]!.id, session, duration: VIDEO_SECONDS, src: 'search', events }),
    };
  });
  let accepted = 0;
  let refused = 0;
  // 16 connections, each with beacons of its own (autocannon replays a `requests` list from its start on every
  // connection: one shared list would make 15 of 16 beacons repeats, which cost the CMS almost nothing)
  const CONNECTIONS = 16;
  const { Session } = await import('node:inspector/promises');
  const profiler = new Session();
  if (process.env.BENCH_PROFILE) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const ingestStarted = performance.now();
  const ingestRuns = Array.from({ length: CONNECTIONS }, (_, c) => {
    const run = autocannon({
      url: base,
      connections: 1,
      duration: DURATION_S,
      requests: beacons.filter((_beacon, n) => n % CONNECTIONS === c),
    });
    run.on('response', (_client, status) => (status === 204 ? (accepted += 1) : (refused += 1)));
    return run;
  });
  // as fast as it goes: the sustained rate
  await Promise.all(ingestRuns);
  const ingestS = (performance.now() - ingestStarted) / 1000;
  if (refused) console.error(`# ingest: ${refused} beacons refused`);
  const ingestPerS = (accepted * 50) / ingestS;
  if (process.env.BENCH_PROFILE) {
    const { profile } = await profiler.post('Profiler.stop');
    (await import('node:fs')).writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
  }

  // the public list while beacons arrive at the bar's rate (3,000 events/s: 60 beacons of 50 a second), against idle
  const unsent = beacons.slice(-4000);
  const paced = Array.from({ length: 4 }, (_, c) =>
    autocannon({
      url: base,
      connections: 1,
      overallRate: 15,
      duration: DURATION_S,
      requests: unsent.filter((_beacon, n) => n % 4 === c),
    }),
  );
  const [listBusy] = await Promise.all([
    latency(listUrl, { 'cache-control': 'no-cache' }, 2, DURATION_S - 2),
    ...paced,
  ]);

  // ---- retention against the truth: 2,000 synthetic viewers with known ranges ------------------------------
  const truthCoverage = new Array<number>(VIDEO_SECONDS).fill(0);
  let plays = 0;
  for (let viewer = 0; viewer < 2000; viewer += 1) {
    const address = `100.${64 + (viewer >> 16)}.${(viewer >> 8) & 255}.${viewer & 255}`;
    const tabs = random() < 0.1 ? 2 : 1;
    for (let tab = 0; tab < tabs; tab += 1) {
      // a start, then ranges: partial watches, seeks forward and back, replays
      const ranges: Array<[number, number]> = [];
      let position = random() < 0.7 ? 0 : int(300);
      for (let r = 0; r < 1 + int(5); r += 1) {
        const to = Math.min(VIDEO_SECONDS, position + 5 + int(120));
        ranges.push([position, to]);
        position = random() < 0.3 ? int(VIDEO_SECONDS - 10) : to;
      }
      const covered = new Set<number>();
      for (const [from, to] of ranges) for (let s = from; s < to; s += 1) covered.add(s);
      const watched = ranges.reduce((sum, [from, to]) => sum + to - from, 0);
      if (watched >= 5) {
        plays += 1;
        for (const s of covered) truthCoverage[s]! += 1;
      }
      const events = [
        { type: 'start', seq: 0, t: 0, at: ranges[0]![0], startupMs: 250 },
        ...ranges.map((range, i) => ({ type: 'heartbeat', seq: i + 1, t: (i + 1) * 1000, ranges: [range] })),
      ];
      const response = await fetch(`${base}/api/analytics/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': `Mozilla/5.0 Firefox/${130 + tab}.0`,
          'x-forwarded-for': address,
        },
        body: JSON.stringify({
          video: truthVideo,
          session: `truth-${viewer}-${tab}-abcdefghij`,
          duration: VIDEO_SECONDS,
          events,
        }),
      });
      if (response.status !== 204) throw new Error(`truth beacon refused: ${response.status} ${await response.text()}`);
    }
  }
  await rollup.run(Date.now());
  const report = (await (await fetch(`${base}/analytics/videos/${truthVideo}?days=7`, { headers: auth })).json()) as {
    retention: { plays: number; curve: Array<{ from: number; to: number; share: number }> };
  };
  let maxError = 0;
  for (const point of report.retention.curve) {
    let covered = 0;
    for (let s = point.from; s < point.to; s += 1) covered += truthCoverage[s]!;
    const truth = covered / (plays * (point.to - point.from));
    maxError = Math.max(maxError, Math.abs(point.share - truth) * 100);
  }
  if (report.retention.plays !== plays)
    throw new Error(`plays: the report says ${report.retention.plays}, the truth ${plays}`);

  const figures: Array<[string, number]> = [
    ['events', firstHalf + secondHalf],
    ['insert_history_s', round(insertS + 0)],
    ['rollup_events', firstHalf],
    ['rollup_events_read', firstReport.events],
    ['rollup_s', round(rollupS)],
    ['rollup_all_events_s', round(fullS)],
    ['rollup_all_events_read', secondReport.events],
    ['dashboard_p50_ms', dashboard.p50],
    ['dashboard_p95_ms', dashboard.p95],
    ['dashboard_4_connections_p95_ms', dashboard4.p95],
    ['video_page_p50_ms', videoPage.p50],
    ['video_page_p95_ms', videoPage.p95],
    ['video_page_4_connections_p95_ms', videoPage4.p95],
    ['admin_floor_p95_ms', floor.p95],
    ['ingest_events_per_s', round(ingestPerS, 0)],
    ['list_idle_p95_ms', listIdle.p95],
    ['list_while_ingesting_p95_ms', listBusy.p95],
    ['list_p95_ratio', round(listBusy.p95 / Math.max(1, listIdle.p95))],
    ['retention_plays', plays],
    ['retention_max_error_pct', round(maxError, 6)],
  ];
  for (const [name, value] of figures) console.log(`${name}=${value}`);
  console.log(
    `# bars: ingest_events_per_s >= 3000 and list_p95_ratio <= 2; dashboard_p95_ms <= 50; video_page_p95_ms <= 50; rollup_s <= 20 (1,000,000 events); retention_max_error_pct = 0`,
  );
} finally {
  await strapi.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
