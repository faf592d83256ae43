/**
 * Ratings and reviews: one per viewer per video (a unique index settles races), editable, removable. The video's
 * average and count are set from the ratings table in one statement after each change, so concurrent ratings
 * cannot leave them wrong, and the search index is told.
 */
import type { Core } from '@strapi/strapi';
import type { RatingSummary, RatingView } from '@framecast/contracts';
import type { Viewer } from '../utils/viewer';
import type { ReachableVideo } from './videos';
import { getService } from '../utils';
import { discoveryService } from '../utils/other-plugins';

const UID = 'plugin::community.rating';
export const REVIEWS_PAGE_SIZE = 10;

type Row = {
  id: number;
  viewer: number | null;
  viewerName: string | null;
  video: string;
  stars: number;
  review: string | null;
  createdAt: string;
  updatedAt: string;
};
export type { RatingSummary, RatingView };

const ratingsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID);
  const videos = () => getService(strapi, 'videos');

  const toView = (row: Row, viewer: Viewer | null): RatingView => ({
    id: row.id,
    stars: row.stars,
    review: row.review,
    author: {
      name: row.viewer === null ? 'deleted user' : (row.viewerName ?? 'viewer'),
      deleted: row.viewer === null,
      mine: Boolean(viewer && row.viewer === viewer.id),
    },
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  });

  async function summary(video: string): Promise<RatingSummary> {
    const knex = strapi.db.connection;
    const rows = (await knex(strapi.db.metadata.get(UID).tableName)
      .select('stars')
      .count({ count: '*' })
      .where({ video })
      .groupBy('stars')) as Array<{ stars: number; count: number | string }>;
    const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } as RatingSummary['distribution'];
    let count = 0;
    let sum = 0;
    for (const row of rows) {
      const n = Number(row.count);
      distribution[String(row.stars) as keyof RatingSummary['distribution']] = n;
      count += n;
      sum += n * row.stars;
    }
    return { average: count ? Math.round((sum / count) * 100) / 100 : 0, count, distribution };
  }

  async function recount(video: string): Promise<void> {
    const table = strapi.db.metadata.get(UID).tableName;
    await videos().setCounters(video, {
      rating_count: (knex) => knex(table).count('*').where({ video }),
      rating_average: (knex) =>
        knex(table).select(knex.raw('COALESCE(ROUND(AVG(stars) * 100) / 100.0, 0)')).where({ video }),
    });
    discoveryService(strapi, 'indexer').schedule([video]);
  }

  return {
    summary,

    async mine(video: string, viewer: Viewer): Promise<RatingView | null> {
      const row = (await query().findOne({ where: { video, viewer: viewer.id } })) as Row | null;
      return row ? toView(row, viewer) : null;
    },

    async list(video: string, viewer: Viewer | null, page: number) {
      const where = { video, review: { $notNull: true, $ne: '' } };
      const [rows, total] = await Promise.all([
        query().findMany({
          where,
          orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
          offset: (page - 1) * REVIEWS_PAGE_SIZE,
          limit: REVIEWS_PAGE_SIZE,
        }) as Promise<Row[]>,
        query().count({ where }),
      ]);
      return {
        data: rows.map((row) => toView(row, viewer)),
        meta: {
          page,
          pageCount: Math.max(1, Math.ceil(total / REVIEWS_PAGE_SIZE)),
          total,
          summary: await summary(video),
        },
      };
    },

    /** The reviews of a video, and the viewer's own rating when signed in (GET /videos/:videoId/ratings). */
    async listWithMine(video: string, viewer: Viewer | null, page: number) {
      const reviews = await this.list(video, viewer, page);
      return { ...reviews, mine: viewer ? await this.mine(video, viewer) : null };
    },

    async rate(
      video: ReachableVideo,
      viewer: Viewer & { name: string },
      input: { stars: number; review?: string | null },
    ) {
      const data = {
        stars: input.stars,
        review: input.review?.trim() ? input.review.trim() : null,
        viewerName: viewer.name.slice(0, 100),
      };
      const existing = (await query().findOne({ where: { video: video.documentId, viewer: viewer.id } })) as Row | null;
      let row: Row;
      if (existing) {
        row = (await query().update({ where: { id: existing.id }, data })) as Row;
      } else {
        try {
          row = (await query().create({
            data: { ...data, video: video.documentId, viewer: viewer.id, publishedAt: new Date() },
          })) as Row;
        } catch (error) {
          // the same viewer rating twice at once: the unique index kept the first; this one updates it
          const raced = (await query().findOne({
            where: { video: video.documentId, viewer: viewer.id },
          })) as Row | null;
          if (!raced) throw error;
          row = (await query().update({ where: { id: raced.id }, data })) as Row;
        }
      }
      await recount(video.documentId);
      return { rating: toView(row, viewer), summary: await summary(video.documentId) };
    },

    async remove(video: string, viewer: Viewer) {
      await query().deleteMany({ where: { video, viewer: viewer.id } });
      await recount(video);
      return { rating: null, summary: await summary(video) };
    },

    /** Account deletion: the stars stay in the average, the review is signed by "deleted user". */
    async forgetViewer(userId: number): Promise<void> {
      await query().updateMany({ where: { viewer: userId }, data: { viewer: null, viewerName: null } });
    },
  };
};

export default ratingsService;
export type RatingsService = ReturnType<typeof ratingsService>;
