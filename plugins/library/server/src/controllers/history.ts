import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { parseVideoId } from '../validation/common';
import { parseHistoryQuery, parseProgress } from '../validation/history';
import { getService } from '../utils';
import { bodyOf, viewerOf } from '../utils/viewer';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'history');
  return {
    async find(ctx: Context) {
      const viewer = viewerOf(ctx);
      ctx.body = await service().list(viewer, parseHistoryQuery(ctx.query).page);
    },
    async findOne(ctx: Context) {
      const progress = await service().get(viewerOf(ctx), parseVideoId(ctx.params.videoDocumentId));
      if (!progress) throw new errors.NotFoundError('No progress saved for this video');
      ctx.body = { data: progress };
    },
    async save(ctx: Context) {
      const viewer = viewerOf(ctx);
      const video = parseVideoId(ctx.params.videoDocumentId);
      await service().save(viewer, video, parseProgress(bodyOf(ctx)));
      ctx.status = 204;
    },
    async delete(ctx: Context) {
      await service().remove(viewerOf(ctx), parseVideoId(ctx.params.videoDocumentId));
      ctx.status = 204;
    },
    async clear(ctx: Context) {
      await service().clear(viewerOf(ctx));
      ctx.status = 204;
    },
  };
};
