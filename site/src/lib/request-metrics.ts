// Times every request for the metrics (lib/metrics.ts). It runs first in the middleware sequence (src/middleware.ts), so
// it sees the status the rest answered with; a request that throws is counted as the 500 Astro answers it with.
import type { MiddlewareHandler } from 'astro';
import { siteMetrics } from './metrics';

export const recordRequestMetrics: MiddlewareHandler = async (context, next) => {
  const started = performance.now();
  const observe = (status: number) =>
    siteMetrics.observeRequest({
      method: context.request.method,
      // the matched page's pattern (`/watch/[slug]`; `/404` for what no page answers), never the raw path
      route: context.routePattern,
      status,
      seconds: (performance.now() - started) / 1000,
    });
  try {
    const response = await next();
    observe(response.status);
    return response;
  } catch (error) {
    observe(500);
    throw error;
  }
};
