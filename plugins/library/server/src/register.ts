import type { Core } from '@strapi/strapi';
import { getService } from './utils';

const VIDEO = 'api::video.video';
const PLAYLIST = 'api::playlist.playlist';
const LIBRARY_TYPES = [
  'plugin::library.collection',
  'plugin::library.watch-progress',
  'plugin::library.setting',
  'plugin::library.enrolment',
];

/**
 * A viewer's library is forgotten with their account, a deleted video's resume points with it, and a deleted course's
 * enrolments with the course. The library's
 * types are reached through /api/library only, not through GraphQL's generated CRUD.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  // the accounts plugin calls forgetViewer on account deletion; this also covers a user deleted by an admin
  strapi.db.lifecycles.subscribe({
    models: ['plugin::users-permissions.user'],
    async afterDelete(event) {
      const id = (event.result as { id?: number } | undefined)?.id;
      if (typeof id === 'number') await getService(strapi, 'library').forgetViewer(id);
    },
  });

  strapi.documents.use(async (context, next) => {
    const result = await next();
    if (context.uid === VIDEO && context.action === 'delete') {
      const documentId = (context.params as { documentId?: string }).documentId;
      if (documentId && !(await strapi.db.query(VIDEO).count({ where: { documentId } }))) {
        await getService(strapi, 'history').forgetVideo(documentId);
      }
    }
    if (context.uid === PLAYLIST && context.action === 'delete') {
      const documentId = (context.params as { documentId?: string }).documentId;
      if (documentId && !(await strapi.db.query(PLAYLIST).count({ where: { documentId } }))) {
        await getService(strapi, 'courses').forgetCourse(documentId);
      }
    }
    return result;
  });

  const graphql = strapi.plugin('graphql');
  if (graphql) {
    const extension = graphql.service('extension') as { shadowCRUD(uid: string): { disable(): void } };
    for (const uid of LIBRARY_TYPES) extension.shadowCRUD(uid).disable();
  }
};
