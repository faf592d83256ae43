import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';
import { parseFeedback, parseId, parseListQuery, parseTriage } from '../validation/input';

type AdminState = { user: { id: number; firstname?: string | null; lastname?: string | null; email?: string } };

const moderatorOf = (ctx: Context) => {
  const { user } = ctx.state as AdminState;
  return {
    id: user.id,
    name: [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email || `#${user.id}`,
  };
};

const bodyOf = (ctx: Context) => (ctx.request as unknown as { body?: unknown }).body;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const feedback = () => getService(strapi, 'feedback');
  return {
    /** POST /api/feedback { category, message, page, contact? } */
    async send(ctx: Context) {
      const input = parseFeedback(bodyOf(ctx));
      const viewer = (ctx.state.viewer as { id?: number } | null | undefined)?.id ?? null;
      ctx.status = 201;
      ctx.body = { data: await feedback().send(input, viewer) };
    },
    /** GET /feedback/messages?state=&category=&page=&pageSize= (admin) */
    async list(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await feedback().list(parseListQuery(ctx.query));
    },
    /** PUT /feedback/messages/:id { state?, note? } (admin) */
    async triage(ctx: Context) {
      const change = parseTriage(bodyOf(ctx));
      ctx.body = { data: await feedback().triage(parseId(ctx.params.id), change, moderatorOf(ctx)) };
    },
  };
};
