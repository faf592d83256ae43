// Prometheus metrics of the site (prom-client), served at GET /metrics (pages/metrics.ts) under the rule the CMS's and
// the worker's follow: request duration by route pattern and status, the site's calls to the CMS (duration and outcome),
// its CMS response cache (hits, misses, stale copies served while the CMS fails), and Node's own.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds, as the CMS's request histogram: pages answer in milliseconds, a slow CMS in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** How one call to the CMS ended: `ok`, the client's typed failure (lib/cms/errors.ts), or `error` (anything else). */
export type CmsCallOutcome =
  'ok' | 'not-found' | 'refused' | 'timeout' | 'network' | 'server-error' | 'invalid-response' | 'error';

/** A catalog read of the CMS client's cache: fresh, fetched, or an expired copy served because the CMS failed. */
export type CacheRead = 'hit' | 'miss' | 'stale';

function createSiteMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'site' });
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time until the response starts (the page has its data), by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const cmsCallDuration = new Histogram({
    name: 'framecast_cms_call_duration_seconds',
    help: "The site's calls to the CMS, by the API's first path segment, method and outcome (ok, not-found, refused, timeout, network, server-error, invalid-response)",
    labelNames: ['endpoint', 'method', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const cacheReads = new Counter({
    name: 'framecast_site_cache_requests_total',
    help: "Catalog reads of the site's CMS response cache: hit (fresh), miss (asked the CMS), stale (an expired copy served because the CMS failed)",
    labelNames: ['result'] as const,
    registers: [registry],
  });

  return { registry, requestDuration, cmsCallDuration, cacheReads };
}

let metrics: ReturnType<typeof createSiteMetrics> | undefined;
const site = () => (metrics ??= createSiteMetrics());

/** The API's first path segment (`/api/videos/slug/x` -> `videos`): the site builds these paths, so the set is small. */
export function cmsEndpointOf(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return 'other';
  }
  const segment = /^\/api\/([a-z0-9-]+)/i.exec(pathname)?.[1];
  return segment ? segment.toLowerCase() : 'other';
}

export const siteMetrics = {
  /**
   * One request the site answered. `route` is Astro's route pattern (`/watch/[slug]`), never the raw path: one series
   * per page, not per URL.
   */
  observeRequest({
    method,
    route,
    status,
    seconds,
  }: {
    method: string;
    route: string;
    status: number;
    seconds: number;
  }) {
    site().requestDuration.observe({ method, route, status: String(status) }, seconds);
  },

  observeCmsCall({
    url,
    method,
    outcome,
    seconds,
  }: {
    url: string;
    method: string;
    outcome: CmsCallOutcome;
    seconds: number;
  }) {
    site().cmsCallDuration.observe({ endpoint: cmsEndpointOf(url), method, outcome }, seconds);
  },

  countCacheRead(result: CacheRead) {
    site().cacheReads.inc({ result });
  },

  /** The text exposition format Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    const { registry } = site();
    return { contentType: registry.contentType, body: await registry.metrics() };
  },

  /** The registry itself (tests read metric names from it). */
  get registry(): Registry {
    return site().registry;
  },
};
