/**
 * Keeps the public response cache (middlewares/public-response-cache.ts) in step with the data, one entry at a time:
 *
 * - Reads. While a cacheable request runs, every Document Service read and every query-engine read (plugins) records
 *   what it depends on (reads.ts): the types it listed, filtered or sorted through, the documents it showed, the
 *   relations it populated, the files it showed; a plugin route's answer also depends on that plugin.
 * - Writes. A Document Service write (create, update, delete, publish, unpublish, discardDraft, clone) evicts the
 *   entries that listed its type, that showed the document, and that showed a relation of a document it is linked to,
 *   before or after the write. A query-engine write (plugins, the upload plugin, the transcoding pipeline) evicts
 *   the entries that showed the rows it changed, or that chose or ordered documents by the fields it changed.
 *   Any change to the media library evicts every entry that showed a file. Writes that bypass both (plugins' raw
 *   SQL) are announced by their plugin's event, handled at the end of this file.
 *
 * Evictions run at once and again when the surrounding transaction commits, and an answer computed while something
 * it depends on was written is not stored: an edit, or a video made private, shows at once on this instance.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core, UID } from '@strapi/strapi';
import { FILE, ReadWalker, attributeOf, isDocumentType, pinnedDocumentIds, targetOf } from './reads';
import { PublicResponseStore, dependencyKeys as keys, type ReadRecorder } from './store';

export { dependencyKeys } from './store';

const VIDEO = 'api::video.video';
const READ_ACTIONS = new Set(['findMany', 'findFirst', 'findOne', 'count']);
const WRITE_ACTIONS = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);
/** Writes that change an existing document, whose links before the write matter too. */
const CHANGING_ACTIONS = new Set(['update', 'delete', 'publish', 'unpublish', 'discardDraft']);
/** Types never read by the public API: their query-engine writes are not worth a look. */
const INTERNAL_TYPE = /^(admin|strapi)::/;

export const publicResponses = new PublicResponseStore();

const recorders = new WeakMap<object, ReadRecorder>();
/** Set while a Document Service call runs: the query-engine reads and writes inside it are that call's own. */
const documentServiceCall = new AsyncLocalStorage<{ uid: string; action: string }>();

/** Starts recording what the request `ctx` reads (the cache middleware, for a cacheable request). */
export function beginRecording(ctx: object): ReadRecorder {
  const recorder = publicResponses.begin();
  recorders.set(ctx, recorder);
  return recorder;
}

export function endRecording(ctx: object, recorder: ReadRecorder): void {
  publicResponses.end(recorder);
  recorders.delete(ctx);
}

function currentRecorder(strapi: Core.Strapi): ReadRecorder | undefined {
  const ctx = strapi.requestContext.get() as object | undefined;
  return ctx ? recorders.get(ctx) : undefined;
}

/** Evicts now, and again once the surrounding transaction (if any) commits, when readers can see the write. */
function evictAfterCommit(strapi: Core.Strapi, dependencies: string[]): void {
  publicResponses.evict(dependencies);
  if (!strapi.db.inTransaction()) return;
  void strapi.db.transaction(({ onCommit }) => {
    onCommit(() => publicResponses.evict(dependencies));
  });
}

type RelationLink = { attribute: string; target: string; inverse: string };

/** For each type: its relations that the other side shows too, and the one-way relations other types point at it with. */
function relationLinks(strapi: Core.Strapi) {
  const owned = new Map<string, RelationLink[]>();
  const incoming = new Map<string, Array<{ source: string; attribute: string }>>();
  for (const [uid, contentType] of Object.entries(strapi.contentTypes)) {
    if (INTERNAL_TYPE.test(uid)) continue;
    for (const [attribute, definition] of Object.entries(contentType.attributes)) {
      const { type, target, inversedBy, mappedBy } = definition as {
        type: string;
        target?: string;
        inversedBy?: string;
        mappedBy?: string;
      };
      if (type !== 'relation' || !target || !isDocumentType(strapi, target) || INTERNAL_TYPE.test(target)) continue;
      const inverse = inversedBy ?? mappedBy;
      if (inverse) owned.set(uid, [...(owned.get(uid) ?? []), { attribute, target, inverse }]);
      else incoming.set(target, [...(incoming.get(target) ?? []), { source: uid, attribute }]);
    }
  }
  return { owned, incoming };
}

