/**
 * Comments on videos and posts in forum topics (one system for both): threads (a top-level comment and its replies,
 * shown in order under it), edits within a window, soft deletion (a deleted comment with replies stays as a
 * placeholder), reports, and holds for review. The video's comment count (or the topic's reply count) is set from the
 * table after each change.
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
/** The reason a board's owner hid a post: only such a hide may the owner lift again. */
export const BOARD_HOLD = 'board-owner';

type Row = {
  id: number;
  video: string | null;
  topic: number | null;
  board: string | null;
  author: number | null;
  authorName: string | null;
  asChannel: boolean | null;
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

/** Where a comment is posted: under a video, or in a forum topic (the topics service checks who may post there). */
export type CommentPlace =
  | { kind: 'video'; video: ReachableVideo }
  /** `asChannel`: the board's owner posts on their own board, signed with the channel's name */
  | { kind: 'topic'; topic: { id: number; title: string; board: string }; asChannel?: { name: string } | undefined };
/** The comments of one place. */
export type PlaceKey = { video: string } | { topic: number };

const placeKey = (place: CommentPlace): PlaceKey =>
  place.kind === 'video' ? { video: place.video.documentId } : { topic: place.topic.id };

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
        ...(row.asChannel && row.author !== null ? { channel: true } : {}),
      },
      state: row.state,
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

  /** Visible to this viewer: shown comments, placeholders, their own held ones, and (for a board's owner) the hidden. */
  const seenBy = (viewer: Viewer | null, withHidden = false) => ({
    $or: [
      { state: { $in: withHidden ? ['visible', 'deleted', 'hidden'] : ['visible', 'deleted'] } },
      ...(viewer ? [{ state: 'held', author: viewer.id }] : []),
    ],
  });

  /** The count its place shows: a video's comment count, or a topic's replies and last post. */
  async function recount(row: Pick<Row, 'video' | 'topic'>): Promise<void> {
    if (row.topic !== null) return getService(strapi, 'topics').recount(row.topic);
    if (row.video === null) return;
    const video = row.video;
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
    /**
     * One page of threads. Under a video the newest come first (pinned before all); in a topic the conversation reads
     * oldest first, the opening post leading. `withHidden`: the board's owner also sees the posts they hid.
     */
    async list(
      place: PlaceKey,
      viewer: Viewer | null,
      page: number,
      options: { order?: 'newest' | 'oldest'; withHidden?: boolean } = {},
    ) {
      const where = { ...place, thread: { $null: true }, ...seenBy(viewer, options.withHidden) };
      const direction = options.order === 'oldest' ? 'asc' : 'desc';
      const [tops, total] = await Promise.all([
        query().findMany({
          where,
          orderBy: [
            ...(options.order === 'oldest' ? [] : [{ pinned: 'desc' as const }]),
            { createdAt: direction },
            { id: direction },
          ],
          offset: (page - 1) * COMMENTS_PAGE_SIZE,
          limit: COMMENTS_PAGE_SIZE,
        }) as Promise<Row[]>,
        query().count({ where }),
      ]);
      const replies = tops.length
        ? ((await query().findMany({
            where: { ...place, thread: { $in: tops.map((top) => top.id) }, ...seenBy(viewer, options.withHidden) },
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

    async create(place: CommentPlace, viewer: Viewer & { name: string }, input: { body: string; replyTo?: number }) {
      let thread: number | null = null;
      let parent: Row | null = null;
      if (input.replyTo !== undefined) {
        parent = (await query().findOne({ where: { id: input.replyTo, ...placeKey(place) } })) as Row | null;
        if (!parent || !['visible'].includes(parent.state))
          throw commentError(404, 'The comment you are replying to is gone.');
        thread = parent.thread ?? parent.id;
      }
      const heldReason = moderation().holdReason(input.body, viewer);
      const row = (await query().create({
        data: {
          ...(place.kind === 'video'
            ? { video: place.video.documentId, videoTitle: place.video.title.slice(0, 255) }
            : { topic: place.topic.id, board: place.topic.board }),
          author: viewer.id,
          // the owner of a creator board posts there as the channel
          authorName: (place.kind === 'topic' && place.asChannel ? place.asChannel.name : viewer.name).slice(0, 100),
          asChannel: place.kind === 'topic' && Boolean(place.asChannel),
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
      await recount(row);
      if (place.kind === 'topic') {
        // the topic's subscribers (and the author replied to) hear of it; the poster follows the topic from now on
        const poster = place.asChannel ? { ...viewer, name: place.asChannel.name } : viewer;
        await getService(strapi, 'topics').afterPost(place.topic, row, poster, heldReason ? null : parent);
      } else if (!heldReason && parent && parent.author !== null && parent.author !== viewer.id) {
        const video = place.video;
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
        await recount(row);
        return view((await query().findOne({ where: { id } })) as Row, viewer, new Map());
      }
      throw commentError(409, 'This comment changed while you were editing it: try again.');
    },

    async remove(id: number, viewer: Viewer) {
      const row = await own(id, viewer);
      await query().update({ where: { id }, data: { state: 'deleted', body: null, heldReason: null, pinned: false } });
      await recount(row);
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
          await recount(row);
        }
      }
    },

    /**
     * A board owner hides a post on their own board (the topics service checks the board), or shows one they hid
     * again. A post a moderator hid, or one held for review, is not theirs to show.
     */
    async setHiddenByBoard(id: number, board: string, hidden: boolean): Promise<CommentView> {
      const row = (await query().findOne({ where: { id, board } })) as Row | null;
      if (!row || row.state === 'deleted') throw commentError(404, 'This post does not exist (any more).');
      const { count } = (await query().updateMany({
        where: hidden ? { id, state: 'visible' } : { id, state: 'hidden', heldReason: BOARD_HOLD },
        data: hidden
          ? { state: 'hidden', heldReason: BOARD_HOLD, pinned: false }
          : { state: 'visible', heldReason: null },
      })) as { count: number };
      if (count === 0 && row.state !== (hidden ? 'hidden' : 'visible'))
        throw commentError(
          409,
          hidden ? 'This post is waiting for a moderator.' : 'Only a moderator can show this post again.',
        );
      await recount(row);
      return view((await query().findOne({ where: { id } })) as Row, null, new Map());
    },

    /** A topic's first post, by id (the topics service reads it with the topic). */
    async placeOf(id: number): Promise<Pick<Row, 'id' | 'video' | 'topic' | 'board' | 'state' | 'author'> | null> {
      return (await query().findOne({
        where: { id },
        select: ['id', 'video', 'topic', 'board', 'state', 'author'],
      })) as Row | null;
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
