/**
 * Viewers report videos: once per viewer and video, with a reason from a fixed list and an optional note, from a
 * signed-in account whose email is confirmed (the route counts reports per viewer against REPORT_RATE_LIMIT). Reports
 * from `videoReportsToHold` viewers hold the video: its moderation state becomes pending on every version, so it leaves
 * the catalog, search and its watch page at once (contracts' video-access rule) until a moderator approves it again.
 */
import type { Core } from '@strapi/strapi';
import { APPROVED, type VideoReportReason } from '@framecast/contracts';
import { getSettings } from '../utils';
import { commentError } from '../utils/errors';
import { discoveryService } from '../utils/other-plugins';
import type { Viewer } from '../utils/viewer';
import type { ReachableVideo } from './videos';

const REPORT = 'plugin::community.video-report';
const VIDEO = 'api::video.video';
const USER = 'plugin::users-permissions.user';

export interface OpenVideoReports {
  video: string;
  total: number;
  byReason: Partial<Record<VideoReportReason, number>>;
  notes: string[];
  lastAt: string | null;
}

export interface VideoReportResult {
  /** false when this viewer had reported the video before: nothing new was stored */
  reported: boolean;
}

const videoReportsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const reports = () => strapi.db.query(REPORT);

  /** Holds the video for review, on every version, unless a moderator already changed its state. */
  async function hold(video: ReachableVideo, count: number): Promise<void> {
    const reasons = (await reports().findMany({
      where: { video: video.documentId, closedAt: null },
      select: ['reason'],
    })) as Array<{
      reason: VideoReportReason;
    }>;
    const byReason = new Map<string, number>();
    for (const { reason } of reasons) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    const summary = [...byReason].map(([reason, times]) => `${reason} ×${times}`).join(', ');
    const note = `Held for review on ${new Date().toISOString().slice(0, 10)}: reported by ${count} viewers (${summary}).`;
    const { count: held } = await strapi.db.query(VIDEO).updateMany({
      where: { documentId: video.documentId, moderationState: APPROVED },
      data: { moderationState: 'pending', moderationNote: note },
    });
    if (held === 0) return;
    strapi.log.info(`[community] video ${video.documentId} held for review after ${count} reports`);
    // the query engine's update escapes the document service: the index and the public cache are told here
    discoveryService(strapi, 'indexer').schedule([video.documentId]);
    strapi.eventHub.emit('community::changed', {
      uid: VIDEO,
      documentIds: [video.documentId],
      attributes: ['moderationState'],
    });
    // the moderation plugin logs the hold and tells the creator (plugins/README.md: community does not call it)
    strapi.eventHub.emit('community::video-held', { documentId: video.documentId, count, note });
  }

  return {
    async report(
      video: ReachableVideo,
      viewer: Viewer,
      input: { reason: VideoReportReason; note?: string },
    ): Promise<VideoReportResult> {
      const account = (await strapi.db.query(USER).findOne({ where: { id: viewer.id }, select: ['confirmed'] })) as {
        confirmed: boolean | null;
      } | null;
      if (!account?.confirmed)
        throw commentError(403, 'Confirm your email address first: the link is in the mail we sent you.');
      if ((await reports().count({ where: { video: video.documentId, reporter: viewer.id } })) > 0)
        return { reported: false };
      try {
        await reports().create({
          data: {
            video: video.documentId,
            videoTitle: video.title.slice(0, 200),
            reporter: viewer.id,
            reason: input.reason,
            note: input.note || null,
          },
        });
      } catch (error) {
        // the same viewer reporting twice at once: the unique index kept one
        if ((await reports().count({ where: { video: video.documentId, reporter: viewer.id } })) > 0)
          return { reported: false };
        throw error;
      }
      // open reports only: those a moderator already dealt with do not count again
      const count = await reports().count({ where: { video: video.documentId, closedAt: null } });
      if (count >= getSettings(strapi).videoReportsToHold) await hold(video, count);
      return { reported: true };
    },

    /**
     * The open reports of every reported video (or of these), grouped by video: how many, by reason, and the notes
     * viewers left, newest first. The review queue (plugins/moderation) reads it.
     */
    async openByVideo(videos?: string[]): Promise<OpenVideoReports[]> {
      const rows = (await reports().findMany({
        where: videos ? { video: { $in: videos }, closedAt: null } : { closedAt: null },
        select: ['video', 'reason', 'note', 'createdAt'],
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit: 20_000,
      })) as Array<{ video: string; reason: VideoReportReason; note: string | null; createdAt: string | Date }>;
      const byVideo = new Map<string, OpenVideoReports>();
      for (const row of rows) {
        let entry = byVideo.get(row.video);
        if (!entry) {
          entry = {
            video: row.video,
            total: 0,
            byReason: {},
            notes: [],
            lastAt: new Date(row.createdAt).toISOString(),
          };
          byVideo.set(row.video, entry);
        }
        entry.total += 1;
        entry.byReason[row.reason] = (entry.byReason[row.reason] ?? 0) + 1;
        if (row.note && entry.notes.length < 20) entry.notes.push(row.note);
      }
      return [...byVideo.values()];
    },

    /**
     * A moderator dealt with the video's reports (dismissed them, or acted on the video): they are closed, and kept, so
     * a viewer still reports a video once (a closed report does not count towards a new hold).
     */
    async dismiss(video: string): Promise<number> {
      const { count } = await reports().updateMany({
        where: { video, closedAt: null },
        data: { closedAt: new Date() },
      });
      return count;
    },

    /** Account deletion: the viewer's reports go (a hold they contributed to stays until a moderator lifts it). */
    async forgetViewer(userId: number): Promise<void> {
      await reports().deleteMany({ where: { reporter: userId } });
    },

    /** A deleted video takes its reports with it. */
    async forgetVideo(documentId: string): Promise<void> {
      await reports().deleteMany({ where: { video: documentId } });
    },
  };
};

export default videoReportsService;
export type VideoReportsService = ReturnType<typeof videoReportsService>;
