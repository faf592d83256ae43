import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { publicName } from '../utils/viewer';
import { getService } from '../utils';
import { routeVideo } from '../utils/route-video';
import { editComment, newComment, numericId, page, parse, report } from '../validation/input';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const comments = () => getService(strapi, 'comments');
  return {
    async list(ctx: Context) {
      const query = parse(page, ctx.query);
      const video = await routeVideo(strapi, ctx);
      ctx.body = await comments().list({ video: video.documentId }, ctx.state.viewer ?? null, query.page);
    },
    async create(ctx: Context) {
      const video = await routeVideo(strapi, ctx);
      const input = parse(newComment, ctx.request.body);
      const viewer = { ...ctx.state.viewer, name: await publicName(strapi, ctx.state.viewer) };
      ctx.status = 201;
      ctx.body = { data: await comments().create({ kind: 'video', video }, viewer, input) };
    },
    async edit(ctx: Context) {
      const id = parse(numericId, ctx.params.id);
      const input = parse(editComment, ctx.request.body);
      ctx.body = { data: await comments().edit(id, ctx.state.viewer, input.body) };
    },
    async remove(ctx: Context) {
      const id = parse(numericId, ctx.params.id);
      await comments().remove(id, ctx.state.viewer);
      ctx.status = 204;
    },
    async report(ctx: Context) {
      const id = parse(numericId, ctx.params.id);
      const input = parse(report, ctx.request.body);
      await comments().report(id, ctx.state.viewer, input);
      ctx.body = { reported: true };
    },
  };
};
