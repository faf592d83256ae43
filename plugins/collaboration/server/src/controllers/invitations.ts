import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';
import { invalid } from '../utils/errors';

const userOf = (ctx: Context) => (ctx.state as { user: { id: number } }).user.id;
const idOf = (ctx: Context) => {
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw invalid('No such invitation.');
  return id;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const invitations = () => getService(strapi, 'invitations');
  return {
    /** GET /collaboration/invitations */
    async mine(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await invitations().mine(userOf(ctx));
    },
    /** GET /collaboration/videos/:documentId/invitations (the owner) */
    async ofVideo(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: await invitations().ofVideo(String(ctx.params.documentId), userOf(ctx)) };
    },
    /** POST /collaboration/videos/:documentId/invitations { handle } (the owner) */
    async invite(ctx: Context) {
      const handle = (ctx.request as unknown as { body?: { handle?: unknown } }).body?.handle;
      if (typeof handle !== 'string' || !/^\s*@?[a-zA-Z0-9-]{3,40}\s*$/.test(handle))
        throw invalid('Give the channel’s handle (3 to 40 letters, digits and dashes).', 'handle');
      ctx.status = 201;
      ctx.body = {
        data: await invitations().invite(String(ctx.params.documentId), handle.trim().replace(/^@/, ''), userOf(ctx)),
      };
    },
    async accept(ctx: Context) {
      ctx.body = { data: await invitations().accept(idOf(ctx), userOf(ctx)) };
    },
    async decline(ctx: Context) {
      ctx.body = { data: await invitations().decline(idOf(ctx), userOf(ctx)) };
    },
    async withdraw(ctx: Context) {
      ctx.body = { data: await invitations().withdraw(idOf(ctx), userOf(ctx)) };
    },
  };
};
