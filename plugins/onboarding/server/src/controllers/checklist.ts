import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The signed-in admin user's own checklist (null without a channel). */
  async mine(ctx: Context) {
    const user = ctx.state.user as { id: number };
    ctx.body = { data: await getService(strapi, 'checklist').forAdmin(user.id) };
  },
});
