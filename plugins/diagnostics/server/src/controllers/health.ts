import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The report is the body either way: 503 tells a load balancer that this instance cannot serve (not an error body). */
  async check(ctx: Context) {
    const report = await getService(strapi, 'health').report();
    ctx.set('Cache-Control', 'no-store');
    ctx.status = report.status === 'ok' ? 200 : 503;
    ctx.body = report;
  },
});
