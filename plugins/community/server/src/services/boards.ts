/**
 * The forum's boards: the platform-wide categories (`FORUM_CATEGORIES`, open to every viewer) and one board per
 * creator, its Community tab (`@<handle>`), where only the channel starts topics and moderates the replies.
 *
 * Who runs a creator board on the site: the viewer account with the same address as the channel's admin account.
 * Viewers' addresses are confirmed before they can sign in, and the admin account is the one the creator application
 * made for that same address (plugins/onboarding), so both are the same person's mailbox.
 */
import type { Core } from '@strapi/strapi';
import { FORUM_CATEGORIES, type BoardView, type CreatorRef } from '@framecast/contracts';
import type { Viewer } from '../utils/viewer';

const CREATOR = 'api::creator.creator';
const ADMIN_USER = 'admin::user';
const TOPIC = 'plugin::community.topic';

export type Board = {
  /** what the routes and the site call it: a category's slug, or `@<handle>` */
  key: string;
  /** what topics and posts store: `category:<slug>` or `creator:<documentId>` (a handle may change) */
  stored: string;
  kind: 'category' | 'creator';
  name: string;
  description: string;
  creator: CreatorRef | null;
};

const boardsService = ({ strapi }: { strapi: Core.Strapi }) => {
  async function creatorBoard(where: Record<string, unknown>): Promise<Board | null> {
    const creator = (await strapi.db.query(CREATOR).findOne({
      where,
      select: ['documentId', 'handle', 'displayName'],
    })) as CreatorRef | null;
    if (!creator) return null;
    return {
      key: `@${creator.handle}`,
      stored: `creator:${creator.documentId}`,
      kind: 'creator',
      name: creator.displayName,
      description: `Posts from ${creator.displayName}, and what viewers say about them.`,
      creator: { documentId: creator.documentId, handle: creator.handle, displayName: creator.displayName },
    };
  }

  const service = {
    /** The board a route names (`general`, `@handle`), or null when there is none. */
    async resolve(key: string): Promise<Board | null> {
      if (key.startsWith('@')) return creatorBoard({ handle: key.slice(1).toLowerCase() });
      const category = FORUM_CATEGORIES.find((entry) => entry.slug === key);
      return category
        ? {
            key: category.slug,
            stored: `category:${category.slug}`,
            kind: 'category',
            name: category.name,
            description: category.description,
            creator: null,
          }
        : null;
    },

    /** The board a topic or post stores, for showing it. */
    async fromStored(stored: string): Promise<Board | null> {
      const [kind, id] = [stored.slice(0, stored.indexOf(':')), stored.slice(stored.indexOf(':') + 1)];
      if (kind === 'category') return service.resolve(id);
      if (kind === 'creator') return creatorBoard({ documentId: id });
      return null;
    },

    /** The creator board this viewer runs (their channel's), stored form, or null. */
    async ownedBy(viewer: Viewer | null): Promise<string | null> {
      if (!viewer?.email) return null;
      const admin = (await strapi.db.query(ADMIN_USER).findOne({
        where: { email: { $eqi: viewer.email }, isActive: true, blocked: false },
        select: ['id'],
      })) as { id: number } | null;
      if (!admin) return null;
      const channel = (await strapi.db.query(CREATOR).findOne({
        where: { owner: { id: admin.id } },
        select: ['documentId'],
      })) as { documentId: string } | null;
      return channel ? `creator:${channel.documentId}` : null;
    },

    /** Whether this viewer moderates the board (a creator board's owner). Staff moderate in the admin. */
    async moderates(board: Pick<Board, 'kind' | 'stored'>, viewer: Viewer | null): Promise<boolean> {
      return board.kind === 'creator' && (await service.ownedBy(viewer)) === board.stored;
    },

    /** The board as the site shows it: its numbers, and what this viewer may do there. */
    async view(board: Board, viewer: Viewer | null): Promise<BoardView> {
      const [topics, latest, canModerate] = await Promise.all([
        strapi.db.query(TOPIC).count({ where: { board: board.stored, state: 'visible' } }),
        strapi.db.query(TOPIC).findOne({
          where: { board: board.stored, state: 'visible' },
          orderBy: { lastPostAt: 'desc' },
          select: ['lastPostAt'],
        }) as Promise<{ lastPostAt: string | null } | null>,
        service.moderates(board, viewer),
      ]);
      return {
        key: board.key,
        kind: board.kind,
        name: board.name,
        description: board.description,
        creator: board.creator,
        topics,
        lastPostAt: latest?.lastPostAt ? new Date(latest.lastPostAt).toISOString() : null,
        canPost: Boolean(viewer) && (board.kind === 'category' || canModerate),
        canModerate,
      };
    },

    /** Every platform category, with its numbers. */
    async categories(viewer: Viewer | null): Promise<BoardView[]> {
      const boards = await Promise.all(FORUM_CATEGORIES.map((category) => service.resolve(category.slug)));
      return Promise.all(
        boards.filter((board): board is Board => board !== null).map((board) => service.view(board, viewer)),
      );
    },
  };
  return service;
};

export default boardsService;
export type BoardsService = ReturnType<typeof boardsService>;
