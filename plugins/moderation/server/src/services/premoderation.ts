/**
 * Pre-moderation (PREMODERATION_POLICY): a video a creator makes in the admin waits as `pending` for a moderator when
 * the policy says so — `all` of them, or the channel's `first` N — unless a moderator marked the channel trusted.
 * The video enters the review queue; the creator is told by mail and in the edit view.
 */
import type { Core } from '@strapi/strapi';
import { getService, getSettings } from '../utils';

const CREATOR = 'api::creator.creator';

const premoderationService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Whether a new video of this channel waits for review. */
  async applies(creator: string): Promise<boolean> {
    const { premoderation, premoderationFirst } = getSettings(strapi);
    if (premoderation === 'none') return false;
    const channel = (await strapi.db
      .query(CREATOR)
      .findOne({ where: { documentId: creator }, select: ['trusted'] })) as {
      trusted: boolean | null;
    } | null;
    if (!channel || channel.trusted) return false;
    if (premoderation === 'all') return true;
    return (await getService(strapi, 'videos').countOfChannel(creator)) <= premoderationFirst;
  },

  /** After a creator made a video: hold it when the policy applies. */
  async afterCreate(documentId: string): Promise<void> {
    const video = await getService(strapi, 'videos').one(documentId);
    if (!video.creator || !(await this.applies(video.creator.documentId))) return;
    const { premoderation, premoderationFirst } = getSettings(strapi);
    const why =
      premoderation === 'all'
        ? 'Every new video is reviewed before it appears.'
        : `The first ${premoderationFirst} videos of a new channel are reviewed before they appear.`;
    await getService(strapi, 'videos').setState(documentId, 'pending', why);
    await getService(strapi, 'log').record(
      'pre-moderated',
      { ...video, state: 'pending' },
      { id: null, name: 'Framecast (pre-moderation)' },
      why,
    );
    await getService(strapi, 'notices').tell('pre-moderated', video, why);
  },
});

export default premoderationService;
export type PremoderationService = ReturnType<typeof premoderationService>;
