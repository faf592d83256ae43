import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type { FollowsService } from '../services/follows';
import { handle, page, parse } from '../validation/input';
import { notFound } from './shared';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const follows = () => strapi.plugin('community').service('follows') as FollowsService;
  const routeCreator = async (ctx: Context) => {
    const value = parse(handle, ctx.params.handle, ctx);
    if (!value) return null;
    const creator = await follows().creatorByHandle(value);
    if (!creator) notFound(ctx, 'There is no creator with this handle.');
    return creator;
  };
  return {
    async status(ctx: Context) {
      const creator = await routeCreator(ctx);
      if (creator) ctx.body = await follows().status(creator, ctx.state.viewer?.id);
    },
    async follow(ctx: Context) {
      const creator = await routeCreator(ctx);
      if (creator) ctx.body = await follows().follow(ctx.state.viewer.id, creator);
    },
    async unfollow(ctx: Context) {
      const creator = await routeCreator(ctx);
      if (creator) ctx.body = await follows().unfollow(ctx.state.viewer.id, creator);
    },
    async mine(ctx: Context) {
      ctx.body = { data: await follows().following(ctx.state.viewer.id) };
    },
    async feed(ctx: Context) {
      const query = parse(page, ctx.query, ctx);
      if (query) ctx.body = await follows().feed(ctx.state.viewer.id, query.page);
    },
  };
};
