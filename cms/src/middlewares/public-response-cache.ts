/**
 * A short-lived cache of anonymous content-API reads (GET /api/..., no Authorization): catalog lists are read far
 * more often than they change. Each entry remembers what it read, and a write evicts only the entries that depend on
 * what it touched (src/public-cache), so a viewer sees an edit at once on this instance and within `ttlMs` on others.
 * `Cache-Control: no-cache` asks for a fresh read.
 */
import { beginRecording, dependencyKeys, endRecording, publicResponses } from '../public-cache';

type Config = { ttlMs?: number; maxEntries?: number; exclude?: string[] };
type Context = {
  method: string;
  path: string;
  url: string;
  status: number;
  body: unknown;
  type: string;
  state: { route?: { info?: { pluginName?: string } } };
  get(name: string): string;
  set(name: string, value: string): void;
};

export default (config: Config) => {
  const ttlMs = config.ttlMs ?? 5000;
  const maxEntries = config.maxEntries ?? 500;
  const exclude = config.exclude ?? ['/api/health'];

  return async (ctx: Context, next: () => Promise<void>) => {
    const cacheable =
      ttlMs > 0 &&
      ctx.method === 'GET' &&
      ctx.path.startsWith('/api/') &&
      // a path excluded with everything below it (/api/health, /api/health/ready)
      !exclude.some((path) => ctx.path === path || ctx.path.startsWith(`${path}/`)) &&
      !ctx.get('authorization');
    if (!cacheable) return next();

    const hit = publicResponses.fresh(ctx.url);
    if (hit && !/no-cache/i.test(ctx.get('cache-control'))) {
      ctx.set('X-Cache', 'HIT');
      ctx.type = hit.type;
      ctx.body = hit.body;
      return;
    }

    const recorder = beginRecording(ctx);
    try {
      await next();
      ctx.set('X-Cache', 'MISS');
      if (ctx.status !== 200 || !ctx.body || typeof ctx.body !== 'object') return;
      const plugin = ctx.state.route?.info?.pluginName;
      if (plugin) recorder.add(dependencyKeys.route(plugin));
      const body = JSON.stringify(ctx.body);
      publicResponses.store(ctx.url, body, 'application/json', ttlMs, maxEntries, recorder);
      ctx.type = 'application/json';
      ctx.body = body;
    } finally {
      endRecording(ctx, recorder);
    }
  };
};
