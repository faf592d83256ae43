import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type { CommentsService } from '../services/comments';
import { publicName } from '../services/viewer';
import { editComment, newComment, numericId, page, parse, report } from '../validation/input';
import { answering, routeVideo } from './shared';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const comments = () => strapi.plugin('community').service('comments') as CommentsService;
  return {
    async list(ctx: Context) {
      const query = parse(page, ctx.query, ctx);
      const video = query && (await routeVideo(strapi, ctx));
      if (query && video) ctx.body = await comments().list(video.documentId, ctx.state.viewer ?? null, query.page);
    },
    async create(ctx: Context) {
      const video = await routeVideo(strapi, ctx);
      const input = video && parse(newComment, ctx.request.body, ctx);
      if (!video || !input) return;
      const viewer = { ...ctx.state.viewer, name: await publicName(strapi, ctx.state.viewer) };
      await answering(ctx, async () => ({ data: await comments().create(video, viewer, input) }), 201);
    },
    async edit(ctx: Context) {
      const id = parse(numericId, ctx.params.id, ctx);
      const input = id && parse(editComment, ctx.request.body, ctx);
      if (id && input) await answering(ctx, async () => ({ data: await comments().edit(id, ctx.state.viewer, input.body) }));
    },
    async remove(ctx: Context) {
      const id = parse(numericId, ctx.params.id, ctx);
      if (id) await answering(ctx, () => comments().remove(id, ctx.state.viewer));
    },
    async report(ctx: Context) {
      const id = parse(numericId, ctx.params.id, ctx);
      const input = id && parse(report, ctx.request.body, ctx);
      if (id && input) await answering(ctx, async () => (await comments().report(id, ctx.state.viewer, input), { reported: true }));
    },
  };
};
