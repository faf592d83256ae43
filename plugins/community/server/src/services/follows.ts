/** Viewers following creators: follow and unfollow (idempotent), counts, my list, and the "Following" feed. */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { CreatorRef, SearchVideoCard } from '@framecast/contracts';
import { accountsService, discoveryService } from '../utils/other-plugins';

const UID = 'plugin::community.follow';
const UNFOLLOW = 'plugin::community.unfollow';
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

  /**
   * Ends follows: each row deleted is logged (creator, when it began, now) for the follower count over time. Only the
   * request whose delete took the row logs it, so two unfollows at once log one.
   */
  async function endFollows(where: { viewer: number; creator?: string }): Promise<void> {
    const rows = (await strapi.db.query(UID).findMany({ where, select: ['id', 'creator', 'createdAt'] })) as Array<{
      id: number;
      creator: string;
      createdAt: string | Date;
    }>;
    const knex = strapi.db.connection;
    const now = new Date();
    for (const row of rows) {
      const { count } = await strapi.db.query(UID).deleteMany({ where: { id: row.id } });
      if (count === 0) continue;
      await knex(strapi.db.metadata.get(UNFOLLOW).tableName).insert({
        document_id: `u${row.id.toString(36)}${Math.random().toString(36).slice(2, 12)}`,
        creator: row.creator,
        followed_at: new Date(row.createdAt),
        unfollowed_at: now,
        created_at: now,
        updated_at: now,
      });
    }
  }

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
      await endFollows({ viewer, creator: creator.documentId });
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
     * One creator's followers (or, with null, every creator's follows) over [from, to): how many there were when it
     * began, and per UTC day how many follows began and ended (days with neither are left out). Ended follows come
     * from the unfollow log, so a follow that began and ended in the period counts on both days: the analytics
     * plugin's "followers gained" and "followers over time".
     */
    async historyByDay(
      creator: string | null,
      from: Date,
      to: Date,
    ): Promise<{ startTotal: number; days: Array<{ day: string; gained: number; lost: number }> }> {
      const knex = strapi.db.connection;
      const follows = () => {
        const query = knex(strapi.db.metadata.get(UID).tableName);
        return creator === null ? query : query.where('creator', creator);
      };
      const unfollows = () => {
        const query = knex(strapi.db.metadata.get(UNFOLLOW).tableName);
        return creator === null ? query : query.where('creator', creator);
      };
      const [standingBefore, endedAfter, begun, begunEnded, ended] = await Promise.all([
        follows().where('created_at', '<', from).count({ count: '*' }),
        unfollows().where('followed_at', '<', from).andWhere('unfollowed_at', '>=', from).count({ count: '*' }),
        follows().select({ at: 'created_at' }).where('created_at', '>=', from).andWhere('created_at', '<', to),
        unfollows().select({ at: 'followed_at' }).where('followed_at', '>=', from).andWhere('followed_at', '<', to),
        unfollows()
          .select({ at: 'unfollowed_at' })
          .where('unfollowed_at', '>=', from)
          .andWhere('unfollowed_at', '<', to),
      ]);
      const counted = (rows: Array<{ count: number | string }>) => Number(rows[0]?.count ?? 0);
      const days = new Map<string, { day: string; gained: number; lost: number }>();
      const dayOf = (at: Date | string | number) => {
        const day = new Date(typeof at === 'string' && /^\d+$/.test(at) ? Number(at) : at).toISOString().slice(0, 10);
        let entry = days.get(day);
        if (!entry) days.set(day, (entry = { day, gained: 0, lost: 0 }));
        return entry;
      };
      type At = Array<{ at: Date | string | number }>;
      for (const row of [...(begun as At), ...(begunEnded as At)]) dayOf(row.at).gained += 1;
      for (const row of ended as At) dayOf(row.at).lost += 1;
      return {
        startTotal:
          counted(standingBefore as Array<{ count: number }>) + counted(endedAfter as Array<{ count: number }>),
        days: [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)),
      };
    },

    /**
     * The creator's most recent followers who chose to be shown (their account's privacy setting), newest first,
     * with the name others see: the analytics plugin's "recent followers". The others are not named nor counted
     * here. Looks through the latest follows page by page, up to 2,000 of them.
     */
    async recentShown(creator: string, limit = 10): Promise<Array<{ name: string; followedAt: string }>> {
      const shown: Array<{ name: string; followedAt: string }> = [];
      const PAGE = 200;
      for (let offset = 0; offset < 2000 && shown.length < limit; offset += PAGE) {
        const rows = (await strapi.db.query(UID).findMany({
          where: { creator },
          select: ['viewer', 'createdAt'],
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset,
          limit: PAGE,
        })) as Array<{ viewer: number; createdAt: string | Date }>;
        if (rows.length === 0) break;
        const names = await accountsService(strapi, 'profiles').shownAsFollowers(rows.map((row) => row.viewer));
        for (const row of rows) {
          const name = names.get(row.viewer);
          if (name && shown.length < limit) shown.push({ name, followedAt: new Date(row.createdAt).toISOString() });
        }
        if (rows.length < PAGE) break;
      }
      return shown;
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

    /** The account is deleted: its follows end (and stay in the creators' follower history, without a name). */
    async forgetViewer(userId: number): Promise<void> {
      await endFollows({ viewer: userId });
    },
  };
};

export default followsService;
export type FollowsService = ReturnType<typeof followsService>;
