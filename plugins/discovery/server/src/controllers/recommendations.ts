import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type { RecommendationsService } from '../services/recommendations';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async forViewer(ctx: Context) {
    const service = strapi.plugin('discovery').service('recommendations') as RecommendationsService;
    ctx.body = await service.forViewer((ctx.state.viewer as { id: number }).id);
  },
});
