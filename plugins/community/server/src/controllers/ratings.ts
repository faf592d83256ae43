import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { publicName } from '../utils/viewer';
import { getService } from '../utils';
import { routeVideo } from '../utils/route-video';
import { page, parse, rating } from '../validation/input';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const ratings = () => getService(strapi, 'ratings');
  return {
    async list(ctx: Context) {
      const query = parse(page, ctx.query);
      const video = await routeVideo(strapi, ctx);
      ctx.body = await ratings().listWithMine(video.documentId, ctx.state.viewer ?? null, query.page);
    },
    async rate(ctx: Context) {
      const video = await routeVideo(strapi, ctx);
      const input = parse(rating, ctx.request.body);
      ctx.body = await ratings().rate(
        video,
        { ...ctx.state.viewer, name: await publicName(strapi, ctx.state.viewer) },
        input,
      );
    },
    async remove(ctx: Context) {
      const video = await routeVideo(strapi, ctx);
      ctx.body = await ratings().remove(video.documentId, ctx.state.viewer);
    },
  };
};
