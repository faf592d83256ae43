import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { parseSettings } from '../validation/settings';
import { getService } from '../utils';
import { bodyOf, viewerOf } from '../utils/viewer';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'settings');
  return {
    async find(ctx: Context) {
      ctx.body = { data: await service().get(viewerOf(ctx)) };
    },
    async update(ctx: Context) {
      const viewer = viewerOf(ctx);
      ctx.body = { data: await service().update(viewer, parseSettings(bodyOf(ctx))) };
    },
  };
};
