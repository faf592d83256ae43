/**
 * A new creator's first steps, read from what they have done, never stored: a profile (a bio), an avatar, a first
 * upload, a first publish, captions on a video. The admin home page shows it (admin/src/components/ChecklistWidget.tsx)
 * until every step is done. Each step links to where it is done.
 */
import type { Core } from '@strapi/strapi';
import type { CreatorChecklist, CreatorChecklistStep } from '@framecast/contracts';

const CREATOR = 'api::creator.creator';
const VIDEO = 'api::video.video';
const CM = '/content-manager/collection-types';

type ChannelRow = { id: number; documentId: string; bio?: string | null; avatar?: { id: number } | null };

export type ChecklistService = ReturnType<typeof checklistService>;

const checklistService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The steps of the channel this admin user owns; null when they own none (staff, or an account without one). */
  async forAdmin(userId: number): Promise<CreatorChecklist | null> {
    const channel = (await strapi.db.query(CREATOR).findOne({
      where: { owner: { id: userId } },
      select: ['id', 'documentId', 'bio'],
      populate: { avatar: { select: ['id'] } },
    })) as ChannelRow | null;
    if (!channel) return null;
    const videos = strapi.db.query(VIDEO);
    const mine = { creator: { id: channel.id } };
    const [uploaded, published, captioned] = await Promise.all([
      videos.count({ where: mine }),
      videos.count({ where: { ...mine, publishedAt: { $notNull: true } } }),
      videos.count({ where: { ...mine, captions: { id: { $notNull: true } } } }),
    ]);
    const channelHref = `${CM}/${CREATOR}/${channel.documentId}`;
    const steps: CreatorChecklistStep[] = [
      {
        key: 'profile',
        label: 'Tell viewers about your channel (a bio)',
        done: Boolean(channel.bio?.trim()),
        href: channelHref,
      },
      { key: 'avatar', label: 'Add an avatar', done: Boolean(channel.avatar), href: channelHref },
      { key: 'upload', label: 'Upload your first video', done: uploaded > 0, href: '/plugins/transcoding' },
      {
        key: 'publish',
        label: 'Publish a video',
        done: published > 0,
        href: `${CM}/${VIDEO}`,
      },
      {
        key: 'captions',
        label: 'Add captions to a video (they are searched, and make a transcript)',
        done: captioned > 0,
        href: `${CM}/${VIDEO}`,
      },
    ];
    return { steps, done: steps.filter((step) => step.done).length, complete: steps.every((step) => step.done) };
  },
});

export default checklistService;
