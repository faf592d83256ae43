/**
 * For the routes of plugins that serve viewers: resolves the signed-in viewer into ctx.state.viewer. `required` routes
 * answer 401 without one; optional ones serve everyone and personalise for viewers. A token that is present but no
 * longer valid is always a 401, so the site knows to refresh it. With `announce`, a successful write emits that event
 * (the public response cache listens).
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { unauthorized } from '../utils/errors';

export default (config: { required?: boolean; announce?: string } = {}, { strapi }: { strapi: Core.Strapi }) => {
  const required = config.required !== false;
  return async (ctx: Context, next: Next) => {
    const lookup = await getService(strapi, 'viewers').fromRequest(ctx);
    if (!lookup.viewer && (required || lookup.problem === 'invalid')) {
      const message = lookup.problem === 'invalid' ? 'Your session has expired: sign in again.' : 'Sign in to do this.';
      throw unauthorized(message, { reason: lookup.problem });
    }
    ctx.state.viewer = lookup.viewer;
    await next();
    if (config.announce && ctx.method !== 'GET' && ctx.status < 400)
      strapi.eventHub.emit(config.announce, { path: ctx.path });
  };
};
