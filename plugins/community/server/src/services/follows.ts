/** Viewers following creators: follow and unfollow (idempotent), counts, my list, and the "Following" feed. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { CreatorRef, SearchVideoCard } from '@framecast/contracts';
import { discoveryService } from '../utils/other-plugins';

const UID = 'plugin::community.follow';
const CREATOR = 'api::creator.creator';
export const FEED_PAGE_SIZE = 24;

export type { CreatorRef };
const followsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const creatorByHandle = (handle: string) =>
    strapi.db
      .query(CREATOR)
      .findOne({ where: { handle }, select: ['documentId', 'handle', 'displayName'] }) as Promise<CreatorRef | null>;

  const status = async (creator: CreatorRef, viewer?: number) => ({
    creator: creator.handle,
    followers: await strapi.db.query(UID).count({ where: { creator: creator.documentId } }),
    following: viewer
      ? (await strapi.db.query(UID).count({ where: { creator: creator.documentId, viewer } })) > 0
      : false,
  });

  return {
    creatorByHandle,
    /** The creator a route names, or a 404. */
    async creatorOrNotFound(handle: string): Promise<CreatorRef> {
      const creator = await creatorByHandle(handle);
      if (!creator) throw new errors.NotFoundError('There is no creator with this handle.');
      return creator;
    },
    status,

    async follow(viewer: number, creator: CreatorRef) {
      const knex = strapi.db.connection;
      const now = new Date();
      await knex(strapi.db.metadata.get(UID).tableName)
        .insert({
          document_id: `f${viewer.toString(36)}${Math.random().toString(36).slice(2, 12)}`,
          viewer,
          creator: creator.documentId,
          created_at: now,
          updated_at: now,
        })
        .onConflict(['viewer', 'creator'])
        .ignore();
      return status(creator, viewer);
    },

    async unfollow(viewer: number, creator: CreatorRef) {
      await strapi.db.query(UID).deleteMany({ where: { viewer, creator: creator.documentId } });
      return status(creator, viewer);
    },

    async following(viewer: number): Promise<CreatorRef[]> {
      const rows = (await strapi.db
        .query(UID)
        .findMany({ where: { viewer }, select: ['creator'], orderBy: { createdAt: 'desc' } })) as Array<{
        creator: string;
      }>;
      if (rows.length === 0) return [];
      const creators = (await strapi.db.query(CREATOR).findMany({
        where: { documentId: { $in: rows.map((row) => row.creator) } },
        select: ['documentId', 'handle', 'displayName'],
      })) as CreatorRef[];
      const byId = new Map(creators.map((creator) => [creator.documentId, creator]));
      return rows.map((row) => byId.get(row.creator)).filter((creator): creator is CreatorRef => Boolean(creator));
    },

    /**
     * Follows made per UTC day in [from, to) of one creator (or of every creator, with null) that still stand: the
     * analytics plugin's "followers gained". Days without one are left out.
     */
    async gainedByDay(creator: string | null, from: Date, to: Date): Promise<Array<{ day: string; gained: number }>> {
      const query = strapi.db
        .connection(strapi.db.metadata.get(UID).tableName)
        .select('created_at')
        .where('created_at', '>=', from)
        .andWhere('created_at', '<', to);
      if (creator !== null) query.andWhere('creator', creator);
      const counts = new Map<string, number>();
      for (const row of (await query) as Array<{ created_at: Date | string | number }>) {
        const day = new Date(row.created_at).toISOString().slice(0, 10);
        counts.set(day, (counts.get(day) ?? 0) + 1);
      }
      return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, gained]) => ({ day, gained }));
    },

    async followerIds(creatorDocumentId: string): Promise<number[]> {
      const rows = (await strapi.db
        .query(UID)
        .findMany({ where: { creator: creatorDocumentId }, select: ['viewer'] })) as Array<{ viewer: number }>;
      return rows.map((row) => row.viewer);
    },

    /** New public videos from the creators I follow, newest first. */
    async feed(viewer: number, page: number) {
      const creators = (await strapi.db.query(UID).findMany({ where: { viewer }, select: ['creator'] })) as Array<{
        creator: string;
      }>;
      if (creators.length === 0)
        return { data: [] as SearchVideoCard[], meta: { page, pageCount: 1, total: 0, following: 0 } };
      const documents = discoveryService(strapi, 'documents');
      const { documents: found, total } = await documents.query(
        { creator: { documentId: { $in: creators.map((row) => row.creator) } } },
        'publishedAt:desc',
        (page - 1) * FEED_PAGE_SIZE,
        FEED_PAGE_SIZE,
      );
      return {
        data: found.map((document) => document.card),
        meta: { page, pageCount: Math.max(1, Math.ceil(total / FEED_PAGE_SIZE)), total, following: creators.length },
      };
    },

    async forgetViewer(userId: number): Promise<void> {
      await strapi.db.query(UID).deleteMany({ where: { viewer: userId } });
    },
  };
};

export default followsService;
export type FollowsService = ReturnType<typeof followsService>;
