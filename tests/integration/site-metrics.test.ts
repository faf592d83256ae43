/**
 * The built site's GET /metrics (site/src/pages/metrics.ts), against a real site process (the one `npm start` and the
 * end-to-end tests run, started the same way: tests/support/stack.ts) in front of a fake CMS: the access rule the CMS
 * and the worker follow (METRICS_TOKEN as a bearer token; else this machine only, never in production), requests
 * labelled by Astro's route pattern and status (never the raw path), and the site's calls to the CMS with their
 * outcome (timeouts, server errors, not found) and the stale copies served while the CMS fails.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { FakeCms, json, type CmsHandler } from '../../site/src/lib/__tests__/support/fake-cms';
import { hasSample, sample } from '../support/prometheus';
import { startSite } from '../support/stack';

const entry = path.resolve(__dirname, '..', '..', 'site', 'dist', 'server', 'entry.mjs');
const TOKEN = 'a-long-metrics-token-for-site-tests';
const CMS_TIMEOUT_MS = 5_000;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const emptyList = { data: [], meta: { pagination: { page: 1, pageSize: 24, pageCount: 0, total: 0 } } };
/** A CMS that is up and has nothing: health answers, every list is empty, every video and premiere is missing. */
const emptyCms: CmsHandler = (request, res) => {
  if (request.pathname.startsWith('/api/health')) return json(res, 200, { status: 'ok' });
  if (/^\/api\/(videos\/slug|publishing\/premieres)\//.test(request.pathname))
    return json(res, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } });
  return json(res, 200, emptyList);
};

const cms = new FakeCms();
const sites: Array<{ stop: () => Promise<void> }> = [];

beforeAll(async () => {
  if (!existsSync(entry)) throw new Error(`The site is not built (${entry} is missing): run \`npm run build\` first.`);
  await cms.start();
  cms.handler = emptyCms;
});
afterAll(async () => {
  for (const site of sites) await site.stop();
  await cms.stop();
});

async function site(nodeEnv: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const started = await startSite({
    cmsUrl: cms.origin,
    sitePort: await freePort(),
    nodeEnv,
    // every catalog read asks the CMS (no fresh window) but keeps a stale copy. The CMS timeout is long enough for the
    // fake CMS to answer on a loaded machine (at 400 ms a first search, with no stale copy yet, timed out under a CPU
    // hog): the timeout case waits it out once
    env: {
      METRICS_TOKEN: '',
      CMS_TIMEOUT_MS: String(CMS_TIMEOUT_MS),
      CMS_CACHE_TTL_MS: '0',
      CMS_CACHE_STALE_MS: '600000',
      // each page request renders (the page cache is tested in site-page-cache.test.ts)
      PAGE_CACHE_TTL_MS: '0',
      LOG_LEVEL: 'error',
      ...env,
    },
  });
  sites.push(started);
  return started.siteUrl;
}

describe('who may read the site’s /metrics', () => {
  it('outside production, this machine without a token; never a request that came through a proxy', async () => {
    const url = await site('development');
    const open = await fetch(`${url}/metrics`);
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(open.headers.get('cache-control')).toBe('no-store');
    const text = await open.text();
    expect(hasSample(text, 'process_cpu_seconds_total', { service: 'site' })).toBe(true);
    expect(hasSample(text, 'nodejs_eventloop_lag_seconds', { service: 'site' })).toBe(true);

    // a forwarded request may claim any address: it is not this machine's
    const forwarded = await fetch(`${url}/metrics`, { headers: { 'X-Forwarded-For': '127.0.0.1' } });
    expect(forwarded.status).toBe(403);
    expect(((await forwarded.json()) as { error: { message: string } }).error.message).toMatch(/METRICS_TOKEN/);
  });

  it('in production without METRICS_TOKEN, nobody, not even this machine', async () => {
    const url = await site('production');
    const off = await fetch(`${url}/metrics`);
    expect(off.status).toBe(403);
    const body = await off.text();
    expect(JSON.parse(body)).toEqual({
      error: { status: 403, message: 'Metrics are off in production until METRICS_TOKEN is set.' },
    });
    expect(body).not.toContain('http_request_duration_seconds');
  });

  it('with METRICS_TOKEN, only the bearer token opens them', async () => {
    const url = await site('production', { METRICS_TOKEN: TOKEN });
    const without = await fetch(`${url}/metrics`);
    expect(without.status).toBe(401);
    expect(((await without.json()) as { error: { message: string } }).error.message).toMatch(/Bearer <METRICS_TOKEN>/);
    expect((await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { Authorization: TOKEN } })).status).toBe(401);
    const open = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(open.status).toBe(200);
    expect(await open.text()).toContain('http_request_duration_seconds_bucket');
  });
});

