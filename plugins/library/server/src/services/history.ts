/**
 * Watch history and resume points: one row per viewer and video (a unique index), written by an insert-or-update on
 * every progress report, so concurrent reports keep one row. Nothing is written while the viewer has paused their
 * history. Lists show the videos the catalog still lists, newest watch first.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { LIBRARY_LIMITS, type HistoryResponse, type WatchProgress } from '@framecast/contracts';
import { upsertRow } from '../utils/upsert';
import { isCompleted, type ProgressInput } from '../validation/history';
import { getService } from '../utils';
import { whereListedVideo } from '@framecast/contracts';

const PROGRESS = 'plugin::library.watch-progress';
const VIDEO = 'api::video.video';

type ProgressRow = {
  id: number;
  video: string;
  positionSeconds: number | string;
  durationSeconds: number | string;
  completed: boolean | number;
  watchedAt: string | Date;
};

function progressOf(row: ProgressRow): WatchProgress {
  return {
    position: Number(row.positionSeconds),
    duration: Number(row.durationSeconds),
    completed: Boolean(row.completed),
    watchedAt: new Date(row.watchedAt).toISOString(),
  };
}

export type HistoryService = ReturnType<typeof historyService>;

const historyService = ({ strapi }: { strapi: Core.Strapi }) => {
  const videos = () => getService(strapi, 'videos');
  const settings = () => getService(strapi, 'settings');
  const query = () => strapi.db.query(PROGRESS);

  /** A table's column for an attribute, as the schema maps it. */
  function column(uid: UID.Schema, attribute: string): string {
    const mapped = (strapi.db.metadata.get(uid).attributes[attribute] as { columnName?: string } | undefined)
      ?.columnName;
    return mapped ?? attribute.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  }

  return {
    /** Stores where the viewer is in a video; `stored: false` when their history is paused. */
    async save(viewer: number, video: string, input: ProgressInput, now = new Date()): Promise<{ stored: boolean }> {
      if (!(await videos().isWatchable(video))) throw new errors.NotFoundError('No such video');
      if (await settings().isHistoryPaused(viewer)) return { stored: false };
      await upsertRow(
        strapi,
        PROGRESS,
        { viewer, video },
        {
          positionSeconds: input.position,
          durationSeconds: input.duration,
          completed: isCompleted(input),
          watchedAt: now,
        },
      );
      return { stored: true };
    },

    /** documentIds of the videos the viewer watched, most recent first (what discovery's "You might like" learns from). */
    async recentlyWatched(viewer: number, limit = 50): Promise<string[]> {
      const rows = (await query().findMany({
        where: { viewer },
        select: ['video'],
        orderBy: { watchedAt: 'desc' },
        limit,
      })) as Array<{ video: string }>;
      return rows.map((row) => row.video);
    },

    /** The resume point, or null when the viewer has none for this video. */
    async get(viewer: number, video: string): Promise<WatchProgress | null> {
      const row = (await query().findOne({ where: { viewer, video } })) as ProgressRow | null;
      return row ? progressOf(row) : null;
    },

    async list(viewer: number, page: number): Promise<HistoryResponse> {
      const pageSize = LIBRARY_LIMITS.historyPageSize;
      const knex = strapi.db.connection;
      const p = (attribute: string) => `p.${column(PROGRESS, attribute)}`;
      const v = (attribute: string) => `v.${column(VIDEO, attribute)}`;
      // the viewer's rows whose video the catalog lists (the published version is public and approved)
      const listed = () =>
        knex({ p: strapi.db.metadata.get(PROGRESS).tableName })
          .where(p('viewer'), viewer)
          .whereExists((videoRow) => {
            videoRow
              .select(knex.raw('1'))
              .from({ v: strapi.db.metadata.get(VIDEO).tableName })
              .whereRaw('?? = ??', [v('documentId'), p('video')]);
            whereListedVideo(videoRow, v);
          });
      const [counted] = (await listed().count({ total: '*' })) as Array<{ total: number | string }>;
      const total = Number(counted?.total ?? 0);
      const ids = (
        (await listed()
          .select({ id: p('id') })
          .orderBy([
            { column: p('watchedAt'), order: 'desc' },
            { column: p('id'), order: 'desc' },
          ])
          .limit(pageSize)
          .offset((page - 1) * pageSize)) as Array<{ id: number }>
      ).map((row) => row.id);

      const rows = ids.length > 0 ? ((await query().findMany({ where: { id: { $in: ids } } })) as ProgressRow[]) : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      const ordered = ids.map((id) => byId.get(id)).filter((row): row is ProgressRow => row !== undefined);
      const { cards } = await videos().cards(ordered.map((row) => row.video));
      const cardOf = new Map(cards.map((card) => [card.documentId, card]));
      return {
        data: ordered.flatMap((row) => {
          const card = cardOf.get(row.video);
          return card ? [{ video: card, progress: progressOf(row) }] : [];
        }),
        meta: {
          page,
          pageSize,
          pageCount: Math.ceil(total / pageSize),
          total,
          historyPaused: await settings().isHistoryPaused(viewer),
        },
      };
    },

    async remove(viewer: number, video: string): Promise<number> {
      return (await query().deleteMany({ where: { viewer, video } })).count;
    },

    async clear(viewer: number): Promise<number> {
      return (await query().deleteMany({ where: { viewer } })).count;
    },

    /** A deleted video's resume points go with it. */
    async forgetVideo(video: string): Promise<number> {
      return (await query().deleteMany({ where: { video } })).count;
    },
  };
};

export default historyService;
