/**
 * A viewer's collections: Watch later (one per viewer, made on first use, never renamed, made public or deleted)
 * and the ones they name. Items are an ordered list of video documentIds in one JSON column; every change to a
 * collection is a compare-and-set on its revision, so two tabs or two requests never overwrite each other's edit:
 * the loser re-reads and applies its change again (an add already made is then a no-op), or is told the list it
 * reordered is stale.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  LIBRARY_LIMITS,
  type CollectionKind,
  type CollectionVisibility,
  type LibraryCollectionDetail,
  type LibraryCollectionListEntry,
  type LibraryCollectionSummary,
  type LibraryContainingEntry,
} from '@framecast/contracts';
import { conflict } from '../utils/errors';
import type { CollectionRef } from '../validation/common';
import type { CreateCollectionInput, UpdateCollectionInput } from '../validation/collections';
import { getService } from '../utils';

const COLLECTION = 'plugin::library.collection';
const UP_USER = 'plugin::users-permissions.user';
const FIELDS = [
  'id',
  'documentId',
  'owner',
  'title',
  'description',
  'visibility',
  'kind',
  'items',
  'revision',
  'createdAt',
  'updatedAt',
];
const WATCH_LATER_TITLE = 'Watch later';
/** Items looked at for a collection's cover: the first one still available wins. */
const COVER_CANDIDATES = 3;
const WRITE_ATTEMPTS = 8;

export type CollectionRow = {
  id: number;
  documentId: string;
  owner: number;
  title: string;
  description: string | null;
  visibility: CollectionVisibility;
  kind: CollectionKind;
  items: unknown;
  revision: number | null;
  createdAt: string | Date;
  updatedAt: string | Date;
};
type Access = 'read' | 'write';
type Changes = Partial<Pick<CollectionRow, 'title' | 'description' | 'visibility'>> & { items?: string[] };

