import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { parseSearchQuery, parseSuggestQuery } from '../validation/search-query';
import { getService } from '../utils';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'search');
  return {
    async search(ctx: Context) {
      ctx.body = await service().search(parseSearchQuery(ctx.query));
    },
    async suggest(ctx: Context) {
      ctx.body = await service().suggest(parseSuggestQuery(ctx.query));
    },
  };
};
