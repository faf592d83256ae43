/**
 * A per-address limit on public discovery endpoints: a fixed one-minute window per client address and bucket,
 * answered with 429, Retry-After and Strapi's error body. The site forwards each viewer's address, so viewers
 * are counted one by one, not the site as one client. Kept in this process's memory: behind several CMS
 * instances each counts its own share.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { clientKey } from '@framecast/config';
import type { EngineService } from '../services/engine';

const WINDOW_MS = 60_000;

type Bucket = 'search' | 'views';

export default (options: { bucket?: Bucket } = {}, { strapi }: { strapi: Core.Strapi }) => {
  const bucket: Bucket = options.bucket ?? 'search';
  const windows = new Map<string, { start: number; count: number }>();
  return async (ctx: Context, next: Next) => {
    const { config } = strapi.plugin('discovery').service('engine') as EngineService;
    const limit = bucket === 'search' ? config.searchRateLimitPerMinute : config.viewRateLimitPerMinute;
    if (limit === 0) return next();
    const now = Date.now();
    if (windows.size > 50_000) for (const [key, entry] of windows) if (now - entry.start >= WINDOW_MS) windows.delete(key);
    const key = clientKey(ctx.req.socket.remoteAddress ?? '', ctx.get('x-forwarded-for') || undefined, config.trustedProxies);
    let entry = windows.get(key);
    if (!entry || now - entry.start >= WINDOW_MS) {
      entry = { start: now, count: 0 };
      windows.set(key, entry);
    }
    entry.count += 1;
    if (entry.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((entry.start + WINDOW_MS - now) / 1000));
      ctx.set('Retry-After', String(retryAfter));
      ctx.status = 429;
      ctx.body = { data: null, error: { status: 429, name: 'RateLimitError', message: `Too many requests: try again in ${retryAfter} s`, details: { retryAfter } } };
      return;
    }
    return next();
  };
};
