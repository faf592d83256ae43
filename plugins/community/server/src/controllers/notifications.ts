import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { markRead, page, parse } from '../validation/input';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const notifications = () => getService(strapi, 'notifications');
  return {
    async list(ctx: Context) {
      const query = parse(page, ctx.query);
      ctx.body = await notifications().list(ctx.state.viewer.id, query.page);
    },
    async unread(ctx: Context) {
      ctx.body = { unread: await notifications().unreadCount(ctx.state.viewer.id) };
    },
    async markRead(ctx: Context) {
      const input = parse(markRead, ctx.request.body);
      await notifications().markRead(ctx.state.viewer.id, input.ids);
      ctx.body = { unread: await notifications().unreadCount(ctx.state.viewer.id) };
    },
  };
};
