import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';
import { actorOf } from '../utils/admin-user';
import { parseDecision } from '../validation/input';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /moderation/queue */
  async list(ctx: Context) {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await getService(strapi, 'queue').list();
  },

  /** POST /moderation/videos/:documentId/decisions { decision, reason } */
  async decide(ctx: Context) {
    const { decision, reason } = parseDecision((ctx.request as unknown as { body?: unknown }).body);
    ctx.body = await getService(strapi, 'decisions').decide(ctx.params.documentId, decision, reason, actorOf(ctx));
  },
});
