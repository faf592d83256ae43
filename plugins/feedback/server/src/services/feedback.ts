/**
 * Feedback: what visitors send from the site's form, kept as they typed it (plain text: whoever shows it renders
 * text, never markup), and its triage by moderators (new, planned, done, won't do, with a note).
 */
import type { Core } from '@strapi/strapi';
import type {
  FeedbackCategory,
  FeedbackReceipt,
  FeedbackReview,
  FeedbackReviewPage,
  FeedbackState,
} from '@framecast/contracts';
import { notFound } from '../utils/errors';
import type { FeedbackInput, ListFilter, TriageInput } from '../validation/input';

const FEEDBACK = 'plugin::feedback.feedback';

type Row = {
  id: number;
  category: FeedbackCategory;
  message: string;
  page: string;
  contact: string | null;
  state: FeedbackState;
  note: string | null;
  viewer?: { id: number; username: string } | null;
  triagedBy: string | null;
  triagedAt: string | Date | null;
  createdAt: string | Date;
};

export interface Moderator {
  id: number;
  name: string;
}

const iso = (value: string | Date) => new Date(value).toISOString();

const review = (row: Row): FeedbackReview => ({
  id: row.id,
  category: row.category,
  message: row.message,
  page: row.page,
  contact: row.contact ?? null,
  state: row.state,
  note: row.note ?? null,
  viewer: row.viewer ? { id: row.viewer.id, username: row.viewer.username } : null,
  triagedBy: row.triagedBy ?? null,
  triagedAt: row.triagedAt ? iso(row.triagedAt) : null,
  createdAt: iso(row.createdAt),
});

const VIEWER_FIELDS = { viewer: { select: ['id', 'username'] } };

const feedbackService = ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(FEEDBACK);

  return {
    /** Keeps one message; `viewer` is the signed-in viewer who sent it, null for an anonymous visitor. */
    async send(input: FeedbackInput, viewer: number | null): Promise<FeedbackReceipt> {
      const row = (await rows().create({
        data: { ...input, state: 'new', ...(viewer ? { viewer } : {}) },
      })) as Row;
      // what was said and who may be reached stay in the database, not the log
      strapi.log.info(
        `[feedback] message ${row.id} (${input.category}) from ${viewer ? `viewer ${viewer}` : 'a visitor'}`,
      );
      return { id: row.id, createdAt: iso(row.createdAt) };
    },

    /** Newest first, filtered by state and category. */
    async list(filter: ListFilter): Promise<FeedbackReviewPage> {
      const where = {
        ...(filter.state ? { state: filter.state } : {}),
        ...(filter.category ? { category: filter.category } : {}),
      };
      const [found, total] = await Promise.all([
        rows().findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset: (filter.page - 1) * filter.pageSize,
          limit: filter.pageSize,
          populate: VIEWER_FIELDS,
        }) as Promise<Row[]>,
        rows().count({ where }),
      ]);
      return {
        data: found.map(review),
        meta: {
          pagination: {
            page: filter.page,
            pageSize: filter.pageSize,
            pageCount: Math.ceil(total / filter.pageSize),
            total,
          },
        },
      };
    },

    /** A moderator sets the state, the note or both; who did it last is kept beside them. */
    async triage(id: number, change: TriageInput, moderator: Moderator): Promise<FeedbackReview> {
      if ((await rows().count({ where: { id } })) === 0) throw notFound('No such feedback.');
      const row = (await rows().update({
        where: { id },
        data: { ...change, triagedBy: moderator.name, triagedAt: new Date() },
        populate: VIEWER_FIELDS,
      })) as Row;
      strapi.log.info(`[feedback] message ${id} triaged by ${moderator.id}${change.state ? `: ${change.state}` : ''}`);
      return review(row);
    },
  };
};

export default feedbackService;
export type FeedbackService = ReturnType<typeof feedbackService>;
