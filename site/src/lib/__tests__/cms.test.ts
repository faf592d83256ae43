// The CMS client against a real HTTP server standing in for Strapi (its REST shapes, its status codes).
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
import {
  CmsNotFoundError,
  CmsRequestError,
  checkCmsHealth,
  checkCmsReadiness,
  getCreator,
  getVideo,
  listCategoryVideos,
  listNewestVideos,
} from '../cms';
import { resetConfigForTests } from '../config';
import { json, useFakeCms } from './support/fake-cms';

const cms = useFakeCms({ CMS_TIMEOUT_MS: '300', CMS_CACHE_TTL_MS: '10000', CMS_CACHE_STALE_MS: undefined });
const requests = cms.paths;
const later = cms.later.bind(cms);
const list = (data: unknown[]) => ({
  data,
  meta: { pagination: { page: 1, pageSize: 24, pageCount: 1, total: data.length } },
});
const video = { id: 1, documentId: 'v1', title: 'Hello', slug: 'hello', viewCount: '12' };

describe('catalog reads', () => {
  it('asks Strapi with populate, sort and pagination, and returns items with their pagination', async () => {
    cms.handler = (_request, res) => json(res, 200, list([video]));
    const page = await listNewestVideos({ pageSize: 12 });
    expect(page.items).toEqual([video]);
    expect(page.pagination.total).toBe(1);
    expect(requests).toEqual([
      '/api/videos?sort=publishedAt:desc&pagination[page]=1&pagination[pageSize]=12&populate[poster]=true&populate[creator][populate][avatar]=true&populate[category]=true',
    ]);
  });

  it('filters by category slug', async () => {
    cms.handler = (_request, res) => json(res, 200, list([]));
    await listCategoryVideos('cooking', { page: 2 });
    expect(requests[0]).toContain('filters[category][slug][$eq]=cooking');
    expect(requests[0]).toContain('pagination[page]=2');
  });

  it('caches a response for the TTL, keyed by URL', async () => {
    cms.handler = (_request, res) => json(res, 200, list([video]));
    await listNewestVideos();
    await listNewestVideos();
    await listNewestVideos({ pageSize: 5 });
    expect(requests).toHaveLength(2);
  });

  it('does not cache when the TTL and stale window are zero', async () => {
    process.env.CMS_CACHE_TTL_MS = '0';
    process.env.CMS_CACHE_STALE_MS = '0';
    resetConfigForTests();
    cms.handler = (_request, res) => json(res, 200, list([video]));
    await listNewestVideos();
    await listNewestVideos();
    expect(requests).toHaveLength(2);
  });
});

