/**
 * Who is asking: the signed-in viewer behind a request's Bearer token (checked by users-permissions, session alive,
 * account confirmed and not blocked), for plugins whose routes serve viewers. Plugins call it through their policies.
 */
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';

export type Viewer = { id: number; documentId: string; username: string; email: string; createdAt: string };
export type ViewerLookup = { viewer: Viewer } | { viewer: null; problem: 'missing' | 'invalid' };

const viewersService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async fromRequest(ctx: Context): Promise<ViewerLookup> {
    if (!/^Bearer\s+\S+/i.test(ctx.get('authorization'))) return { viewer: null, problem: 'missing' };
    try {
      const jwt = strapi.plugin('users-permissions').service('jwt') as {
        getToken(ctx: Context): Promise<{ id?: number } | null>;
      };
      const token = await jwt.getToken(ctx);
      if (!token?.id) return { viewer: null, problem: 'invalid' };
      const user = (await strapi.db.query('plugin::users-permissions.user').findOne({
        where: { id: token.id },
        select: ['id', 'documentId', 'username', 'email', 'createdAt', 'confirmed', 'blocked'],
      })) as (Viewer & { confirmed: boolean; blocked: boolean }) | null;
      if (!user || !user.confirmed || user.blocked) return { viewer: null, problem: 'invalid' };
      const { confirmed: _confirmed, blocked: _blocked, ...viewer } = user;
      return { viewer };
    } catch {
      return { viewer: null, problem: 'invalid' };
    }
  },
});

export default viewersService;
export type ViewersService = ReturnType<typeof viewersService>;
