/**
 * In-app notifications: a new video from a followed creator, a reply to my comment. Each is written once (a dedupe
 * key per recipient), so publishing twice or retrying a reply never notifies twice.
 */
import type { Core } from '@strapi/strapi';
import type { NotificationView } from '@framecast/contracts';
import { accountsService } from '../utils/other-plugins';

const UID = 'plugin::community.notification';
export const NOTIFICATIONS_PAGE_SIZE = 20;

export type NotificationDraft = {
  recipient: number;
  kind: 'new-video' | 'reply' | 'topic-reply';
  dedupeKey: string;
  video?: string;
  topic?: number;
  comment?: number;
  actorName?: string;
  text: string;
};
export type { NotificationView };

const notificationsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async notify(drafts: NotificationDraft[]): Promise<number> {
    if (drafts.length === 0) return 0;
    const knex = strapi.db.connection;
    const table = strapi.db.metadata.get(UID).tableName;
    const now = new Date();
    const rows = drafts.map((draft) => ({
      document_id: `n${draft.recipient.toString(36)}${Math.random().toString(36).slice(2, 12)}`,
      recipient: draft.recipient,
      kind: draft.kind,
      dedupe_key: draft.dedupeKey.slice(0, 200),
      video: draft.video ?? null,
      topic: draft.topic ?? null,
      comment: draft.comment ?? null,
      actor_name: draft.actorName?.slice(0, 100) ?? null,
      text: draft.text.slice(0, 300),
      created_at: now,
      updated_at: now,
    }));
    let written = 0;
    const fresh: NotificationDraft[] = [];
    for (let start = 0; start < rows.length; start += 500) {
      const chunk = rows.slice(start, start + 500);
      const result = (await knex(table)
        .insert(chunk)
        .onConflict(['recipient', 'dedupe_key'])
        .ignore()
        .returning(['recipient', 'dedupe_key'])) as Array<{ recipient: number; dedupe_key: string }>;
      written += result.length;
      const inserted = new Set(result.map((row) => `${row.recipient}|${row.dedupe_key}`));
      fresh.push(...drafts.filter((draft) => inserted.has(`${draft.recipient}|${draft.dedupeKey.slice(0, 200)}`)));
    }
    // mails for those who asked, after the write that caused them and without holding it up
    // forum replies are in-app only: the mail preferences name new videos and replies to comments
    const mails = accountsService(strapi, 'notification-mail');
    const mailed = fresh.filter(
      (draft): draft is NotificationDraft & { kind: 'new-video' | 'reply' } => draft.kind !== 'topic-reply',
    );
    if (mailed.length)
      void mails
        .send(mailed)
        .catch((error: Error) => strapi.log.error(`[community] notification mails: ${error.message}`));
    return written;
  },

  async list(
    recipient: number,
    page: number,
  ): Promise<{ data: NotificationView[]; meta: { page: number; pageCount: number; total: number; unread: number } }> {
    const query = strapi.db.query(UID);
    const [rows, total, unread] = await Promise.all([
      query.findMany({
        where: { recipient },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        offset: (page - 1) * NOTIFICATIONS_PAGE_SIZE,
        limit: NOTIFICATIONS_PAGE_SIZE,
      }),
      query.count({ where: { recipient } }),
      query.count({ where: { recipient, readAt: { $null: true } } }),
    ]);
    const data = (rows as Array<Record<string, unknown>>).map((row) => ({
      id: row.id as number,
      kind: row.kind as NotificationView['kind'],
      video: (row.video as string | null) ?? null,
      topic: (row.topic as number | null) ?? null,
      comment: (row.comment as number | null) ?? null,
      actorName: (row.actorName as string | null) ?? null,
      text: row.text as string,
      read: Boolean(row.readAt),
      createdAt: new Date(row.createdAt as string).toISOString(),
    }));
    return { data, meta: { page, pageCount: Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE)), total, unread } };
  },

  async unreadCount(recipient: number): Promise<number> {
    return strapi.db.query(UID).count({ where: { recipient, readAt: { $null: true } } });
  },

  /** Marks the given notifications (or all) read; someone else's ids are simply not matched. */
  async markRead(recipient: number, ids?: number[]): Promise<number> {
    const where: Record<string, unknown> = { recipient, readAt: { $null: true } };
    if (ids) where.id = { $in: ids };
    const result = (await strapi.db.query(UID).updateMany({ where, data: { readAt: new Date() } })) as {
      count: number;
    };
    return result.count;
  },

  async forgetViewer(userId: number): Promise<void> {
    await strapi.db.query(UID).deleteMany({ where: { recipient: userId } });
  },
});

export default notificationsService;
export type NotificationsService = ReturnType<typeof notificationsService>;
