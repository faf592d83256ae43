// The site's metrics of its calls to the CMS (lib/metrics.ts, timed in lib/cms/client.ts), against the fake CMS: every
// road to the CMS (catalog reads, account calls, beacons) is timed with how it ended, and catalog reads count the cache.
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
import {
  CmsRequestError,
  CmsUnavailableError,
  listNewestVideos,
  resetCmsClientForTests,
  sendPlaybackBatch,
  signIn,
} from '../cms';
import { resetConfigForTests } from '../config';
import { cmsEndpointOf, siteMetrics } from '../metrics';
import { json, useFakeCms } from './support/fake-cms';

const cms = useFakeCms({ CMS_TIMEOUT_MS: '300', CMS_CACHE_TTL_MS: '10000', CMS_CACHE_STALE_MS: '600000' });
const list = { data: [], meta: { pagination: { page: 1, pageSize: 24, pageCount: 0, total: 0 } } };

/** Sum of the samples of one metric whose labels include these (a histogram's `_count` for the calls). */
async function count(name: string, labels: Record<string, string>): Promise<number> {
  const metric = siteMetrics.registry.getSingleMetric(name.replace(/_count$/, ''));
  if (!metric) throw new Error(`no metric ${name}`);
  // a histogram's values name their series (`_bucket`, `_sum`, `_count`)
  const values = (await metric.get()).values as Array<{ metricName?: string; labels: object; value: number }>;
  return values
    .filter((value) => !name.endsWith('_count') || value.metricName === name)
    .filter((value) =>
      Object.entries(labels).every(
        ([key, wanted]) => String((value.labels as Record<string, unknown>)[key]) === wanted,
      ),
    )
    .reduce((sum, value) => sum + value.value, 0);
}
const calls = (labels: Record<string, string>) => count('framecast_cms_call_duration_seconds_count', labels);
const cacheReads = (result: string) => count('framecast_site_cache_requests_total', { result });

describe('the CMS calls in the site’s metrics', () => {
  it('names the endpoint by the API’s first path segment, never by what follows', () => {
    expect(cmsEndpointOf('http://cms:1337/api/videos/slug/some-video?populate=*')).toBe('videos');
    expect(cmsEndpointOf('http://cms:1337/api/auth/local')).toBe('auth');
    expect(cmsEndpointOf('http://cms:1337/uploads/x.jpg')).toBe('other');
    expect(cmsEndpointOf('not a url')).toBe('other');
  });

  it('counts a catalog read as a miss, then a hit while it is fresh', async () => {
    const before = {
      ok: await calls({ endpoint: 'videos', outcome: 'ok', method: 'GET' }),
      miss: await cacheReads('miss'),
      hit: await cacheReads('hit'),
    };
    cms.handler = (_request, res) => json(res, 200, list);
    await listNewestVideos();
    await listNewestVideos();
    expect((await calls({ endpoint: 'videos', outcome: 'ok', method: 'GET' })) - before.ok).toBe(1);
    expect((await cacheReads('miss')) - before.miss).toBe(1);
    expect((await cacheReads('hit')) - before.hit).toBe(1);
  });

  it('counts the stale copy served while the CMS fails, and the failed call with its reason', async () => {
    // nothing fresh: every read asks the CMS, and keeps a stale copy
    process.env.CMS_CACHE_TTL_MS = '0';
    resetConfigForTests();
    resetCmsClientForTests();
    cms.handler = (_request, res) => json(res, 200, list);
    await listNewestVideos();
    const before = {
      stale: await cacheReads('stale'),
      errors: await calls({ endpoint: 'videos', outcome: 'server-error' }),
    };
    cms.handler = (_request, res) => json(res, 503, { data: null, error: { status: 503, message: 'down' } });
    await expect(listNewestVideos()).resolves.toEqual({ items: [], pagination: list.meta.pagination });
    expect((await calls({ endpoint: 'videos', outcome: 'server-error' })) - before.errors).toBe(1);
    expect((await cacheReads('stale')) - before.stale).toBe(1);
  });

  it('times account calls and beacons with how they ended: refused, timeout', async () => {
    const refused = await calls({ endpoint: 'auth', method: 'POST', outcome: 'refused' });
    cms.handler = (_request, res) =>
      json(res, 400, { data: null, error: { status: 400, message: 'Invalid identifier or password', details: {} } });
    await expect(signIn({ identifier: 'ada', password: 'wrong-password' })).rejects.toBeInstanceOf(CmsRequestError);
    expect((await calls({ endpoint: 'auth', method: 'POST', outcome: 'refused' })) - refused).toBe(1);

    const timeouts = await calls({ endpoint: 'analytics', method: 'POST', outcome: 'timeout' });
    cms.handler = () => undefined; // never answers: the client gives up after CMS_TIMEOUT_MS
    await expect(sendPlaybackBatch({ events: [] } as never, { userAgent: 'jest' })).rejects.toBeInstanceOf(
      CmsUnavailableError,
    );
    expect((await calls({ endpoint: 'analytics', method: 'POST', outcome: 'timeout' })) - timeouts).toBe(1);
  });
});
