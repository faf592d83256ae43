import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async forViewer(ctx: Context) {
    const service = getService(strapi, 'recommendations');
    ctx.body = await service.forViewer((ctx.state.viewer as { id: number }).id);
  },
});
