/**
 * The upload inbox: the videos an admin user uploaded and never published, in one place where several are edited
 * together (the same bulk edit as the videos list) and published. They are listed in upload order (oldest first) or by
 * title, so that a title pattern's `{n}` follows the order of a series. Which videos a user sees is the content
 * manager's own permission query for publishing videos (a creator: its own channel's, never a collaboration), so the
 * inbox shows nothing the videos list would not; "never published" is Strapi's own publication filter.
 */
import type { Core } from '@strapi/strapi';
import createError from 'http-errors';
import { INBOX_PAGE_SIZE, type InboxPage, type InboxVideo } from '@framecast/contracts';
import { MEDIA_STATE_FIELDS, notReadyReason } from '../utils/readiness';
import type { InboxQuery } from '../validation/inbox';
import { contentManagerChecker, type Ability } from '../utils/permissions';

const VIDEO = 'api::video.video';

type Row = Omit<InboxVideo, 'notReady' | 'hasVideoFile' | 'category' | 'tags'> & {
  failureReason: string | null;
  sourceKey: string | null;
  publishEarly?: boolean | null;
  playbackAssets?: { growing?: boolean } | null;
  category: { name: string } | null;
  tags: Array<{ name: string }>;
};

const inboxService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** One page of the user's inbox; `search` narrows it to titles containing the words. 403 for a user who may not publish videos. */
  async list(ability: Ability, { page, order, search }: InboxQuery): Promise<InboxPage> {
    const checker = contentManagerChecker(strapi, ability, VIDEO);
    if (!checker.can.publish?.())
      throw createError(403, 'You may not publish videos, so there is no upload inbox for you.', { details: {} });
    const query = await checker.sanitizedQuery.publish!({
      filters: search ? { title: { $containsi: search } } : {},
    });
    const params = {
      filters: query.filters as never,
      status: 'draft' as const,
      publicationFilter: 'never-published' as const,
    };
    const total = await strapi.documents(VIDEO).count(params as never);
    const rows = (await strapi.documents(VIDEO).findMany({
      ...params,
      fields: [...MEDIA_STATE_FIELDS, 'visibility', 'scheduledAt', 'createdAt'] as never,
      populate: { category: { fields: ['name'] }, tags: { fields: ['name'] } } as never,
      sort: (order === 'title' ? [{ title: 'asc' }, { id: 'asc' }] : [{ createdAt: 'asc' }, { id: 'asc' }]) as never,
      limit: INBOX_PAGE_SIZE,
      start: (page - 1) * INBOX_PAGE_SIZE,
    } as never)) as unknown as Row[];
    return {
      items: rows.map(({ failureReason: _reason, sourceKey: _key, category, tags, ...row }, index) => ({
        documentId: row.documentId,
        title: row.title,
        visibility: row.visibility,
        processingStatus: row.processingStatus,
        processingProgress: row.processingProgress,
        hasVideoFile: Boolean(rows[index]!.sourceKey) || row.processingStatus !== 'uploaded',
        notReady: notReadyReason(rows[index]!),
        scheduledAt: row.scheduledAt,
        category: category?.name ?? null,
        tags: tags.map((tag) => tag.name),
        createdAt: row.createdAt,
      })),
      page,
      pageCount: Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)),
      total,
    };
  },
});

export default inboxService;
export type InboxService = ReturnType<typeof inboxService>;
