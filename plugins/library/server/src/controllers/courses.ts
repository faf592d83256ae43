import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { parseCourseId, parseProgressQuery } from '../validation/courses';
import { getService } from '../utils';
import { viewerOf } from '../utils/viewer';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'courses');
  return {
    async find(ctx: Context) {
      ctx.body = { data: await service().list(viewerOf(ctx)) };
    },
    async enrol(ctx: Context) {
      await service().enrol(viewerOf(ctx), parseCourseId(ctx.params.courseDocumentId));
      ctx.status = 204;
    },
    async leave(ctx: Context) {
      await service().leave(viewerOf(ctx), parseCourseId(ctx.params.courseDocumentId));
      ctx.status = 204;
    },
    async progress(ctx: Context) {
      ctx.body = { data: await service().progress(viewerOf(ctx), parseProgressQuery(ctx.query)) };
    },
  };
};
