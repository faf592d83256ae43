/**
 * Who is acting in the admin panel: a Creator (an untrusted user who may touch only its own channel) or
 * someone whose role reaches all content (super admin, editor, moderator). The channel rules apply to the first.
 */
import type { Core } from '@strapi/strapi';
import { ROLE_CODES } from './admin-roles';

/** Roles that reach all content: when a user holds one of them, the channel rules step aside. */
export const PRIVILEGED_ROLE_CODES = new Set(['strapi-super-admin', 'strapi-editor', ROLE_CODES.moderator]);

export type AdminUser = { id: number; roles?: Array<{ code: string }> };

/** The admin user's CASL ability, as the admin authentication strategy leaves it on `ctx.state`. */
export type UserAbility = {
  can(action: string, subject?: unknown, field?: string): boolean;
  rulesFor?(action: string, subject: string): unknown[];
};

export type ActingCreator = { user: AdminUser; ability: UserAbility };

type AdminState = { user?: AdminUser; userAbility?: UserAbility; route?: { info?: { type?: string } } } | undefined;

/** A creator acting through an admin route: `state` is `ctx.state` of that request. */
export function creatorFromState(state: AdminState): ActingCreator | undefined {
  const user = state?.user;
  if (!user?.roles || !state?.userAbility || state.route?.info?.type !== 'admin') return undefined;
  const codes = user.roles.map((role) => role.code);
  if (codes.some((code) => PRIVILEGED_ROLE_CODES.has(code))) return undefined;
  return codes.includes(ROLE_CODES.creator) ? { user, ability: state.userAbility } : undefined;
}

/** The creator behind the current request, if the request is an admin request made by one. */
export function actingCreator(strapi: Core.Strapi): ActingCreator | undefined {
  const request = strapi.requestContext.get() as { state?: AdminState } | undefined;
  return creatorFromState(request?.state);
}
