import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { Ability } from '../utils/permissions';
import { getService } from '../utils';
import { parseInboxQuery } from '../validation/inbox';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /publishing/inbox?page=&q= */
  async find(ctx: Context) {
    const { userAbility } = ctx.state as { userAbility: Ability };
    ctx.body = await getService(strapi, 'inbox').list(userAbility, parseInboxQuery(ctx.query));
  },
});
