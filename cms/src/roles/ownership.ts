/**
 * A Creator's new videos and playlists always belong to the profile it owns: the create permission has no
 * condition to check (there is no document yet), so the profile is assigned here, whatever was sent.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ROLE_CODES } from './admin-roles';

const OWNED_TYPES = new Set(['api::video.video', 'api::playlist.playlist']);
const PRIVILEGED_ROLE_CODES = new Set(['strapi-super-admin', ROLE_CODES.moderator, 'strapi-editor']);

type AdminUser = { id: number; roles?: Array<{ code: string }> };
type RequestContext = { state?: { user?: AdminUser; route?: { info?: { type?: string } } } } | undefined;

function actingCreator(strapi: Core.Strapi): AdminUser | undefined {
  const request = strapi.requestContext.get() as RequestContext;
  const user = request?.state?.user;
  if (!user?.roles || request?.state?.route?.info?.type !== 'admin') return undefined;
  const codes = user.roles.map((role) => role.code);
  if (codes.some((code) => PRIVILEGED_ROLE_CODES.has(code))) return undefined;
  return codes.includes(ROLE_CODES.creator) ? user : undefined;
}

export function registerCreatorOwnership(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!OWNED_TYPES.has(context.uid) || context.action !== 'create') return next();
    const user = actingCreator(strapi);
    if (!user) return next();
    const profile = await strapi.db.query('api::creator.creator').findOne({
      select: ['documentId'],
      where: { owner: { id: user.id } },
    });
    if (!profile) {
      throw new errors.ForbiddenError('Your account has no creator profile yet. Ask a moderator to set one up.');
    }
    const params = context.params as { data?: Record<string, unknown> };
    params.data = { ...(params.data ?? {}), creator: { connect: [{ documentId: profile.documentId }] } };
    return next();
  });
}
