/**
 * A moderator's decisions on a video, from the review queue. Each changes the video's state (on every version), ends
 * the reports or the appeal it answers, lands in the moderation log, and tells the creator where it concerns them:
 * - dismiss: the reports were unfounded; they are cleared and a video they held is shown again;
 * - approve: a video waiting (pre-moderation or held) is shown; its reports are cleared;
 * - remove (with a reason): the video leaves the site; the creator may appeal once;
 * - restore: a removed or held video is shown again (an open appeal is granted);
 * - warn (with a reason): the creator is told; the video stays as it is;
 * - block (with a reason): the video is removed and the creator's admin account deactivated, its sessions ended.
 */
import type { Core } from '@strapi/strapi';
import type { ModerationDecision, ModerationEvent } from '@framecast/contracts';
import { getService } from '../utils';
import { conflict } from '../utils/errors';
import { communityService } from '../utils/other-plugins';
import type { Actor } from './log';
import type { NoticeKind } from './notices';

const CREATOR_ROLE = 'framecast-creator';

export interface DecisionResult {
  video: string;
  state: string;
  event: ModerationEvent;
  notified: boolean;
}

const decisionsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const videos = () => getService(strapi, 'videos');
  const log = () => getService(strapi, 'log');
  const appeals = () => getService(strapi, 'appeals');
  const reports = () => communityService(strapi, 'video-reports');

  async function blockAccount(userId: number): Promise<void> {
    const user = (await strapi.db
      .query('admin::user')
      .findOne({ where: { id: userId }, populate: { roles: { select: ['code'] } } })) as {
      roles?: Array<{ code: string }>;
    } | null;
    // only a creator's account: a moderator or an administrator is not blocked from the queue
    if (!user?.roles?.length || user.roles.some((role) => role.code !== CREATOR_ROLE))
      throw conflict('Only a creator account can be blocked here; staff accounts are managed in Settings > Users.');
    await strapi.db.query('admin::user').update({ where: { id: userId }, data: { isActive: false, blocked: true } });
    const sessions = (
      strapi as unknown as {
        sessionManager?: ((origin: string) => { invalidateRefreshToken(id: string): Promise<void> }) & {
          hasOrigin(origin: string): boolean;
        };
      }
    ).sessionManager;
    if (sessions?.hasOrigin('admin')) await sessions('admin').invalidateRefreshToken(String(userId));
  }

  return {
    async decide(
      documentId: string,
      decision: ModerationDecision,
      reason: string | null,
      actor: Actor,
    ): Promise<DecisionResult> {
      const video = await videos().one(documentId);
      const openAppeal = await appeals().openFor(documentId);
      let event: ModerationEvent;
      let notice: NoticeKind | null = null;
      let appealOutcome: 'granted' | 'refused' | null = null;

      switch (decision) {
        case 'dismiss':
          if (video.state === 'removed') throw conflict('This video was removed: restore it to show it again.');
          await reports().dismiss(documentId);
          if (video.state === 'pending') {
            await videos().setState(documentId, 'approved', null);
            notice = 'restored';
          }
          appealOutcome = openAppeal ? 'granted' : null;
          event = 'dismissed';
          break;
        case 'approve':
          if (video.state !== 'pending') throw conflict(`This video is ${video.state}, not waiting for review.`);
          await reports().dismiss(documentId);
          await videos().setState(documentId, 'approved', null);
          appealOutcome = openAppeal ? 'granted' : null;
          notice = openAppeal ? 'restored' : null;
          event = 'approved';
          break;
        case 'restore':
          if (video.state === 'approved') throw conflict('This video is already visible.');
          await videos().setState(documentId, 'approved', null);
          appealOutcome = openAppeal ? 'granted' : null;
          notice = 'restored';
          event = 'restored';
          break;
        case 'remove':
          if (video.state === 'removed' && !openAppeal) throw conflict('This video is already removed.');
          await reports().dismiss(documentId);
          await videos().setState(documentId, 'removed', reason);
          appealOutcome = openAppeal ? 'refused' : null;
          notice = openAppeal ? 'appeal-refused' : 'removed';
          event = 'removed';
          break;
        case 'warn':
          notice = 'warned';
          event = 'warned';
          break;
        case 'block': {
          const owner = video.creator?.owner;
          if (!owner) throw conflict('This video has no creator account to block.');
          await blockAccount(owner.id);
          await reports().dismiss(documentId);
          await videos().setState(documentId, 'removed', reason);
          appealOutcome = openAppeal ? 'refused' : null;
          notice = 'blocked';
          event = 'blocked';
          break;
        }
      }

      if (openAppeal && appealOutcome) await appeals().close(openAppeal.id, appealOutcome);
      await log().record(event, video, actor, reason);
      const notified = notice ? await getService(strapi, 'notices').tell(notice, video, reason) : false;
      const after = decision === 'warn' ? video.state : (await videos().one(documentId)).state;
      return { video: documentId, state: after, event, notified };
    },

    /** Community held a video after enough reports: the log and the creator learn of it. */
    async heldByReports(documentId: string, note: string | null): Promise<void> {
      const video = await videos().one(documentId);
      await log().record('held', video, { id: null, name: 'Framecast (viewer reports)' }, note);
      await getService(strapi, 'notices').tell('held', video, note);
    },
  };
};

export default decisionsService;
export type DecisionsService = ReturnType<typeof decisionsService>;
