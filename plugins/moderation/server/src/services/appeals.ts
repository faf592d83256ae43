/**
 * A creator's appeal: once per decision (a removal, a hold, a block), with a message; it puts the video back in the
 * review queue, where the next decision answers it (restore, approve or dismiss grant it; remove refuses it).
 */
import type { Core } from '@strapi/strapi';
import type { ModerationAppealView, ModerationStatusView } from '@framecast/contracts';
import { getService } from '../utils';
import { conflict, notFound } from '../utils/errors';
import type { ModeratedVideo } from './videos';

const APPEAL = 'plugin::moderation.appeal';

type AppealRow = {
  id: number;
  video: string;
  decision: number;
  message: string;
  state: 'open' | 'granted' | 'refused';
  createdAt: string | Date;
  decidedAt: string | Date | null;
};

const toView = (row: AppealRow): ModerationAppealView => ({
  id: row.id,
  message: row.message,
  state: row.state,
  createdAt: new Date(row.createdAt).toISOString(),
  decidedAt: row.decidedAt ? new Date(row.decidedAt).toISOString() : null,
});

const appealsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const appeals = () => strapi.db.query(APPEAL);

  /** The video, when this admin user owns its channel; otherwise it does not exist for them. */
  async function ownVideo(documentId: string, userId: number): Promise<ModeratedVideo> {
    const video = (await getService(strapi, 'videos').many([documentId])).get(documentId);
    if (!video || video.creator?.owner?.id !== userId) throw notFound('No such video');
    return video;
  }

  async function latestFor(documentId: string): Promise<AppealRow | null> {
    return (await appeals().findOne({
      where: { video: documentId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    })) as AppealRow | null;
  }

  return {
    async openFor(documentId: string): Promise<AppealRow | null> {
      return (await appeals().findOne({ where: { video: documentId, state: 'open' } })) as AppealRow | null;
    },

    async openByVideo(): Promise<Map<string, ModerationAppealView>> {
      const rows = (await appeals().findMany({ where: { state: 'open' }, limit: 1000 })) as AppealRow[];
      return new Map(rows.map((row) => [row.video, toView(row)]));
    },

    async latestByVideo(documentIds: string[]): Promise<Map<string, ModerationAppealView>> {
      const rows = (await appeals().findMany({
        where: { video: { $in: documentIds } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      })) as AppealRow[];
      return new Map(rows.map((row) => [row.video, toView(row)]));
    },

    async close(id: number, state: 'granted' | 'refused'): Promise<void> {
      await appeals().update({ where: { id }, data: { state, decidedAt: new Date() } });
    },

    /** What the video's creator sees in the edit view. */
    async statusFor(documentId: string, userId: number | null): Promise<ModerationStatusView> {
      const video =
        userId === null ? await getService(strapi, 'videos').one(documentId) : await ownVideo(documentId, userId);
      const takedown = video.state === 'approved' ? null : await getService(strapi, 'log').lastTakedown(documentId);
      const latest = await latestFor(documentId);
      const appealedThis = Boolean(takedown && latest && latest.decision === takedown.id);
      return {
        state: video.state,
        reason: video.state === 'approved' ? null : video.note,
        appealable: Boolean(takedown) && !appealedThis,
        appeal: latest && (appealedThis || latest.state === 'open') ? toView(latest) : null,
      };
    },

    async appeal(documentId: string, userId: number, userName: string, message: string): Promise<ModerationAppealView> {
      const video = await ownVideo(documentId, userId);
      if (video.state === 'approved') throw conflict('This video is visible: there is nothing to appeal.');
      const takedown = await getService(strapi, 'log').lastTakedown(documentId);
      if (!takedown)
        throw conflict('This video is waiting for its first review; you will be told of the decision by mail.');
      if ((await appeals().count({ where: { decision: takedown.id } })) > 0)
        throw conflict('You have already appealed this decision; a moderator will answer it.');
      let row: AppealRow;
      try {
        row = (await appeals().create({
          data: { video: documentId, decision: takedown.id, appellant: userId, message, state: 'open' },
        })) as AppealRow;
      } catch (error) {
        // two appeals at once: the unique index on the decision kept one
        if ((await appeals().count({ where: { decision: takedown.id } })) > 0)
          throw conflict('You have already appealed this decision; a moderator will answer it.');
        throw error;
      }
      await getService(strapi, 'log').record('appealed', video, { id: userId, name: userName }, message);
      return toView(row);
    },
  };
};

export default appealsService;
export type AppealsService = ReturnType<typeof appealsService>;
