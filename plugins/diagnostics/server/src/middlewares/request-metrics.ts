/**
 * Times every request for the metrics (cms/config/middlewares.ts lists it first, outside `strapi::errors`, so a thrown
 * error is counted with the status it was answered with). The route label is the matched route's pattern.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: Next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      getService(strapi, 'metrics').observeRequest({
        method: ctx.method,
        route: (ctx as Context & { _matchedRoute?: string })._matchedRoute ?? null,
        status: ctx.status,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        cache: ctx.response.get('X-Cache') || undefined,
      });
    }
  };
