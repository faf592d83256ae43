import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { parseDocumentId } from '../validation/search-query';
import { getService } from '../utils';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const cards = await getService(strapi, 'related').forVideo(parseDocumentId(ctx.params.documentId));
    if (!cards) throw new errors.NotFoundError('No such video');
    ctx.body = { data: cards };
  },
});
