/**
 * Side effects of video writes (document service middleware): a video that becomes publicly watchable notifies the
 * followers of its creator once; a deleted video takes its comments, ratings and notifications with it, and a deleted
 * forum topic its posts.
 */
import { LISTED_VIDEO_WHERE } from '@framecast/contracts';
import type { Core } from '@strapi/strapi';
import { getService } from './utils';

const VIDEO = 'api::video.video';
const TOPIC = 'plugin::community.topic';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  async function announce(documentId: string): Promise<void> {
    const video = await getService(strapi, 'videos').reachable(documentId);
    // followers hear of listed videos only, not of one shared by link (unlisted)
    const listed = (await strapi.db.query(VIDEO).count({ where: { documentId, ...LISTED_VIDEO_WHERE } })) > 0;
    if (!video?.creator || !listed) return;
    const followers = await getService(strapi, 'follows').followerIds(video.creator.documentId);
    await getService(strapi, 'notifications').notify(
      followers.map((recipient) => ({
        recipient,
        kind: 'new-video' as const,
        dedupeKey: `new-video:${documentId}`,
        video: documentId,
        actorName: video.creator!.displayName,
        text: `${video.creator!.displayName} published “${video.title}”`,
      })),
    );
  }

  async function forgetVideo(documentId: string): Promise<void> {
    if (await strapi.db.query(VIDEO).count({ where: { documentId } })) return;
    await Promise.all([
      strapi.db.query('plugin::community.comment').deleteMany({ where: { video: documentId } }),
      strapi.db.query('plugin::community.rating').deleteMany({ where: { video: documentId } }),
      strapi.db.query('plugin::community.notification').deleteMany({ where: { video: documentId } }),
      getService(strapi, 'video-reports').forgetVideo(documentId),
    ]);
  }

  // forum types are reached through the community routes only, never GraphQL's generated queries
  const graphql = strapi.plugin('graphql');
  if (graphql) {
    const extension = graphql.service('extension') as { shadowCRUD(uid: string): { disable(): void } };
    extension.shadowCRUD(TOPIC).disable();
    extension.shadowCRUD('plugin::community.topic-subscription').disable();
  }

  strapi.documents.use(async (context, next) => {
    // a topic a moderator deletes in the admin takes its posts, subscriptions and notifications along
    if (context.uid === TOPIC && context.action === 'delete') {
      const documentId = (context.params as { documentId?: string }).documentId;
      const row = documentId
        ? ((await strapi.db.query(TOPIC).findOne({ where: { documentId }, select: ['id'] })) as { id: number } | null)
        : null;
      const result = await next();
      if (row) await getService(strapi, 'topics').forgetTopic(row.id);
      return result;
    }
    if (context.uid !== VIDEO) return next();
    const result = await next();
    const params = context.params as { documentId?: string; status?: string };
    const documentId = params.documentId ?? (result as { documentId?: string } | null)?.documentId;
    if (!documentId) return result;
    // after the write's transaction, outside it: a failed announcement must not undo the write, nor wait on it
    const afterWrites = getService(strapi, 'after-writes');
    if (
      context.action === 'publish' ||
      (['create', 'update'].includes(context.action) && params.status === 'published')
    ) {
      afterWrites.run(`announcing video ${documentId}`, () => announce(documentId));
    }
    if (context.action === 'delete') afterWrites.run(`forgetting video ${documentId}`, () => forgetVideo(documentId));
    return result;
  });
};
