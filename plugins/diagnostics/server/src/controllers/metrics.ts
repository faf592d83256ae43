import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /metrics: Prometheus's text format. */
  async expose(ctx: Context) {
    const { contentType, body } = await getService(strapi, 'metrics').exposition();
    ctx.set('Cache-Control', 'no-store');
    ctx.type = contentType;
    ctx.body = body;
  },
});
