import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { parseDocumentId } from '../validation/search-query';
import type { RelatedService } from '../services/related';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const cards = await (strapi.plugin('discovery').service('related') as RelatedService).forVideo(parseDocumentId(ctx.params.documentId));
    if (!cards) throw new errors.NotFoundError('No such video');
    ctx.body = { data: cards };
  },
});
