import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';
import { parseApplication, parseDecline, parseId, parseStateFilter } from '../validation/input';

type AdminState = { user: { id: number; firstname?: string | null; lastname?: string | null; email?: string } };

const moderatorOf = (ctx: Context) => {
  const { user } = ctx.state as AdminState;
  return {
    id: user.id,
    name: [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email || `#${user.id}`,
  };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const applications = () => getService(strapi, 'applications');
  return {
    /** GET /api/onboarding/application: the signed-in viewer's latest application, or null. */
    async mine(ctx: Context) {
      ctx.body = { data: await applications().mine(ctx.state.viewer.id) };
    },
    /** POST /api/onboarding/application */
    async apply(ctx: Context) {
      const input = parseApplication((ctx.request as unknown as { body?: unknown }).body);
      ctx.status = 201;
      ctx.body = { data: await applications().apply(ctx.state.viewer.id, input) };
    },
    /** GET /onboarding/applications?state= (admin) */
    async list(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await applications().list(parseStateFilter(ctx.query.state)) };
    },
    /** POST /onboarding/applications/:id/approve (admin) */
    async approve(ctx: Context) {
      ctx.body = await applications().approve(parseId(ctx.params.id), moderatorOf(ctx));
    },
    /** POST /onboarding/applications/:id/decline { reason } (admin) */
    async decline(ctx: Context) {
      const { reason } = parseDecline((ctx.request as unknown as { body?: unknown }).body);
      ctx.body = { data: await applications().decline(parseId(ctx.params.id), reason, moderatorOf(ctx)) };
    },
  };
};
