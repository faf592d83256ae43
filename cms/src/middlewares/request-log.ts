/**
 * First of all middlewares (config/middlewares.ts): names the request (the caller's X-Request-Id when it looks sane,
 * such as the site's or a load balancer's, else a new one), keeps it on `ctx.state.requestId` (every `strapi.log` line
 * of the request and the jobs it starts carry it, see config/logger.ts), answers it in X-Request-Id, and writes one
 * line per request. The line has the path without its query string (tokens travel there) or a media signature, and
 * no header: no cookie or Authorization reaches the logs. Replaces `strapi::logger`, which logs the full URL.
 */
import { REQUEST_ID_HEADER, acceptRequestId, loggablePath } from '@framecast/contracts';
import type { Core } from '@strapi/strapi';

type Context = {
  method: string;
  url: string;
  status: number;
  state: Record<string, unknown>;
  get(name: string): string;
  set(name: string, value: string): void;
};

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: () => Promise<void>) => {
    const requestId = acceptRequestId(ctx.get(REQUEST_ID_HEADER));
    ctx.state.requestId = requestId;
    // before the handlers: some (tus uploads) write the response themselves
    ctx.set(REQUEST_ID_HEADER, requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const fields = {
        method: ctx.method,
        path: loggablePath(ctx.url),
        status: ctx.status,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
      };
      if (ctx.status >= 500) strapi.log.warn('request', fields);
      else strapi.log.info('request', fields);
    }
  };
