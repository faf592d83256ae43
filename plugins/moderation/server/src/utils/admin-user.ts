/** Who is asking, in an admin route: their id and name for the log, and whether they are a moderator. */
import type { Context } from 'koa';
import type { Actor } from '../services/log';

type AdminState = {
  user?: { id: number; firstname?: string | null; lastname?: string | null; username?: string | null; email?: string };
  userAbility?: { can(action: string): boolean };
};

export function actorOf(ctx: Context): Actor {
  const user = (ctx.state as AdminState).user;
  if (!user) return { id: null, name: 'unknown' };
  const name =
    [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || user.email || `#${user.id}`;
  return { id: user.id, name };
}

export const canReview = (ctx: Context): boolean =>
  (ctx.state as AdminState).userAbility?.can('plugin::moderation.review') === true;

export const canAppeal = (ctx: Context): boolean =>
  (ctx.state as AdminState).userAbility?.can('plugin::moderation.appeal') === true;
