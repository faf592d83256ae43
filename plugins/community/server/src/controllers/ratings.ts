import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type { RatingsService } from '../services/ratings';
import { publicName } from '../services/viewer';
import { page, parse, rating } from '../validation/input';
import { routeVideo } from './shared';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const ratings = () => strapi.plugin('community').service('ratings') as RatingsService;
  return {
    async list(ctx: Context) {
      const query = parse(page, ctx.query, ctx);
      const video = query && (await routeVideo(strapi, ctx));
      if (!query || !video) return;
      const viewer = ctx.state.viewer ?? null;
      const reviews = await ratings().list(video.documentId, viewer, query.page);
      ctx.body = { ...reviews, mine: viewer ? await ratings().mine(video.documentId, viewer) : null };
    },
    async rate(ctx: Context) {
      const video = await routeVideo(strapi, ctx);
      const input = video && parse(rating, ctx.request.body, ctx);
      if (!video || !input) return;
      ctx.body = await ratings().rate(video, { ...ctx.state.viewer, name: await publicName(strapi, ctx.state.viewer) }, input);
    },
    async remove(ctx: Context) {
      const video = await routeVideo(strapi, ctx);
      if (video) ctx.body = await ratings().remove(video.documentId, ctx.state.viewer);
    },
  };
};
