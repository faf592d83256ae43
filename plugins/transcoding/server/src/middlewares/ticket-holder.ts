import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { TICKET_HEADER } from '../services/uploads';
import { getService } from '../utils';

/**
 * tus routes authenticate with an upload ticket, not the admin session: this names the ticket's admin user in
 * `ctx.state` as the session would (same key), so `plugin::rate-limits.limit` with `per: 'user'` counts a user's
 * tus creations and ticket requests together. A missing or bad ticket names no one (the controller refuses it).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: Next) => {
    const ticket = ctx.get(TICKET_HEADER);
    const verified = ticket ? getService(strapi, 'playback').verifyUploadTicket(ticket) : null;
    if (verified && !ctx.state.user) {
      ctx.state.user = { id: verified.userId };
      ctx.state.auth = { ...(ctx.state.auth ?? {}), strategy: { name: 'admin' } };
    }
    return next();
  };
