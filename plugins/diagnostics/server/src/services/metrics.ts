/**
 * Prometheus metrics of this CMS (prom-client), served at GET /metrics (routes/metrics.ts): request duration by route
 * and status, the public response cache's hits and misses, failed sign-ins, the transcode queue's depth, the database
 * pool, Node's own (CPU, memory, event loop, GC); merged in: search latency (discovery's registry), and transcoding's
 * (the jobs this CMS runs in process, with BullMQ each worker serves its own; free space of the media folders). A
 * registry per CMS (not prom-client's global one): two CMSs in one process (the tests) keep their own counts.
 */
import type { Core } from '@strapi/strapi';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { discoveryMetrics, transcodingSelfTest } from '../utils';

/** Seconds; the public reads answer in milliseconds, uploads and the admin's first load in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The routes where a refusal is a failed sign-in: the viewers' (users-permissions) and the admin's. */
const SIGN_IN_ROUTES: Record<string, 'viewer' | 'admin'> = {
  'POST /api/auth/local': 'viewer',
  'POST /admin/login': 'admin',
};

/**
 * A pattern without one literal character (`([^/]*)`, `/(.*)`): Strapi's catch-alls for static files and what no
 * route answers. Labelled `other`, with requests that matched no route at all.
 */
const catchAll = (route: string) => route.replace(/\([^)]*\)/g, '').replace(/[/*]/g, '') === '';

interface KnexPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

export interface RequestObservation {
  method: string;
  /**
   * The matched route's pattern (`/api/videos/:id`), never the raw path: one series per route, not per URL. Null when
   * no route matched: a public read the response cache answered before routing is labelled `public-cache`, anything
   * else `other` (static files, not found).
   */
  route: string | null;
  status: number;
  seconds: number;
  /** The public response cache's X-Cache header (HIT or MISS), when it answered. */
  cache?: string;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'cms' });
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request, by method, matched route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const publicCache = new Counter({
    name: 'framecast_public_cache_requests_total',
    help: 'Public reads answered by the response cache (hit) or past it (miss)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const signInFailures = new Counter({
    name: 'framecast_sign_in_failures_total',
    help: 'Refused sign-ins: wrong credentials (refused) or too many attempts (limited), for viewers and admins',
    labelNames: ['who', 'reason'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'framecast_queue_jobs',
    help: 'Transcode jobs by state (waiting, delayed, active, completed, failed)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await transcodingSelfTest(strapi)
        ?.queueCounts()
        .catch(() => null);
      for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'framecast_db_pool_connections',
    help: 'Database pool connections: in use, idle, and requests waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = (strapi.db.connection as unknown as { client: { pool?: KnexPool } }).client.pool;
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
    },
  });

  return {
    /** What the request middleware (middlewares/request-metrics.ts) saw of one request. */
    observeRequest({ method, route, status, seconds, cache }: RequestObservation) {
      const label = !route ? (cache === 'HIT' ? 'public-cache' : 'other') : catchAll(route) ? 'other' : route;
      requestDuration.observe({ method, route: label, status: String(status) }, seconds);
      if (cache === 'HIT' || cache === 'MISS') publicCache.inc({ result: cache.toLowerCase() });
      const who = route ? SIGN_IN_ROUTES[`${method} ${route}`] : undefined;
      if (who && (status === 400 || status === 401)) signInFailures.inc({ who, reason: 'refused' });
      if (who && status === 429) signInFailures.inc({ who, reason: 'limited' });
    },

    /** The text exposition format Prometheus scrapes, with search's and transcoding's metrics when they are enabled. */
    async exposition(): Promise<{ contentType: string; body: string }> {
      const others = [transcodingSelfTest(strapi)?.metricsRegistry(), discoveryMetrics(strapi)?.registry].filter(
        (other): other is Registry => other !== undefined,
      );
      const merged = others.length > 0 ? Registry.merge([registry, ...others]) : registry;
      // a merged registry starts without default labels; every part is this CMS's
      merged.setDefaultLabels({ service: 'cms' });
      return { contentType: registry.contentType, body: await merged.metrics() };
    },
  };
};
