import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { handle, page, parse } from '../validation/input';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const follows = () => getService(strapi, 'follows');
  const routeCreator = (ctx: Context) => follows().creatorOrNotFound(parse(handle, ctx.params.handle));
  return {
    async status(ctx: Context) {
      ctx.body = await follows().status(await routeCreator(ctx), ctx.state.viewer?.id);
    },
    async follow(ctx: Context) {
      ctx.body = await follows().follow(ctx.state.viewer.id, await routeCreator(ctx));
    },
    async unfollow(ctx: Context) {
      ctx.body = await follows().unfollow(ctx.state.viewer.id, await routeCreator(ctx));
    },
    async mine(ctx: Context) {
      ctx.body = { data: await follows().following(ctx.state.viewer.id) };
    },
    async feed(ctx: Context) {
      const query = parse(page, ctx.query);
      ctx.body = await follows().feed(ctx.state.viewer.id, query.page);
    },
  };
};
