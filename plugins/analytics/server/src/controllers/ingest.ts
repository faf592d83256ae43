import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { clientKey } from '@framecast/contracts';
import { parseAnalyticsSettings } from '../config';
import { getService } from '../utils';
import { parsePlaybackBatch } from '../validation/batch';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { trustedProxies } = parseAnalyticsSettings(strapi.config.get('plugin::analytics'));

  return {
    /** POST /api/analytics/events: one beacon. 204 when taken (bots too: they learn nothing); 400/404/415 otherwise. */
    async record(ctx: Context) {
      const batch = parsePlaybackBatch((ctx.request as unknown as { body?: unknown }).body);
      await getService(strapi, 'ingest').record(batch, {
        address: clientKey(ctx.req.socket.remoteAddress ?? '', ctx.get('x-forwarded-for') || undefined, trustedProxies),
        userAgent: ctx.get('user-agent') || undefined,
        headers: ctx.headers,
      });
      ctx.status = 204;
    },
  };
};