describe('typed failures', () => {
  it('turns a 404 into CmsNotFoundError', async () => {
    cms.handler = (_request, res) =>
      json(res, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } });
    await expect(getVideo('missing')).rejects.toBeInstanceOf(CmsNotFoundError);
    expect(requests[0]).toMatch(/^\/api\/videos\/slug\/missing\?populate\[poster\]=true/);
  });

  it('turns an empty filtered list into CmsNotFoundError', async () => {
    cms.handler = (_request, res) => json(res, 200, list([]));
    await expect(getCreator('nobody')).rejects.toBeInstanceOf(CmsNotFoundError);
    expect(requests[0]).toContain('filters[handle][$eq]=nobody');
  });

  it('turns a 5xx into CmsUnavailableError', async () => {
    cms.handler = (_request, res) =>
      json(res, 502, { data: null, error: { status: 502, name: 'BadGateway', message: 'x' } });
    await expect(listNewestVideos()).rejects.toMatchObject({
      name: 'CmsUnavailableError',
      reason: 'server-error',
      status: 502,
    });
  });

  it('turns a slow CMS into CmsUnavailableError (timeout) within CMS_TIMEOUT_MS', async () => {
    cms.handler = (_request, res) => later(1500, () => json(res, 200, list([])));
    const started = Date.now();
    await expect(listNewestVideos()).rejects.toMatchObject({ name: 'CmsUnavailableError', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it('turns a refused connection into CmsUnavailableError (network)', async () => {
    process.env.CMS_URL = 'http://127.0.0.1:1';
    resetConfigForTests();
    await expect(listNewestVideos()).rejects.toMatchObject({ name: 'CmsUnavailableError', reason: 'network' });
  });

  it('turns a non-JSON answer into CmsUnavailableError', async () => {
    cms.handler = (_request, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy error</html>');
    };
    await expect(listNewestVideos()).rejects.toMatchObject({ name: 'CmsUnavailableError', reason: 'invalid-response' });
  });

  it('turns other 4xx into CmsRequestError', async () => {
    cms.handler = (_request, res) =>
      json(res, 403, { data: null, error: { status: 403, name: 'ForbiddenError', message: 'Forbidden' } });
    const error = await listNewestVideos().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CmsRequestError);
    expect((error as CmsRequestError).status).toBe(403);
  });
});

describe('stale fallback', () => {
  it('serves the last good response when the CMS fails after the TTL', async () => {
    process.env.CMS_CACHE_TTL_MS = '0';
    resetConfigForTests();
    let up = true;
    cms.handler = (_request, res) =>
      up
        ? json(res, 200, list([video]))
        : json(res, 500, { data: null, error: { status: 500, name: 'x', message: 'x' } });
    await listNewestVideos();
    up = false;
    const page = await listNewestVideos();
    expect(page.items).toEqual([video]);
    expect(requests).toHaveLength(2);
  });

  it('does not hide a 404 behind a stale copy', async () => {
    process.env.CMS_CACHE_TTL_MS = '0';
    resetConfigForTests();
    let exists = true;
    cms.handler = (_request, res) =>
      exists
        ? json(res, 200, { data: video })
        : json(res, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'x' } });
    await getVideo('hello');
    exists = false;
    await expect(getVideo('hello')).rejects.toBeInstanceOf(CmsNotFoundError);
  });

  it('uses the stale copy at once, without waiting for a timeout, while the CMS is known to be down', async () => {
    process.env.CMS_CACHE_TTL_MS = '0';
    resetConfigForTests();
    let slow = false;
    cms.handler = (_request, res) =>
      slow ? later(1500, () => json(res, 200, list([]))) : json(res, 200, list([video]));
    await listNewestVideos({ pageSize: 1 });
    await listNewestVideos({ pageSize: 2 });
    slow = true;
    await expect(listNewestVideos({ pageSize: 1 })).resolves.toMatchObject({ items: [video] });
    const started = Date.now();
    await expect(listNewestVideos({ pageSize: 2 })).resolves.toMatchObject({ items: [video] });
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe('checkCmsReadiness', () => {
  it("is the CMS's readiness: ready, not ready (503), or unreachable; never cached", async () => {
    let ready = true;
    cms.handler = ({ pathname }, res) =>
      pathname === '/api/health/ready'
        ? json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not-ready' })
        : json(res, 404, {});
    await expect(checkCmsReadiness()).resolves.toBe('ready');
    ready = false;
    await expect(checkCmsReadiness()).resolves.toBe('not-ready');
    cms.handler = (_request, res) => res.destroy();
    await expect(checkCmsReadiness()).resolves.toBe('unreachable');
  });
});

describe('checkCmsHealth', () => {
  it('reports reachable with a latency when /api/health answers', async () => {
    cms.handler = ({ pathname }, res) =>
      pathname === '/api/health' ? json(res, 200, { status: 'ok', version: '1' }) : json(res, 404, {});
    const health = await checkCmsHealth();
    expect(health.reachable).toBe(true);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports unreachable on errors, never throws, never caches', async () => {
    cms.handler = (_request, res) => json(res, 503, { status: 'error' });
    await expect(checkCmsHealth()).resolves.toMatchObject({ reachable: false });
    cms.handler = (_request, res) => json(res, 200, { status: 'ok' });
    await expect(checkCmsHealth()).resolves.toMatchObject({ reachable: true });
  });
});

describe('stale-while-revalidate', () => {
  const expire = () => new Promise((resolve) => setTimeout(resolve, 5)); // past a 1 ms lifetime
  beforeEach(() => {
    process.env.CMS_CACHE_TTL_MS = '1';
    process.env.CMS_CACHE_REVALIDATE_MS = '600000';
    resetConfigForTests();
  });
  afterEach(() => {
    delete process.env.CMS_CACHE_REVALIDATE_MS;
  });

  it('answers an expired copy at once while one background request replaces it', async () => {
    let release: (() => void) | undefined;
    let items: unknown[] = [video];
    cms.handler = (_request, res) => {
      if (items.length === 0) {
        release = () => json(res, 200, list(items));
        return;
      }
      json(res, 200, list(items));
    };
    await listNewestVideos();
    await expire();
    items = []; // the CMS changed, and now takes its time answering
    const [first, second] = await Promise.all([listNewestVideos(), listNewestVideos()]);
    expect(first.items).toEqual([video]);
    expect(second.items).toEqual([video]);
    await waitFor(() => release !== undefined);
    expect(requests).toHaveLength(2); // one background request for both
    release!();
    await waitFor(async () => (await listNewestVideos()).items.length === 0);
  });

  it('a copy that turns 404 on revalidation is not answered again', async () => {
    let exists = true;
    cms.handler = (_request, res) =>
      exists
        ? json(res, 200, { data: video })
        : json(res, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'x' } });
    await getVideo('hello');
    await expire();
    exists = false;
    await expect(getVideo('hello')).resolves.toMatchObject({ slug: 'hello' }); // the one answer in flight
    await waitFor(() => requests.length === 2);
    await waitFor(async () => (await getVideo('hello').catch((error: unknown) => error)) instanceof CmsNotFoundError);
  });
});

/** Waits until `condition` holds (a background request has landed), never on a fixed delay. */
async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
