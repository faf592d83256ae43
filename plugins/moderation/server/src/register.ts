/**
 * Pre-moderation hears every video a creator makes in the admin (a document service middleware, so the content
 * manager's create and clone, and bulk actions, are all covered) and holds it when the policy says so.
 */
import type { Core } from '@strapi/strapi';
import { getService } from './utils';

const VIDEO = 'api::video.video';
const CREATOR_ROLE = 'framecast-creator';

/** True when the write was asked in the admin by a creator (not staff, not code such as the seed). */
function askedByACreator(strapi: Core.Strapi): boolean {
  const ctx = strapi.requestContext.get() as
    { state?: { auth?: { strategy?: { name?: string } }; user?: { roles?: Array<{ code?: string }> } } } | undefined;
  if (ctx?.state?.auth?.strategy?.name !== 'admin') return false;
  const roles = ctx.state.user?.roles ?? [];
  return roles.length > 0 && roles.every((role) => role.code === CREATOR_ROLE);
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const graphql = strapi.plugin('graphql');
  if (graphql) {
    const extension = graphql.service('extension') as { shadowCRUD(uid: string): { disable(): void } };
    for (const uid of ['plugin::moderation.log-entry', 'plugin::moderation.appeal'])
      extension.shadowCRUD(uid).disable();
  }

  strapi.documents.use(async (context, next) => {
    if (
      context.uid !== VIDEO ||
      (context.action !== 'create' && context.action !== 'clone') ||
      !askedByACreator(strapi)
    )
      return next();
    const result = await next();
    const documentId = (result as { documentId?: string } | null)?.documentId;
    if (documentId) await getService(strapi, 'premoderation').afterCreate(documentId);
    return result;
  });
};
