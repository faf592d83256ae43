import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';
import { parseChannelQuery, parseSlug } from '../validation/input';

type ViewerState = { viewer?: { id: number } };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const premieres = () => getService(strapi, 'premieres');
  const viewerId = (ctx: Context) => (ctx.state as ViewerState).viewer?.id;
  return {
    /** GET /api/publishing/premieres?creator=<handle>: a channel's Upcoming shelf. */
    async ofChannel(ctx: Context) {
      const { creator } = parseChannelQuery(ctx.query as Record<string, unknown>);
      ctx.body = { data: await premieres().ofChannel(creator, viewerId(ctx)) };
    },
    /** GET /api/publishing/premieres/following: the signed-in viewer's followed channels' premieres. */
    async following(ctx: Context) {
      ctx.body = { data: await premieres().followedBy(viewerId(ctx) as number) };
    },
    /** GET /api/publishing/premieres/:slug: one announced premiere (404 for anything else). */
    async one(ctx: Context) {
      ctx.body = { data: await premieres().one(parseSlug(ctx.params.slug), viewerId(ctx)) };
    },
    /** PUT /api/publishing/premieres/:slug/reminder */
    async remind(ctx: Context) {
      ctx.body = await premieres().remind(parseSlug(ctx.params.slug), viewerId(ctx) as number);
    },
    /** DELETE /api/publishing/premieres/:slug/reminder */
    async forget(ctx: Context) {
      ctx.body = await premieres().forget(parseSlug(ctx.params.slug), viewerId(ctx) as number);
    },
  };
};
