/**
 * Comments on videos: threads (a top-level comment and its replies, shown in order under it), edits within a window,
 * soft deletion (a deleted comment with replies stays as a placeholder), reports, and holds for review. The video's
 * comment count is set from the table in one statement after each change.
 */
import type { Core } from '@strapi/strapi';
import type { CommentView } from '@framecast/contracts';
import type { Viewer } from '../utils/viewer';
import type { ReachableVideo } from './videos';
import { getService } from '../utils';
import { commentError } from '../utils/errors';

const UID = 'plugin::community.comment';
const REPORT = 'plugin::community.comment-report';
export const COMMENTS_PAGE_SIZE = 20;
export const REPLIES_PER_THREAD = 100;
export const EDIT_WINDOW_MS = 15 * 60_000;
/** Reports from this many viewers hold a comment until a moderator looks. */
export const REPORTS_TO_HOLD = 3;
/** Holds the text check sets, which an edit may lift; any other hold (reports, a moderator) waits for a moderator. */
const TEXT_HOLDS = new Set(['blocked-word', 'link-from-new-account']);

type Row = {
  id: number;
  video: string;
  author: number | null;
  authorName: string | null;
  thread: number | null;
  replyTo: number | null;
  body: string | null;
  state: 'visible' | 'held' | 'hidden' | 'deleted';
  heldReason: string | null;
  pinned: boolean | null;
  editedAt: string | null;
  createdAt: string;
};

export type { CommentView };

const commentsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID);
  const moderation = () => getService(strapi, 'moderation');
  const videos = () => getService(strapi, 'videos');
  const notifications = () => getService(strapi, 'notifications');

  function view(row: Row, viewer: Viewer | null, names: Map<number, string>): CommentView {
    const mine = Boolean(viewer && row.author === viewer.id);
    const deleted = row.state === 'deleted';
    return {
      id: row.id,
      body: deleted ? null : row.body,
      author: {
        name: row.author === null ? 'deleted user' : deleted ? '' : (row.authorName ?? 'viewer'),
        deleted: row.author === null,
        mine,
      },
      state: row.state === 'held' ? 'held' : deleted ? 'deleted' : 'visible',
      pinned: Boolean(row.pinned),
      createdAt: new Date(row.createdAt).toISOString(),
      editedAt: row.editedAt ? new Date(row.editedAt).toISOString() : null,
      editableUntil:
        mine && !deleted ? new Date(new Date(row.createdAt).getTime() + EDIT_WINDOW_MS).toISOString() : null,
      replyTo:
        row.replyTo && row.replyTo !== row.thread
          ? { id: row.replyTo, name: names.get(row.replyTo) ?? 'deleted user' }
          : null,
    };
  }

  /** Visible to this viewer: shown comments, placeholders, and their own held ones. */
  const seenBy = (viewer: Viewer | null) => ({
    $or: [{ state: { $in: ['visible', 'deleted'] } }, ...(viewer ? [{ state: 'held', author: viewer.id }] : [])],
  });

  async function recount(video: string): Promise<void> {
    const table = strapi.db.metadata.get(UID).tableName;
    await videos().setCounters(video, {
      comment_count: (knex) => knex(table).count('*').where({ video, state: 'visible' }),
    });
  }

  /** Hidden comments, and comments held for a reason an edit cannot answer, keep their state whatever the new text. */
  const keepsItsHold = (row: Row) =>
    row.state === 'hidden' || (row.state === 'held' && !TEXT_HOLDS.has(row.heldReason ?? ''));

  async function own(id: number, viewer: Viewer): Promise<Row> {
    const row = (await query().findOne({ where: { id } })) as Row | null;
    if (!row || (row.state === 'hidden' && row.author !== viewer.id) || row.state === 'deleted')
      throw commentError(404, 'This comment does not exist (any more).');
    if (row.author !== viewer.id) throw commentError(403, 'You can only change your own comments.');
    return row;
  }

  return {
    async list(video: string, viewer: Viewer | null, page: number) {
      const where = { video, thread: { $null: true }, ...seenBy(viewer) };
      const [tops, total] = await Promise.all([
        query().findMany({
          where,
          orderBy: [{ pinned: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
          offset: (page - 1) * COMMENTS_PAGE_SIZE,
          limit: COMMENTS_PAGE_SIZE,
        }) as Promise<Row[]>,
        query().count({ where }),
      ]);
      const replies = tops.length
        ? ((await query().findMany({
            where: { video, thread: { $in: tops.map((top) => top.id) }, ...seenBy(viewer) },
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          })) as Row[])
        : [];
      const names = new Map<number, string>();
      for (const row of [...tops, ...replies])
        names.set(row.id, row.author === null ? 'deleted user' : (row.authorName ?? 'viewer'));
      const byThread = new Map<number, Row[]>();
      for (const reply of replies) byThread.set(reply.thread!, [...(byThread.get(reply.thread!) ?? []), reply]);
      const data = tops
        .map((top) => ({
          ...view(top, viewer, names),
          replies: (byThread.get(top.id) ?? []).slice(0, REPLIES_PER_THREAD).map((reply) => view(reply, viewer, names)),
        }))
        // a deleted comment stays only as the head of a thread that still has replies
        .filter((comment) => comment.state !== 'deleted' || comment.replies.length > 0)
        .map((comment) => ({ ...comment, replies: comment.replies.filter((reply) => reply.state !== 'deleted') }));
      return { data, meta: { page, pageCount: Math.max(1, Math.ceil(total / COMMENTS_PAGE_SIZE)), total } };
    },

    async create(video: ReachableVideo, viewer: Viewer & { name: string }, input: { body: string; replyTo?: number }) {
      let thread: number | null = null;
      let parent: Row | null = null;
      if (input.replyTo !== undefined) {
        parent = (await query().findOne({ where: { id: input.replyTo, video: video.documentId } })) as Row | null;
        if (!parent || !['visible'].includes(parent.state))
          throw commentError(404, 'The comment you are replying to is gone.');
        thread = parent.thread ?? parent.id;
      }
      const heldReason = moderation().holdReason(input.body, viewer);
      const row = (await query().create({
        data: {
          video: video.documentId,
          videoTitle: video.title.slice(0, 255),
          author: viewer.id,
          authorName: viewer.name.slice(0, 100),
          thread,
          replyTo: parent?.id ?? null,
          body: input.body,
          state: heldReason ? 'held' : 'visible',
          heldReason,
          pinned: false,
          reportCount: 0,
          publishedAt: new Date(),
        },
      })) as Row;
      await recount(video.documentId);
      if (!heldReason && parent && parent.author !== null && parent.author !== viewer.id) {
        await notifications().notify([
          {
            recipient: parent.author,
            kind: 'reply',
            dedupeKey: `reply:${row.id}`,
            video: video.documentId,
            comment: row.id,
            actorName: viewer.name,
            text: `${viewer.name} replied to your comment on “${video.title}”`,
          },
        ]);
      }
      return view(row, viewer, new Map(parent ? [[parent.id, parent.authorName ?? 'viewer']] : []));
    },

    async edit(id: number, viewer: Viewer, body: string) {
      // the state is written only if it is still the one read: a report (or a moderator) landing meanwhile is kept
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const row = await own(id, viewer);
        if (Date.now() - new Date(row.createdAt).getTime() > EDIT_WINDOW_MS)
          throw commentError(
            403,
            'Comments can be edited for 15 minutes after posting; this one can no longer be changed. You can still delete it.',
          );
        const heldReason = keepsItsHold(row) ? row.heldReason : moderation().holdReason(body, viewer);
        const { count } = (await query().updateMany({
          where: { id, state: row.state, heldReason: row.heldReason === null ? { $null: true } : row.heldReason },
          data: {
            body,
            editedAt: new Date(),
            ...(keepsItsHold(row) ? {} : { state: heldReason ? 'held' : 'visible', heldReason }),
          },
        })) as { count: number };
        if (count === 0) continue;
        await recount(row.video);
        return view((await query().findOne({ where: { id } })) as Row, viewer, new Map());
      }
      throw commentError(409, 'This comment changed while you were editing it: try again.');
    },

    async remove(id: number, viewer: Viewer) {
      const row = await own(id, viewer);
      await query().update({ where: { id }, data: { state: 'deleted', body: null, heldReason: null, pinned: false } });
      await recount(row.video);
    },

    async report(id: number, viewer: Viewer, input: { reason: string; note?: string }) {
      const row = (await query().findOne({ where: { id } })) as Row | null;
      if (!row || row.state !== 'visible') throw commentError(404, 'This comment does not exist (any more).');
      if (row.author === viewer.id) throw commentError(400, 'You cannot report your own comment: delete it instead.');
      const already = await strapi.db.query(REPORT).count({ where: { comment: id, reporter: viewer.id } });
      if (already === 0) {
        try {
          await strapi.db.query(REPORT).create({
            data: {
              comment: id,
              reporter: viewer.id,
              reason: input.reason,
              note: input.note ?? null,
              publishedAt: new Date(),
            },
          });
        } catch {
          // the same viewer reporting twice at once: the unique index kept one
        }
        const reports = await strapi.db.query(REPORT).count({ where: { comment: id } });
        await query().update({ where: { id }, data: { reportCount: reports } });
        if (reports >= REPORTS_TO_HOLD) {
          // a report hold replaces a text hold an edit set meanwhile (an edit could lift that one), never a moderator's hiding
          await query().updateMany({
            where: { id, state: { $in: ['visible', 'held'] } },
            data: { state: 'held', heldReason: 'reported' },
          });
          await recount(row.video);
        }
      }
    },

    /** Account deletion: comments stay, signed by "deleted user". */
    async forgetViewer(userId: number): Promise<void> {
      await query().updateMany({ where: { author: userId }, data: { author: null, authorName: null } });
      await strapi.db.query(REPORT).deleteMany({ where: { reporter: userId } });
    },
  };
};

export default commentsService;
export type CommentsService = ReturnType<typeof commentsService>;
