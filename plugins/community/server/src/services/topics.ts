/**
 * Forum topics: a title and an opening post on a board, then replies. Every post is a comment (services/comments.ts),
 * so posts get what comments have: threads, edits within the window, deletion, reports, holds and moderation. This
 * service adds what a topic is: who may start one (anyone on a category; only the channel on its own board), pinning
 * and locking by the board's owner, subscriptions and the notifications they bring.
 */
import type { Core } from '@strapi/strapi';
import { TOPICS_PAGE_SIZE, type TopicListPage, type TopicPage, type TopicView } from '@framecast/contracts';
import type { Viewer } from '../utils/viewer';
import type { Board } from './boards';
import { getService } from '../utils';
import { commentError } from '../utils/errors';

const UID = 'plugin::community.topic';
const SUBSCRIPTION = 'plugin::community.topic-subscription';
const COMMENT = 'plugin::community.comment';

type Row = {
  id: number;
  board: string;
  title: string;
  author: number | null;
  authorName: string | null;
  asChannel: boolean | null;
  state: 'visible' | 'held' | 'hidden' | 'deleted';
  heldReason: string | null;
  pinned: boolean | null;
  locked: boolean | null;
  openingPost: number | null;
  replyCount: number | null;
  lastPostAt: string | null;
  createdAt: string;
};

type Named = Viewer & { name: string };

const topicsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID);
  const boards = () => getService(strapi, 'boards');
  const comments = () => getService(strapi, 'comments');

  function view(row: Row, viewer: Viewer | null, subscribed: boolean): TopicView {
    return {
      id: row.id,
      board: row.board,
      title: row.title,
      author: {
        name: row.author === null ? 'deleted user' : (row.authorName ?? 'viewer'),
        deleted: row.author === null,
        mine: Boolean(viewer && row.author === viewer.id),
        ...(row.asChannel && row.author !== null ? { channel: true } : {}),
      },
      state: row.state,
      pinned: Boolean(row.pinned),
      locked: Boolean(row.locked),
      replies: row.replyCount ?? 0,
      createdAt: new Date(row.createdAt).toISOString(),
      lastPostAt: new Date(row.lastPostAt ?? row.createdAt).toISOString(),
      subscribed,
    };
  }

  async function subscribedTo(viewer: Viewer | null, topics: number[]): Promise<Set<number>> {
    if (!viewer || topics.length === 0) return new Set();
    const rows = (await strapi.db.query(SUBSCRIPTION).findMany({
      where: { viewer: viewer.id, topic: { $in: topics } },
      select: ['topic'],
    })) as Array<{ topic: number }>;
    return new Set(rows.map((row) => row.topic));
  }

  /** Shown to this viewer: visible topics, and their own held one. */
  const seenBy = (viewer: Viewer | null) => ({
    $or: [{ state: 'visible' }, ...(viewer ? [{ state: 'held', author: viewer.id }] : [])],
  });

  /** The topic when this viewer may see it, with its board; a 404 otherwise. */
  async function reachable(id: number, viewer: Viewer | null): Promise<{ row: Row; board: Board }> {
    const row = (await query().findOne({ where: { id, ...seenBy(viewer) } })) as Row | null;
    const board = row ? await boards().fromStored(row.board) : null;
    if (!row || !board) throw commentError(404, 'This topic does not exist (any more).');
    return { row, board };
  }

  async function subscribe(topic: number, viewer: number): Promise<void> {
    const exists = await strapi.db.query(SUBSCRIPTION).count({ where: { topic, viewer } });
    if (exists) return;
    try {
      await strapi.db.query(SUBSCRIPTION).create({ data: { topic, viewer, publishedAt: new Date() } });
    } catch {
      // the same viewer subscribing twice at once: the unique index kept one
    }
  }

  const service = {
    async list(board: Board, viewer: Viewer | null, page: number): Promise<TopicListPage> {
      const where = { board: board.stored, ...seenBy(viewer) };
      const [rows, total, boardView] = await Promise.all([
        query().findMany({
          where,
          orderBy: [{ pinned: 'desc' }, { lastPostAt: 'desc' }, { id: 'desc' }],
          offset: (page - 1) * TOPICS_PAGE_SIZE,
          limit: TOPICS_PAGE_SIZE,
        }) as Promise<Row[]>,
        query().count({ where }),
        boards().view(board, viewer),
      ]);
      const subscribed = await subscribedTo(
        viewer,
        rows.map((row) => row.id),
      );
      return {
        board: boardView,
        data: rows.map((row) => view(row, viewer, subscribed.has(row.id))),
        meta: { page, pageCount: Math.max(1, Math.ceil(total / TOPICS_PAGE_SIZE)), total },
      };
    },

    async get(id: number, viewer: Viewer | null, page: number): Promise<TopicPage> {
      const { row, board } = await reachable(id, viewer);
      const boardView = await boards().view(board, viewer);
      const [posts, subscribed] = await Promise.all([
        comments().list({ topic: id }, viewer, page, { order: 'oldest', withHidden: boardView.canModerate }),
        subscribedTo(viewer, [id]),
      ]);
      return { topic: view(row, viewer, subscribed.has(id)), board: boardView, posts };
    },

    /** A new topic and its opening post; nothing stays when the post cannot be written. */
    async create(board: Board, viewer: Named, input: { title: string; body: string }): Promise<TopicView> {
      const owner = await boards().moderates(board, viewer);
      if (board.kind === 'creator' && !owner)
        throw commentError(403, 'Only the channel posts new topics on its Community tab; you can reply to its posts.');
      const asChannel = owner ? { name: board.name } : undefined;
      const heldReason = getService(strapi, 'moderation').holdReason(`${input.title}\n${input.body}`, viewer);
      const now = new Date();
      const row = (await query().create({
        data: {
          board: board.stored,
          title: input.title,
          author: viewer.id,
          authorName: (asChannel?.name ?? viewer.name).slice(0, 100),
          asChannel: Boolean(asChannel),
          state: heldReason ? 'held' : 'visible',
          heldReason,
          pinned: false,
          locked: false,
          replyCount: 0,
          lastPostAt: now,
          publishedAt: now,
        },
      })) as Row;
      try {
        const opening = await comments().create(
          { kind: 'topic', topic: { id: row.id, title: row.title, board: row.board }, asChannel },
          viewer,
          { body: input.body },
        );
        await query().update({ where: { id: row.id }, data: { openingPost: opening.id } });
      } catch (error) {
        await query().delete({ where: { id: row.id } });
        await strapi.db.query(COMMENT).deleteMany({ where: { topic: row.id } });
        throw error;
      }
      return view((await query().findOne({ where: { id: row.id } })) as Row, viewer, true);
    },

    async reply(id: number, viewer: Named, input: { body: string; replyTo?: number }) {
      const { row, board } = await reachable(id, viewer);
      const asChannel = (await boards().moderates(board, viewer)) ? { name: board.name } : undefined;
      if (row.state !== 'visible')
        throw commentError(409, 'This topic is waiting for a moderator: replies open once it is shown.');
      if (row.locked) throw commentError(409, 'This topic is locked: it takes no new replies.');
      return comments().create(
        { kind: 'topic', topic: { id: row.id, title: row.title, board: row.board }, asChannel },
        viewer,
        input,
      );
    },

    /** Pin or lock: the board's owner (staff do it in the admin). */
    async setFlags(id: number, viewer: Viewer, flags: { pinned?: boolean; locked?: boolean }): Promise<TopicView> {
      const { row, board } = await reachable(id, viewer);
      if (!(await boards().moderates(board, viewer)))
        throw commentError(403, 'Only the channel that runs this board can pin or lock its topics.');
      await query().update({ where: { id: row.id }, data: flags });
      const subscribed = await subscribedTo(viewer, [id]);
      return view((await query().findOne({ where: { id } })) as Row, viewer, subscribed.has(id));
    },

    /** The author deletes their topic; the board's owner removes one from their board. */
    async remove(id: number, viewer: Viewer): Promise<void> {
      const { row, board } = await reachable(id, viewer);
      const owner = await boards().moderates(board, viewer);
      if (row.author !== viewer.id && !owner) throw commentError(403, 'You can only delete your own topics.');
      await query().update({
        where: { id: row.id },
        data:
          row.author === viewer.id
            ? { state: 'deleted', pinned: false }
            : { state: 'hidden', heldReason: 'board-owner', pinned: false },
      });
    },

    /** A board's owner hides a post on it, or shows again one they hid. */
    async moderatePost(postId: number, viewer: Viewer, hidden: boolean) {
      const post = await comments().placeOf(postId);
      const board = post?.board ? await boards().fromStored(post.board) : null;
      if (!post || !board || post.state === 'deleted') throw commentError(404, 'This post does not exist (any more).');
      if (!(await boards().moderates(board, viewer)))
        throw commentError(403, 'Only the channel that runs this board can hide or show its posts.');
      const topic = (await query().findOne({ where: { id: post.topic }, select: ['openingPost'] })) as Row | null;
      if (topic?.openingPost === postId) throw commentError(400, 'This is the topic itself: remove the topic instead.');
      return comments().setHiddenByBoard(postId, board.stored, hidden);
    },

    async setSubscribed(id: number, viewer: Viewer, on: boolean): Promise<{ subscribed: boolean }> {
      const { row } = await reachable(id, viewer);
      if (on) await subscribe(row.id, viewer.id);
      else await strapi.db.query(SUBSCRIPTION).deleteMany({ where: { topic: row.id, viewer: viewer.id } });
      return { subscribed: on };
    },

    /**
     * After a post is written: its author follows the topic from now on; when it is shown (not held), the topic's
     * subscribers and the author it replies to hear of it, once each.
     */
    async afterPost(
      topic: { id: number; title: string },
      post: { id: number; state: string },
      viewer: Named,
      parent: { author: number | null } | null,
    ): Promise<void> {
      await subscribe(topic.id, viewer.id);
      if (post.state !== 'visible') return;
      const subscribers = (await strapi.db.query(SUBSCRIPTION).findMany({
        where: { topic: topic.id },
        select: ['viewer'],
      })) as Array<{ viewer: number }>;
      const recipients = new Set(subscribers.map((row) => row.viewer));
      if (parent?.author) recipients.add(parent.author);
      recipients.delete(viewer.id);
      await getService(strapi, 'notifications').notify(
        [...recipients].map((recipient) => ({
          recipient,
          kind: 'topic-reply' as const,
          dedupeKey: `topic-reply:${post.id}`,
          topic: topic.id,
          comment: post.id,
          actorName: viewer.name,
          text:
            parent?.author === recipient
              ? `${viewer.name} replied to you in “${topic.title}”`
              : `${viewer.name} posted in “${topic.title}”`,
        })),
      );
    },

    /** The topic's reply count and last post, from its shown posts (the opening post is not a reply). */
    async recount(id: number): Promise<void> {
      const row = (await query().findOne({ where: { id }, select: ['id', 'openingPost', 'createdAt'] })) as Row | null;
      if (!row) return;
      const posts = strapi.db.query(COMMENT);
      const [replies, last] = await Promise.all([
        posts.count({
          where: { topic: id, state: 'visible', ...(row.openingPost ? { id: { $ne: row.openingPost } } : {}) },
        }),
        posts.findOne({
          where: { topic: id, state: 'visible' },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          select: ['createdAt'],
        }) as Promise<{ createdAt: string } | null>,
      ]);
      await query().update({
        where: { id },
        data: {
          replyCount: row.openingPost ? replies : Math.max(0, replies - 1),
          lastPostAt: last?.createdAt ?? row.createdAt,
        },
      });
    },

    /** A topic removed in the admin takes its posts, subscriptions and notifications with it. */
    async forgetTopic(id: number): Promise<void> {
      await Promise.all([
        strapi.db.query(COMMENT).deleteMany({ where: { topic: id } }),
        strapi.db.query(SUBSCRIPTION).deleteMany({ where: { topic: id } }),
        strapi.db.query('plugin::community.notification').deleteMany({ where: { topic: id } }),
      ]);
    },

    /** Account deletion: topics stay, signed by "deleted user"; subscriptions go. */
    async forgetViewer(userId: number): Promise<void> {
      await query().updateMany({ where: { author: userId }, data: { author: null, authorName: null } });
      await strapi.db.query(SUBSCRIPTION).deleteMany({ where: { viewer: userId } });
    },
  };
  return service;
};

export default topicsService;
export type TopicsService = ReturnType<typeof topicsService>;
