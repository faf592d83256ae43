import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';
import { actorOf, canAppeal, canReview } from '../utils/admin-user';
import { forbidden } from '../utils/errors';
import { parseAppeal } from '../validation/input';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /moderation/videos/:documentId/status: the owner's (or a moderator's) view of the video's moderation. */
  async status(ctx: Context) {
    const actor = actorOf(ctx);
    if (!canReview(ctx) && !canAppeal(ctx)) throw forbidden('Moderation decisions are shown to moderators and owners');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await getService(strapi, 'appeals').statusFor(ctx.params.documentId, canReview(ctx) ? null : actor.id);
  },

  /** POST /moderation/videos/:documentId/appeal { message }: the owner only, once per decision. */
  async appeal(ctx: Context) {
    const { message } = parseAppeal((ctx.request as unknown as { body?: unknown }).body);
    const actor = actorOf(ctx);
    ctx.status = 201;
    ctx.body = await getService(strapi, 'appeals').appeal(
      ctx.params.documentId,
      actor.id as number,
      actor.name,
      message,
    );
  },
});