export function registerPublicCacheInvalidation(strapi: Core.Strapi): void {
  let links: ReturnType<typeof relationLinks> | undefined;

  /** The relations of other documents that show `documentId` (whose members change with it), as dependency keys. */
  async function linkedRelations(uid: string, documentId: string): Promise<string[]> {
    links ??= relationLinks(strapi);
    const found: string[] = [];
    try {
      const owned = links.owned.get(uid) ?? [];
      if (owned.length > 0) {
        const rows = (await strapi.db.query(uid as UID.Schema).findMany({
          where: { documentId },
          select: ['id'],
          populate: Object.fromEntries(owned.map((link) => [link.attribute, { select: ['documentId'] }])),
        })) as Array<Record<string, unknown>>;
        for (const row of rows) {
          for (const link of owned) {
            const related = row[link.attribute];
            for (const other of Array.isArray(related) ? related : related ? [related] : []) {
              const otherId = (other as { documentId?: unknown }).documentId;
              if (typeof otherId === 'string') found.push(keys.relation(link.target, otherId, link.inverse));
            }
          }
        }
      }
      for (const { source, attribute } of links.incoming.get(uid) ?? []) {
        const rows = (await strapi.db
          .query(source as UID.Schema)
          .findMany({ where: { [attribute]: { documentId } }, select: ['documentId'] })) as Array<{
          documentId: string;
        }>;
        for (const row of rows) found.push(keys.relation(source, row.documentId, attribute));
      }
    } catch (error) {
      // the links could not be read: every entry that showed anything of this type goes
      strapi.log.warn(
        `[public cache] relations of ${uid} ${documentId} unreadable, evicting the whole type: ${(error as Error).message}`,
      );
      found.push(keys.type(uid));
    }
    return found;
  }

  strapi.documents.use(async (context, next) => {
    const uid = context.uid as string;
    const action = context.action as string;
    const params = (context.params ?? {}) as {
      documentId?: unknown;
      filters?: unknown;
      sort?: unknown;
      populate?: unknown;
    };

    if (READ_ACTIONS.has(action)) {
      const recorder = currentRecorder(strapi);
      if (!recorder) return next();
      const result = await documentServiceCall.run({ uid, action }, next);
      // the public rules (public-access) ran first: the filters seen here are the ones the query used
      const walker = new ReadWalker(strapi, recorder);
      if (action === 'findOne' && typeof params.documentId === 'string') walker.documents(uid, [params.documentId]);
      else walker.list(uid, params.filters, params.sort);
      if (action !== 'count') walker.result(uid, result, params.populate);
      return result;
    }

    if (!WRITE_ACTIONS.has(action)) return next();
    const existing = typeof params.documentId === 'string' ? params.documentId : undefined;
    // an empty cache with no request running has nothing to evict: the links are not worth reading (seeds, imports)
    const idleBefore = publicResponses.idle;
    const linkedBefore =
      existing && CHANGING_ACTIONS.has(action) && !idleBefore ? await linkedRelations(uid, existing) : [];
    const result = await documentServiceCall.run({ uid, action }, next);
    const created = (result as { documentId?: unknown } | null | undefined)?.documentId;
    const written = [
      ...new Set(
        [existing, typeof created === 'string' ? created : undefined].filter((id): id is string => Boolean(id)),
      ),
    ];
    const dependencies = [
      keys.list(uid),
      ...written.map((documentId) => keys.document(uid, documentId)),
      ...linkedBefore,
    ];
    // a request that started during the write may have read the links as they were: it goes with the whole type
    if (idleBefore) dependencies.push(keys.type(uid));
    if (!publicResponses.idle || strapi.db.inTransaction()) {
      for (const documentId of written) dependencies.push(...(await linkedRelations(uid, documentId)));
    }
    evictAfterCommit(strapi, dependencies);
    return result;
  });

  type LifecycleEvent = {
    action: string;
    model: { uid: string };
    params: { where?: unknown; data?: unknown; populate?: unknown; orderBy?: unknown };
    result?: unknown;
    state: { documentIds?: string[] };
  };

  /** A plugin's read through the query engine, during a cacheable request. */
  function queryEngineRead(event: LifecycleEvent): void {
    if (documentServiceCall.getStore()) return;
    const recorder = currentRecorder(strapi);
    if (!recorder) return;
    const uid = event.model.uid;
    const walker = new ReadWalker(strapi, recorder);
    const pinned = isDocumentType(strapi, uid) ? pinnedDocumentIds(event.params.where) : undefined;
    if (pinned) walker.documents(uid, pinned);
    else walker.list(uid, event.params.where, event.params.orderBy);
    if (event.action !== 'afterCount') walker.result(uid, event.result, event.params.populate);
  }

  /** Before a query-engine updateMany/deleteMany: which documents it will touch, when an entry could care. */
  async function documentsAboutToChange(event: LifecycleEvent): Promise<void> {
    const uid = event.model.uid;
    if (documentServiceCall.getStore() || INTERNAL_TYPE.test(uid) || !isDocumentType(strapi, uid)) return;
    if (pinnedDocumentIds(event.params.where) || !publicResponses.mayDependOn(keys.type(uid))) return;
    const rows = (await strapi.db
      .query(uid as UID.Schema)
      .findMany({ where: event.params.where as never, select: ['documentId'] })) as Array<{ documentId: string }>;
    event.state.documentIds = [...new Set(rows.map((row) => row.documentId))];
  }

  /** A write through the query engine (plugins, the upload plugin, the transcoding pipeline), not the Document Service. */
  function queryEngineWrite(event: LifecycleEvent): void {
    const uid = event.model.uid;
    if (documentServiceCall.getStore() || INTERNAL_TYPE.test(uid)) return;
    const dependencies: string[] = [];
    const created = event.action === 'afterCreate' || event.action === 'afterCreateMany';
    const deleted = event.action === 'afterDelete' || event.action === 'afterDeleteMany';
    if (created || deleted) dependencies.push(keys.list(uid));
    const rows = Array.isArray(event.params.data) ? event.params.data : event.params.data ? [event.params.data] : [];
    let linksChanged = false;
    for (const row of rows as Array<Record<string, unknown>>) {
      for (const attribute of Object.keys(row)) {
        dependencies.push(keys.field(uid, attribute));
        if (
          targetOf(attributeOf(strapi, uid, attribute)) ||
          attributeOf(strapi, uid, attribute)?.type === 'dynamiczone'
        )
          linksChanged = true;
      }
    }
    const resultId = (event.result as { documentId?: unknown } | null | undefined)?.documentId;
    const documentIds =
      pinnedDocumentIds(event.params.where) ?? (typeof resultId === 'string' ? [resultId] : event.state.documentIds);
    if (documentIds) dependencies.push(...documentIds.map((documentId) => keys.document(uid, documentId)));
    // rows the cache cannot name, new links, and any media library change: everything that showed this type
    if ((!documentIds && !created) || linksChanged || uid === FILE) dependencies.push(keys.type(uid));
    evictAfterCommit(strapi, dependencies);
  }

  strapi.db.lifecycles.subscribe({
    afterFindMany: queryEngineRead,
    afterFindOne: queryEngineRead,
    afterCount: queryEngineRead,
    beforeUpdateMany: documentsAboutToChange,
    beforeDeleteMany: documentsAboutToChange,
    afterCreate: queryEngineWrite,
    afterCreateMany: queryEngineWrite,
    afterUpdate: queryEngineWrite,
    afterUpdateMany: queryEngineWrite,
    afterDelete: queryEngineWrite,
    afterDeleteMany: queryEngineWrite,
  } as never);

  // changes the plugins make with raw SQL, or outside the database, say so with an event
  const documents = (payload: unknown, fallbackUid?: string): string[] => {
    const {
      uid = fallbackUid,
      documentId,
      documentIds,
      attributes,
    } = (payload ?? {}) as { uid?: string; documentId?: unknown; documentIds?: unknown; attributes?: unknown };
    if (!uid) return [];
    const ids = [...(Array.isArray(documentIds) ? documentIds : []), documentId].filter(
      (id): id is string => typeof id === 'string',
    );
    const fields = Array.isArray(attributes)
      ? attributes.filter((name): name is string => typeof name === 'string')
      : [];
    return [...ids.map((id) => keys.document(uid, id)), ...fields.map((name) => keys.field(uid, name))];
  };
  // pipeline fields of a video (status, playback)
  strapi.eventHub.on(
    'transcoding::video.changed',
    async (payload: unknown) => void publicResponses.evict([keys.route('transcoding'), ...documents(payload, VIDEO)]),
  );
  // search answers change when the index does, a moment after the write (and with view counts)
  strapi.eventHub.on(
    'discovery::index.changed',
    async (payload: unknown) => void publicResponses.evict([keys.route('discovery'), ...documents(payload, VIDEO)]),
  );
  // follows, comment and rating counters: the community plugin's own writes
  strapi.eventHub.on(
    'community::changed',
    async (payload: unknown) => void publicResponses.evict([keys.route('community'), ...documents(payload)]),
  );
  // a moderator's decision (remove, restore, approve), an accepted collaboration: what the public sees of a video
  for (const event of ['moderation::changed', 'collaboration::changed'])
    strapi.eventHub.on(event, async (payload: unknown) => void publicResponses.evict([...documents(payload)]));
  strapi.eventHub.on(
    'library::changed',
    async (payload: unknown) => void publicResponses.evict([keys.route('library'), ...documents(payload)]),
  );
}
