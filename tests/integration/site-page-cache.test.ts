/**
 * The built site's page cache (site/src/lib/page-cache.ts, wired in site/src/middleware.ts) against a real site
 * process in front of a fake CMS: a visitor who is not signed in gets a rendered channel page from memory; once it
 * expires, the old copy is answered at once while the CMS is slow to answer the background render, and the new page
 * follows; a visitor with a session cookie, and a page that is not public (404), are never served from it.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { FakeCms, json } from '../../site/src/lib/__tests__/support/fake-cms';
import { startSite } from '../support/stack';

const entry = path.resolve(__dirname, '..', '..', 'site', 'dist', 'server', 'entry.mjs');
const emptyList = { data: [], meta: { pagination: { page: 1, pageSize: 24, pageCount: 0, total: 0 } } };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until `condition` holds, never on a fixed delay. */
async function waitFor<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const cms = new FakeCms();
let site: { siteUrl: string; stop: () => Promise<void> };
let version = 1;
/** While set, the CMS holds its answers about the channel until released. */
let held: Array<() => void> | null = null;

const channel = (res: ServerResponse) =>
  json(res, 200, {
    data: [{ id: 1, documentId: 'c1', handle: 'chan', displayName: `Channel version ${version}`, verified: false }],
    meta: { pagination: { page: 1, pageSize: 1, pageCount: 1, total: 1 } },
  });

beforeAll(async () => {
  if (!existsSync(entry)) throw new Error(`The site is not built (${entry} is missing): run \`npm run build\` first.`);
  await cms.start();
  cms.handler = (request, res) => {
    if (request.pathname.startsWith('/api/health')) return json(res, 200, { status: 'ok' });
    if (request.pathname === '/api/creators' && request.url.includes('chan')) {
      if (held) return void held.push(() => channel(res));
      return channel(res);
    }
    if (request.pathname === '/api/creators') return json(res, 200, emptyList);
    if (/^\/api\/(videos\/slug|publishing\/premieres)\//.test(request.pathname))
      return json(res, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } });
    return json(res, 200, emptyList);
  };
  site = await startSite({
    cmsUrl: cms.origin,
    sitePort: await freePort(),
    nodeEnv: 'production',
    env: {
      LOG_LEVEL: 'error',
      CMS_TIMEOUT_MS: '20000',
      // the data cache asks the CMS every time, so what is measured here is the page cache alone
      CMS_CACHE_TTL_MS: '0',
      CMS_CACHE_REVALIDATE_MS: '0',
      PAGE_CACHE_TTL_MS: '400',
      PAGE_CACHE_REVALIDATE_MS: '600000',
      METRICS_TOKEN: '',
    },
  });
});
afterAll(async () => {
  held?.forEach((release) => release());
  await site?.stop();
  await cms.stop();
});

const get = async (pathname: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${site.siteUrl}${pathname}`, { headers, redirect: 'manual' });
  return { status: response.status, cache: response.headers.get('x-page-cache'), body: await response.text() };
};
const channelCalls = () => cms.paths.filter((url) => url.startsWith('/api/creators') && url.includes('chan')).length;

test('a channel page is rendered once, answered from memory, and after expiry answered at once while the CMS is slow', async () => {
  const first = await get('/creators/chan');
  expect(first.status).toBe(200);
  expect(first.cache).toBe('miss');
  expect(first.body).toContain('Channel version 1');
  const calls = channelCalls();
  const again = await get('/creators/chan');
  expect(['hit', 'stale']).toContain(again.cache);
  expect(again.body).toContain('Channel version 1');
  if (again.cache === 'hit') expect(channelCalls()).toBe(calls);

  // the channel changes, and the CMS becomes slow: it holds every answer about it until released
  version = 2;
  held = [];
  const stale = await waitFor('an expired copy', async () => {
    const answer = await get('/creators/chan');
    return answer.cache === 'stale' ? answer : undefined;
  });
  // answered while the background render still waits on the CMS
  expect(stale.status).toBe(200);
  expect(stale.body).toContain('Channel version 1');
  await waitFor('the background render asking the CMS', async () => (held!.length > 0 ? true : undefined));
  const releases = held;
  held = null;
  releases.forEach((release) => release());
  const fresh = await waitFor('the new page', async () => {
    const answer = await get('/creators/chan');
    return answer.body.includes('Channel version 2') ? answer : undefined;
  });
  expect(fresh.status).toBe(200);
});

test('a visitor with a session cookie, and a page that is not public, are never answered from it', async () => {
  await get('/creators/chan');
  const withSession = await get('/creators/chan', { cookie: 'framecast-session=someone' });
  expect(withSession.cache).toBeNull();
  for (let i = 0; i < 2; i += 1) {
    const missing = await get('/creators/nobody');
    expect(missing.status).toBe(404);
    expect(missing.cache).toBeNull();
  }
});
