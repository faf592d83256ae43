import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { parseSearchQuery, parseSuggestQuery } from '../validation/search-query';
import type { SearchService } from '../services/search';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => strapi.plugin('discovery').service('search') as SearchService;
  return {
    async search(ctx: Context) {
      ctx.body = await service().search(parseSearchQuery(ctx.query));
    },
    async suggest(ctx: Context) {
      ctx.body = await service().suggest(parseSuggestQuery(ctx.query));
    },
  };
};
