/**
 * The review queue: every video a moderator should look at, one entry per video — open appeals first, then videos
 * held after reports, videos waiting under pre-moderation, and videos with reports below the hold threshold — with
 * its reports grouped by reason, its history, and a signed address to play it in place.
 */
import type { Core } from '@strapi/strapi';
import type { ModerationQueue, ModerationQueueItem } from '@framecast/contracts';
import { getService } from '../utils';
import { communityService, transcodingService, type OpenReports } from '../utils/other-plugins';

const URGENCY = ['appeal', 'held', 'pre-moderation', 'reports'] as const;

const queueService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(): Promise<ModerationQueue> {
    const [reports, pending, appeals] = await Promise.all([
      communityService(strapi, 'video-reports').openByVideo(),
      getService(strapi, 'videos').pendingIds(),
      getService(strapi, 'appeals').openByVideo(),
    ]);
    const reportsOf = new Map<string, OpenReports>(reports.map((entry) => [entry.video, entry]));
    const ids = [...new Set([...appeals.keys(), ...pending, ...reportsOf.keys()])];
    const [videos, history] = await Promise.all([
      getService(strapi, 'videos').many(ids),
      getService(strapi, 'log').ofVideos(ids),
    ]);
    const playback = transcodingService(strapi, 'playback');

    const items: ModerationQueueItem[] = [];
    for (const id of ids) {
      const video = videos.get(id);
      if (!video) continue; // deleted since it was reported
      const open = reportsOf.get(id);
      const events = history.get(id) ?? [];
      const heldBy = events.find((entry) => entry.event === 'held' || entry.event === 'pre-moderated')?.event;
      const waiting: ModerationQueueItem['waiting'] = [];
      if (appeals.has(id)) waiting.push('appeal');
      if (video.state === 'pending') waiting.push(heldBy === 'pre-moderated' ? 'pre-moderation' : 'held');
      if (open && video.state === 'approved') waiting.push('reports');
      if (waiting.length === 0) continue; // reports on a video already removed: nothing left to decide
      items.push({
        video: id,
        title: video.title,
        state: video.state,
        note: video.note,
        creator: video.creator
          ? {
              documentId: video.creator.documentId,
              handle: video.creator.handle,
              displayName: video.creator.displayName,
              blocked: video.creator.owner ? !video.creator.owner.isActive : false,
            }
          : null,
        reports: open
          ? { total: open.total, byReason: open.byReason, notes: open.notes, lastAt: open.lastAt }
          : { total: 0, byReason: {}, notes: [], lastAt: null },
        appeal: appeals.get(id) ?? null,
        waiting,
        playback:
          video.processingStatus === 'ready' ? playback.playbackFor(id, video.playbackAssets, { signed: true }) : null,
        history: events,
      });
    }
    const rank = (item: ModerationQueueItem) => Math.min(...item.waiting.map((why) => URGENCY.indexOf(why)));
    const lastActivity = (item: ModerationQueueItem) =>
      Math.max(
        Date.parse(item.reports.lastAt ?? '') || 0,
        Date.parse(item.appeal?.createdAt ?? '') || 0,
        Date.parse(item.history[0]?.createdAt ?? '') || 0,
      );
    items.sort((a, b) => rank(a) - rank(b) || lastActivity(b) - lastActivity(a));
    return { items };
  },
});

export default queueService;
export type QueueService = ReturnType<typeof queueService>;
