/**
 * Catalog speed: autocannon against a node:http server returning the home page HTML from memory (the
 * ceiling), the site's home and watch pages, and the CMS list endpoint (24 videos with creator and poster),
 * all in one run on this machine. The list past the CMS's response cache has its baseline in the same run:
 * the same endpoint answering one video's slug (`list_floor`): the HTTP stack, the route's checks and one small
 * query, which every uncached content-API read pays. Prints `name=value` lines; the bars are in the issue and the README.
 * Run with `npm run bench -- catalog`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { startSeededStack } from '../support/stack.ts';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (options: object) => AutocannonInstance;

type AutocannonResult = {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};
type AutocannonInstance = Promise<AutocannonResult> & {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
};

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function load(name: string, url: string, connections: number, headers: Record<string, string> = {}) {
  await autocannon({ url, connections, duration: 2, headers }); // warm-up: caches, JIT, connection pools
  const latencies: number[] = [];
  const run = autocannon({ url, connections, duration: DURATION_S, headers });
  run.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await run;
  latencies.sort((a, b) => a - b);
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) console.error(`# ${name}: ${failures} failed requests (non-2xx, errors or timeouts)`);
  return {
    rps: result.requests.average,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    failures,
  };
}

const stack = await startSeededStack({ cmsPort: 15337, sitePort: 15321, nodeEnv: 'production' });
try {
  const homeHtml = await (await fetch(`${stack.siteUrl}/`)).text();
  const ceilingServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(homeHtml);
  });
  await new Promise<void>((resolve) => ceilingServer.listen(0, '127.0.0.1', resolve));
  const ceilingUrl = `http://127.0.0.1:${(ceilingServer.address() as AddressInfo).port}/`;

  const list = (await (await fetch(`${stack.cmsUrl}/api/videos?pagination[pageSize]=1`)).json()) as {
    data: Array<{ slug: string }>;
  };
  const watchUrl = `${stack.siteUrl}/watch/${list.data[0].slug}`;
  const listUrl = `${stack.cmsUrl}/api/videos?pagination[pageSize]=24&sort=publishedAt:desc&populate[creator][populate][avatar]=true&populate[poster]=true`;

  const ceiling = await load('ceiling', ceilingUrl, 25);
  const home = await load('home', `${stack.siteUrl}/`, 25);
  const watch = await load('watch', watchUrl, 25);
  const listResult = await load('list', listUrl, 10);
  // the same endpoint past the CMS's public response cache: the cost of a cold read
  const listCold = await load('list_uncached', listUrl, 10, { 'cache-control': 'no-cache' });
  const listFloor = await load('list_floor', `${stack.cmsUrl}/api/videos?pagination[pageSize]=1&fields[0]=slug`, 10, {
    'cache-control': 'no-cache',
  });
  ceilingServer.close();

  const round = (value: number) => Number(value.toFixed(2));
  const ratio = (value: number) => Number(value.toFixed(3));
  const figures: Array<[string, number]> = [
    ['ceiling_rps', round(ceiling.rps)],
    ['ceiling_p99_ms', ceiling.p99],
    ['home_rps', round(home.rps)],
    ['home_p50_ms', home.p50],
    ['home_p99_ms', home.p99],
    ['home_ratio', ratio(home.rps / ceiling.rps)],
    ['watch_rps', round(watch.rps)],
    ['watch_p50_ms', watch.p50],
    ['watch_p99_ms', watch.p99],
    ['watch_ratio', ratio(watch.rps / ceiling.rps)],
    ['list_rps', round(listResult.rps)],
    ['list_p50_ms', listResult.p50],
    ['list_p95_ms', listResult.p95],
    ['list_p99_ms', listResult.p99],
    ['list_ratio', ratio(listResult.rps / ceiling.rps)],
    ['list_uncached_rps', round(listCold.rps)],
    ['list_uncached_p50_ms', listCold.p50],
    ['list_uncached_p95_ms', listCold.p95],
    ['list_uncached_p99_ms', listCold.p99],
    ['list_floor_rps', round(listFloor.rps)],
    ['list_floor_p95_ms', listFloor.p95],
    ['list_uncached_floor_ratio', ratio(listCold.p95 / listFloor.p95)],
    [
      'failed_requests',
      ceiling.failures + home.failures + watch.failures + listResult.failures + listCold.failures + listFloor.failures,
    ],
  ];
  for (const [name, value] of figures) console.log(`${name}=${value}`);
  const bars = [
    ['home_p99_ms <= 60', home.p99 <= 60],
    ['home_ratio >= 0.2', home.rps / ceiling.rps >= 0.2],
    ['list_p95_ms <= 50', listResult.p95 <= 50],
    ['list_uncached_p95_ms <= 40', listCold.p95 <= 40],
  ] as const;
  for (const [bar, met] of bars) console.log(`# bar ${bar}: ${met ? 'met' : 'NOT MET'}`);
} finally {
  await stack.stop();
}