describe('what the site’s /metrics count', () => {
  let url: string;
  const scrape = async () => {
    const answer = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(200);
    return answer.text();
  };
  const get = async (pathname: string) => {
    const answer = await fetch(`${url}${pathname}`);
    await answer.arrayBuffer();
    return answer.status;
  };

  beforeAll(async () => {
    url = await site('production', { METRICS_TOKEN: TOKEN });
  });
  beforeEach(() => {
    cms.handler = emptyCms;
  });

  it('labels requests with the route pattern and the status, never the raw path', async () => {
    const before = await scrape();
    expect(await get('/c/probe-category')).toBe(404); // no such category
    expect(await get('/search?q=probe-words')).toBe(200);
    expect(await get('/no/such/probe-page')).toBe(404);
    expect(await get('/health')).toBe(200);
    const after = await scrape();
    const grew = (labels: Record<string, string>) =>
      sample(after, 'http_request_duration_seconds_count', { service: 'site', method: 'GET', ...labels }) -
      sample(before, 'http_request_duration_seconds_count', { service: 'site', method: 'GET', ...labels });

    expect(grew({ route: '/c/[slug]', status: '404' })).toBe(1);
    expect(grew({ route: '/search', status: '200' })).toBe(1);
    // what no page answers is one series: Astro's 404 route
    expect(grew({ route: '/404', status: '404' })).toBe(1);
    expect(grew({ route: '/health', status: '200' })).toBe(1);
    expect(after).not.toContain('probe');
    // the scrape before this one was counted too
    expect(grew({ route: '/metrics', status: '200' })).toBe(1);
  });

  it('times the calls to the CMS by endpoint and outcome, and counts the stale copies served while it fails', async () => {
    const search = (text: string, outcome: string) =>
      sample(text, 'framecast_cms_call_duration_seconds_count', { service: 'site', endpoint: 'search', outcome });
    const cache = (text: string, result: string) =>
      sample(text, 'framecast_site_cache_requests_total', { service: 'site', result });
    const before = await scrape();

    expect(await get('/search?q=cats')).toBe(200);
    const answered = await scrape();
    expect(search(answered, 'ok') - search(before, 'ok')).toBe(1);
    expect(cache(answered, 'miss') - cache(before, 'miss')).toBeGreaterThanOrEqual(1);

    // the CMS fails: the same search is served from the stale copy
    cms.handler = (request, res) =>
      request.pathname === '/api/search'
        ? json(res, 502, { data: null, error: { status: 502, name: 'BadGateway', message: 'down' } })
        : emptyCms(request, res);
    expect(await get('/search?q=cats')).toBe(200);
    const failing = await scrape();
    expect(search(failing, 'server-error') - search(answered, 'server-error')).toBe(1);
    expect(cache(failing, 'stale') - cache(answered, 'stale')).toBe(1);

    // the CMS stops answering: the call times out (CMS_TIMEOUT_MS), the stale copy is served again
    cms.handler = (request, res) => (request.pathname === '/api/search' ? undefined : emptyCms(request, res));
    expect(await get('/search?q=cats')).toBe(200);
    const silent = await scrape();
    expect(search(silent, 'timeout') - search(failing, 'timeout')).toBe(1);
    expect(cache(silent, 'stale') - cache(failing, 'stale')).toBe(1);
    const timedOut = sample(silent, 'framecast_cms_call_duration_seconds_sum', {
      endpoint: 'search',
      outcome: 'timeout',
    });
    expect(timedOut).toBeGreaterThanOrEqual(CMS_TIMEOUT_MS / 1000);

    // a video the CMS does not have
    const videosNotFound = (text: string) =>
      sample(text, 'framecast_cms_call_duration_seconds_count', { endpoint: 'videos', outcome: 'not-found' });
    expect(await get('/watch/no-such-video')).toBe(404);
    expect(videosNotFound(await scrape()) - videosNotFound(silent)).toBe(1);
  });
});
