/**
 * Search latency for Prometheus (prom-client): how long search and suggest took, by the engine that answered
 * (`embedded`, `meilisearch`, or `database` when the engine failed or is not ready) and whether the answer is degraded.
 * The diagnostics plugin merges this registry into the CMS's GET /metrics. A registry per CMS: two CMSs in one process
 * (the tests) keep their own counts.
 */
import { Histogram, Registry } from 'prom-client';

export type SearchOperation = 'search' | 'suggest';

export type MetricsService = ReturnType<typeof metricsService>;

const metricsService = () => {
  const registry = new Registry();
  const searchDuration = new Histogram({
    name: 'framecast_search_duration_seconds',
    help: 'Time to answer a search or a suggestion, by the engine that answered (database: the fallback)',
    labelNames: ['engine', 'operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  return {
    /** The registry the diagnostics plugin merges into the CMS's /metrics. */
    get registry(): Registry {
      return registry;
    },

    observeSearch(operation: SearchOperation, engine: string, seconds: number): void {
      searchDuration.observe({ engine, operation }, seconds);
    },
  };
};

export default metricsService;
