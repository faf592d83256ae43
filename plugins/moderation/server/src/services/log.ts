/**
 * The moderation log: every decision, hold, warning, block and appeal, with who did it and why. Moderators read, filter
 * and export it; nothing edits or deletes an entry (the content manager does not show the type).
 */
import type { Core } from '@strapi/strapi';
import type { ModerationEvent, ModerationLogEntry, ModerationLogPage } from '@framecast/contracts';
import type { ModeratedVideo } from './videos';

const ENTRY = 'plugin::moderation.log-entry';

export interface LogFilter {
  event?: ModerationEvent;
  video?: string;
  creator?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

export interface Actor {
  id: number | null;
  name: string;
}

export const SYSTEM: Actor = { id: null, name: 'Framecast (automatic)' };

type EntryRow = ModerationLogEntry & { createdAt: string | Date };

const toView = (row: EntryRow): ModerationLogEntry => ({
  id: row.id,
  event: row.event,
  video: row.video ?? null,
  videoTitle: row.videoTitle ?? null,
  creator: row.creator ?? null,
  creatorName: row.creatorName ?? null,
  actorName: row.actorName,
  reason: row.reason ?? null,
  createdAt: new Date(row.createdAt).toISOString(),
});

function where(filter: LogFilter): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [];
  if (filter.event) clauses.push({ event: filter.event });
  if (filter.video) clauses.push({ video: filter.video });
  if (filter.creator)
    clauses.push({ $or: [{ creator: filter.creator }, { creatorName: { $containsi: filter.creator } }] });
  if (filter.actor) clauses.push({ actorName: { $containsi: filter.actor } });
  if (filter.from) clauses.push({ createdAt: { $gte: filter.from } });
  if (filter.to) clauses.push({ createdAt: { $lt: filter.to } });
  return clauses.length ? { $and: clauses } : {};
}

const logService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async record(event: ModerationEvent, video: ModeratedVideo | null, actor: Actor, reason: string | null) {
    const row = (await strapi.db.query(ENTRY).create({
      data: {
        event,
        video: video?.documentId ?? null,
        videoTitle: video?.title.slice(0, 200) ?? null,
        creator: video?.creator?.documentId ?? null,
        creatorName: video?.creator ? `${video.creator.displayName} (@${video.creator.handle})`.slice(0, 120) : null,
        actor: actor.id,
        actorName: actor.name.slice(0, 200),
        reason: reason?.slice(0, 2000) ?? null,
      },
    })) as EntryRow;
    strapi.log.info(`[moderation] ${event} ${video?.documentId ?? ''} by ${actor.id ?? 'system'}`);
    return toView(row);
  },

  async page(filter: LogFilter, page: number, pageSize: number): Promise<ModerationLogPage> {
    const [rows, total] = await Promise.all([
      strapi.db.query(ENTRY).findMany({
        where: where(filter),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        offset: (page - 1) * pageSize,
        limit: pageSize,
      }) as Promise<EntryRow[]>,
      strapi.db.query(ENTRY).count({ where: where(filter) }),
    ]);
    return { entries: rows.map(toView), total, page, pageSize };
  },

  /** Everything the filter matches, newest first (the export), at most `limit` entries. */
  async all(filter: LogFilter, limit = 50_000): Promise<ModerationLogEntry[]> {
    const rows = (await strapi.db
      .query(ENTRY)
      .findMany({ where: where(filter), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit })) as EntryRow[];
    return rows.map(toView);
  },

  /** The history of these videos, newest first, grouped by video. */
  async ofVideos(videos: string[], perVideo = 20): Promise<Map<string, ModerationLogEntry[]>> {
    const byVideo = new Map<string, ModerationLogEntry[]>();
    if (videos.length === 0) return byVideo;
    const rows = (await strapi.db.query(ENTRY).findMany({
      where: { video: { $in: videos } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit: videos.length * perVideo,
    })) as EntryRow[];
    for (const row of rows) {
      const list = byVideo.get(row.video as string) ?? [];
      if (list.length < perVideo) list.push(toView(row));
      byVideo.set(row.video as string, list);
    }
    return byVideo;
  },

  /** The last decision that took a video down or held it, which its creator may appeal. */
  async lastTakedown(video: string): Promise<ModerationLogEntry | null> {
    const row = (await strapi.db.query(ENTRY).findOne({
      where: {
        video,
        event: { $in: ['held', 'removed', 'blocked', 'restored', 'approved', 'dismissed', 'pre-moderated'] },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    })) as EntryRow | null;
    return row && ['held', 'removed', 'blocked'].includes(row.event) ? toView(row) : null;
  },
});

export default logService;
export type LogService = ReturnType<typeof logService>;