/** The stored items, whatever an admin may have typed into the JSON field. */
export function itemsOf(row: Pick<CollectionRow, 'items'>): string[] {
  return Array.isArray(row.items) ? row.items.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The order a viewer asked for, checked against the current items: every available item exactly once and nothing
 * else. Unavailable items the viewer could not see may be left out; they keep their order, after the others.
 */
export function reorder(
  current: string[],
  requested: string[],
  available: Set<string>,
): { items: string[] } | { missing: string[]; unknown: string[] } {
  const stored = new Set(current);
  const asked = new Set(requested);
  const unknown = requested.filter((id) => !stored.has(id));
  const missing = current.filter((id) => available.has(id) && !asked.has(id));
  if (unknown.length > 0 || missing.length > 0) return { missing, unknown };
  return { items: [...requested, ...current.filter((id) => !asked.has(id))] };
}

const iso = (value: string | Date) => new Date(value).toISOString();
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((id, index) => id === b[index]);

export function summary(row: CollectionRow): LibraryCollectionSummary {
  return {
    documentId: row.documentId,
    title: row.title,
    description: row.description ?? null,
    visibility: row.visibility,
    kind: row.kind,
    itemCount: itemsOf(row).length,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export type CollectionsService = ReturnType<typeof collectionsService>;

const collectionsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const videos = () => getService(strapi, 'videos');
  const query = () => strapi.db.query(COLLECTION);

  const findOne = (where: Record<string, unknown>) =>
    query().findOne({ where, select: FIELDS }) as Promise<CollectionRow | null>;

  /** Anonymous readers may hold a public collection's answer in the public response cache: a change to one empties it. */
  const announce = (...versions: Array<Pick<CollectionRow, 'documentId' | 'visibility'>>) => {
    const shown = versions.find((version) => version.visibility === 'public');
    if (shown) void strapi.eventHub.emit('library::changed', { documentId: shown.documentId });
  };

  async function ensureWatchLater(viewer: number): Promise<CollectionRow> {
    const existing = await findOne({ owner: viewer, kind: 'watch-later' });
    if (existing) return existing;
    try {
      await query().create({
        data: {
          owner: viewer,
          title: WATCH_LATER_TITLE,
          description: null,
          visibility: 'private',
          kind: 'watch-later',
          items: [],
          revision: 0,
          // unique: a second Watch later for this viewer, made by a concurrent first use, is refused here
          watchLaterOf: viewer,
          publishedAt: new Date(),
        },
      });
    } catch (error) {
      const created = await findOne({ owner: viewer, kind: 'watch-later' });
      if (created) return created;
      throw error;
    }
    return (await findOne({ owner: viewer, kind: 'watch-later' }))!;
  }

  /**
   * The collection `ref` names, as `viewer` may use it: the owner reads and writes it, anyone reads a public one
   * (403 to change it), and someone else's private one does not exist for them (404).
   */
  async function resolve(ref: CollectionRef, viewer: number | null, access: Access): Promise<CollectionRow> {
    if (ref.watchLater) {
      if (viewer === null) throw new errors.UnauthorizedError('Sign in to use your Watch later.');
      return ensureWatchLater(viewer);
    }
    const row = await findOne({ documentId: ref.documentId });
    if (row && viewer !== null && Number(row.owner) === viewer) return row;
    if (row && row.visibility === 'public') {
      if (access === 'read') return row;
      throw new errors.ForbiddenError('Only the owner of this collection can change it.');
    }
    throw new errors.NotFoundError('No such collection');
  }

  /**
   * Applies `compute(current)` as a compare-and-set on the revision, re-reading and computing again when another
   * write came first. `compute` returns null when there is nothing to change, or throws to refuse.
   */
  async function change(
    row: CollectionRow,
    compute: (current: CollectionRow) => Promise<Changes | null> | Changes | null,
  ): Promise<{ row: CollectionRow; changed: boolean }> {
    let current = row;
    for (let attempt = 1; ; attempt += 1) {
      const data = await compute(current);
      if (!data) return { row: current, changed: false };
      const { count } = await query().updateMany({
        where: { id: current.id, revision: current.revision === null ? { $null: true } : current.revision },
        data: { ...data, revision: (current.revision ?? 0) + 1 },
      });
      if (count === 1) {
        const updated = await findOne({ id: current.id });
        if (!updated) throw new errors.NotFoundError('No such collection');
        announce(current, updated);
        return { row: updated, changed: true };
      }
      if (attempt >= WRITE_ATTEMPTS)
        throw conflict('This collection is being changed elsewhere right now: try again.', { reason: 'busy' });
      await sleep(5 + Math.floor(Math.random() * 20 * attempt));
      const fresh = await findOne({ id: current.id });
      if (!fresh) throw new errors.NotFoundError('No such collection');
      current = fresh;
    }
  }

  async function ownerName(owner: number): Promise<string | null> {
    const user = (await strapi.db.query(UP_USER).findOne({ where: { id: owner }, select: ['username'] })) as {
      username: string;
    } | null;
    return user?.username ?? null;
  }

  return {
    ensureWatchLater,

    /** Watch later first, then the viewer's own collections, newest first, each with a cover card. */
    async list(viewer: number): Promise<LibraryCollectionListEntry[]> {
      const watchLater = await ensureWatchLater(viewer);
      const custom = (await query().findMany({
        where: { owner: viewer, kind: 'custom' },
        select: FIELDS,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      })) as CollectionRow[];
      const rows = [watchLater, ...custom];
      const candidates = rows.map((row) => itemsOf(row).slice(0, COVER_CANDIDATES));
      const { cards } = await videos().cards([...new Set(candidates.flat())]);
      const byId = new Map(cards.map((card) => [card.documentId, card]));
      return rows.map((row, index) => ({
        ...summary(row),
        cover: candidates[index]!.map((id) => byId.get(id)).find((card) => card !== undefined) ?? null,
      }));
    },

    async create(viewer: number, input: CreateCollectionInput): Promise<LibraryCollectionSummary> {
      // a soft limit: two creates racing at the limit may both pass
      const count = await query().count({ where: { owner: viewer, kind: 'custom' } });
      if (count >= LIBRARY_LIMITS.collectionsPerViewer) {
        throw conflict(
          `You have ${LIBRARY_LIMITS.collectionsPerViewer} collections, the most one viewer can have: delete one first.`,
          {
            reason: 'too-many-collections',
            limit: LIBRARY_LIMITS.collectionsPerViewer,
          },
        );
      }
      const row = (await query().create({
        data: { owner: viewer, ...input, kind: 'custom', items: [], revision: 0, publishedAt: new Date() },
        select: FIELDS,
      })) as CollectionRow;
      return summary(row);
    },

    /** The collection with its available videos as cards, in order. */
    async detail(ref: CollectionRef, viewer: number | null): Promise<LibraryCollectionDetail> {
      const row = await resolve(ref, viewer, 'read');
      const { cards, absent } = await videos().cards(itemsOf(row));
      return {
        ...summary(row),
        items: cards,
        hiddenCount: absent.length,
        isOwner: viewer !== null && Number(row.owner) === viewer,
        ownerName: await ownerName(Number(row.owner)),
      };
    },

    async update(ref: CollectionRef, viewer: number, input: UpdateCollectionInput): Promise<LibraryCollectionSummary> {
      const row = await resolve(ref, viewer, 'write');
      if (row.kind === 'watch-later') {
        const renamed =
          (input.title !== undefined && input.title !== row.title) ||
          (input.description !== undefined && input.description !== (row.description ?? null));
        if (renamed || (input.visibility !== undefined && input.visibility !== row.visibility)) {
          throw conflict('Watch later keeps its name and stays private: only the order of its videos can change.', {
            reason: 'watch-later-fixed',
          });
        }
      }
      const result = await change(row, async (current) => {
        const data: Changes = {};
        if (input.title !== undefined && input.title !== current.title) data.title = input.title;
        if (input.description !== undefined && input.description !== (current.description ?? null))
          data.description = input.description;
        if (input.visibility !== undefined && input.visibility !== current.visibility)
          data.visibility = input.visibility;
        if (input.items !== undefined) {
          const items = itemsOf(current);
          const order = reorder(items, input.items, await videos().listed(items));
          if ('missing' in order) {
            throw conflict('This collection changed since it was loaded: reload it and arrange it again.', {
              reason: 'stale-items',
              missing: order.missing,
              unknown: order.unknown,
            });
          }
          if (!sameList(order.items, items)) data.items = order.items;
        }
        return Object.keys(data).length > 0 ? data : null;
      });
      return summary(result.row);
    },

    async remove(ref: CollectionRef, viewer: number): Promise<void> {
      const row = await resolve(ref, viewer, 'write');
      if (row.kind === 'watch-later')
        throw conflict('Watch later cannot be deleted: remove its videos instead.', { reason: 'watch-later-fixed' });
      await query().delete({ where: { id: row.id } });
      announce(row);
    },

    /** Adds a listed video at the end; adding one already there changes nothing (`added: false`). */
    async addItem(
      ref: CollectionRef,
      viewer: number,
      video: string,
    ): Promise<{ collection: LibraryCollectionSummary; added: boolean }> {
      const row = await resolve(ref, viewer, 'write');
      if (!(await videos().isListed(video))) throw new errors.NotFoundError('No such video');
      const result = await change(row, (current) => {
        const items = itemsOf(current);
        if (items.includes(video)) return null;
        if (items.length >= LIBRARY_LIMITS.itemsPerCollection) {
          throw conflict(`This collection is full (${LIBRARY_LIMITS.itemsPerCollection} videos): remove some first.`, {
            reason: 'collection-full',
            limit: LIBRARY_LIMITS.itemsPerCollection,
          });
        }
        return { items: [...items, video] };
      });
      return { collection: summary(result.row), added: result.changed };
    },

    /** Removes a video (also one no longer available); removing one not there changes nothing (`removed: false`). */
    async removeItem(
      ref: CollectionRef,
      viewer: number,
      video: string,
    ): Promise<{ collection: LibraryCollectionSummary; removed: boolean }> {
      const row = await resolve(ref, viewer, 'write');
      const result = await change(row, (current) => {
        const items = itemsOf(current);
        return items.includes(video) ? { items: items.filter((id) => id !== video) } : null;
      });
      return { collection: summary(result.row), removed: result.changed };
    },

    /** Every collection of the viewer (Watch later first) and whether it holds `video`: the "Save to…" menu. */
    async containing(viewer: number, video: string): Promise<LibraryContainingEntry[]> {
      const watchLater = await ensureWatchLater(viewer);
      const custom = (await query().findMany({
        where: { owner: viewer, kind: 'custom' },
        select: FIELDS,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      })) as CollectionRow[];
      return [watchLater, ...custom].map((row) => {
        const items = itemsOf(row);
        return {
          documentId: row.documentId,
          title: row.title,
          kind: row.kind,
          visibility: row.visibility,
          itemCount: items.length,
          containsVideo: items.includes(video),
        };
      });
    },

    /** Deletes every collection of a viewer. */
    async removeAllOf(viewer: number): Promise<number> {
      const rows = (await query().findMany({
        where: { owner: viewer, visibility: 'public' },
        select: ['documentId', 'visibility'],
      })) as Array<Pick<CollectionRow, 'documentId' | 'visibility'>>;
      const { count } = await query().deleteMany({ where: { owner: viewer } });
      announce(...rows);
      return count;
    },
  };
};

export default collectionsService;
