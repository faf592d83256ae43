/**
 * The videos moderation works on: what the queue shows of them, and their moderation state, which is changed on every
 * version at once (draft and published) with the query engine, then announced: the search index, the public response
 * cache and the media gateway's access cache all learn of it at once.
 */
import type { Core } from '@strapi/strapi';
import { discoveryService, type ModerationState } from '@framecast/contracts';
import { notFound } from '../utils/errors';
import { transcodingService } from '../utils/other-plugins';

const VIDEO = 'api::video.video';

export interface ModeratedVideo {
  documentId: string;
  title: string;
  state: ModerationState;
  note: string | null;
  processingStatus: string;
  playbackAssets: unknown;
  creator: {
    documentId: string;
    handle: string;
    displayName: string;
    owner: { id: number; email: string; firstname: string | null; isActive: boolean; blocked: boolean | null } | null;
  } | null;
}

type VideoRow = {
  documentId: string;
  title: string;
  moderationState: ModerationState;
  moderationNote: string | null;
  processingStatus: string;
  playbackAssets: unknown;
  publishedAt: string | null;
  creator: ModeratedVideo['creator'];
};

const SELECT = [
  'documentId',
  'title',
  'moderationState',
  'moderationNote',
  'processingStatus',
  'playbackAssets',
  'publishedAt',
];
const POPULATE = {
  creator: {
    select: ['documentId', 'handle', 'displayName'],
    populate: { owner: { select: ['id', 'email', 'firstname', 'isActive', 'blocked'] } },
  },
};

/** The published version when there is one (what viewers saw), else the draft. */
function pick(rows: VideoRow[]): Map<string, ModeratedVideo> {
  const byId = new Map<string, VideoRow>();
  for (const row of rows) {
    const seen = byId.get(row.documentId);
    if (!seen || (row.publishedAt && !seen.publishedAt)) byId.set(row.documentId, row);
  }
  return new Map(
    [...byId.values()].map((row) => [
      row.documentId,
      {
        documentId: row.documentId,
        title: row.title,
        state: row.moderationState,
        note: row.moderationNote,
        processingStatus: row.processingStatus,
        playbackAssets: row.playbackAssets,
        creator: row.creator ?? null,
      },
    ]),
  );
}

const videosService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async many(documentIds: string[]): Promise<Map<string, ModeratedVideo>> {
    if (documentIds.length === 0) return new Map();
    const rows = (await strapi.db
      .query(VIDEO)
      .findMany({ where: { documentId: { $in: documentIds } }, select: SELECT, populate: POPULATE })) as VideoRow[];
    return pick(rows);
  },

  async one(documentId: string): Promise<ModeratedVideo> {
    const video = (await this.many([documentId])).get(documentId);
    if (!video) throw notFound('No such video');
    return video;
  },

  /** Every video waiting for a moderator's look. */
  async pendingIds(): Promise<string[]> {
    const rows = (await strapi.db
      .query(VIDEO)
      .findMany({ where: { moderationState: 'pending' }, select: ['documentId'] })) as Array<{ documentId: string }>;
    return [...new Set(rows.map((row) => row.documentId))];
  },

  /** How many videos a channel has (one draft per document). */
  async countOfChannel(creator: string): Promise<number> {
    return strapi.db.query(VIDEO).count({ where: { creator: { documentId: creator }, publishedAt: null } });
  },

  async setState(documentId: string, state: ModerationState, note: string | null): Promise<void> {
    await strapi.db
      .query(VIDEO)
      .updateMany({ where: { documentId }, data: { moderationState: state, moderationNote: note } });
    discoveryService(strapi, 'indexer')?.schedule([documentId]);
    transcodingService(strapi, 'playback').clearAccessCache();
    strapi.eventHub.emit('moderation::changed', {
      uid: VIDEO,
      documentIds: [documentId],
      attributes: ['moderationState'],
    });
  },
});

export default videosService;
export type VideosService = ReturnType<typeof videosService>;
