import type { Core } from '@strapi/strapi';
import { getService } from './utils';

const VIDEO = 'api::video.video';
/** Types a video document shows (name, handle, avatar…): a change to one reindexes its videos. */
const SHOWN_ON_VIDEOS = new Set(['api::creator.creator', 'api::category.category', 'api::tag.tag']);
const WRITES = new Set(['create', 'update', 'publish', 'unpublish', 'delete', 'discardDraft']);

/**
 * Index sync: after every document write that can change what search shows, the videos it touches are
 * scheduled for reindexing, outside the write's transaction (services/indexer.ts).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const indexer = () => getService(strapi, 'indexer');

  strapi.documents.use(async (context, next) => {
    if (!WRITES.has(context.action) || (context.uid !== VIDEO && !SHOWN_ON_VIDEOS.has(context.uid))) return next();
    const params = context.params as { documentId?: string };
    // before the write: the videos a tag or category shows on now (a delete unlinks them)
    const before =
      context.uid !== VIDEO && params.documentId
        ? await getService(strapi, 'documents').videosShowing(context.uid, params.documentId)
        : [];
    const result = await next();
    const documentId = params.documentId ?? (result as { documentId?: string } | null)?.documentId;
    if (context.uid === VIDEO) {
      if (documentId) indexer().schedule([documentId]);
      // a deleted video's counted views go with it
      if (
        context.action === 'delete' &&
        documentId &&
        !(await strapi.db.query(VIDEO).count({ where: { documentId } }))
      ) {
        await strapi.db.query('plugin::discovery.view').deleteMany({ where: { video: documentId } });
      }
    } else if (documentId) {
      const after = await getService(strapi, 'documents').videosShowing(context.uid, documentId);
      indexer().schedule([...before, ...after]);
    }
    return result;
  });

  // the transcoder writes status, duration and posters without the document service
  strapi.eventHub.on('transcoding::video.changed', async ({ documentId }: { documentId?: string }) => {
    if (documentId) indexer().schedule([documentId]);
  });
};
