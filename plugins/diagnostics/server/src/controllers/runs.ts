import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { parseRun } from '../validation/run';

type AdminState = { user: { id: number; firstname?: string | null; lastname?: string | null; email?: string } };

const adminName = (ctx: Context) => {
  const { user } = ctx.state as AdminState;
  return [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email || `admin #${user.id}`;
};

/** The admin's Diagnostics page (routes/admin.ts). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const diagnose = () => getService(strapi, 'diagnose');
  return {
    /** GET /diagnostics/checks: the checks there are, in order, with what each verifies. */
    async checks(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: diagnose().list() };
    },
    /** GET /diagnostics/runs: the last runs, newest first, and whether one is under way. */
    async history(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await diagnose().history(), meta: { running: diagnose().running() } };
    },
    /** POST /diagnostics/runs { only?: string[] }: runs all checks or the named ones, answers the run. */
    async run(ctx: Context) {
      const { only } = parseRun((ctx.request as unknown as { body?: unknown }).body);
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 201;
      ctx.body = { data: await diagnose().run({ only, by: adminName(ctx), exclusive: true }) };
    },
  };
};
