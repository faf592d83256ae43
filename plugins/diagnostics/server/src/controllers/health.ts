import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Liveness. The report is the body either way: 503 tells a load balancer that this instance cannot serve. */
  async check(ctx: Context) {
    const report = await getService(strapi, 'health').report();
    ctx.set('Cache-Control', 'no-store');
    ctx.status = report.status === 'ok' ? 200 : 503;
    ctx.body = report;
  },

  /**
   * Readiness: 503 while the database, media storage, the queue or the search engine is not usable. The body names
   * each part's status only: what failed and why is for `npm run diagnose` and the admin's Diagnostics page, not for
   * whoever can reach this address.
   */
  async ready(ctx: Context) {
    const run = await getService(strapi, 'diagnose').ready();
    ctx.set('Cache-Control', 'no-store');
    ctx.status = run.status === 'fail' ? 503 : 200;
    ctx.body = {
      status: run.status === 'fail' ? 'not-ready' : 'ready',
      checks: Object.fromEntries(run.results.map((result) => [result.name, result.status])),
    };
  },
});
