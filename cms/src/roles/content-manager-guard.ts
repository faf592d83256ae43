/**
 * A guard on every route of the content manager, for Creators. Each route is classified below by its
 * handler: passed through (with the reason it is safe: RBAC conditions, the ownership middleware), refused,
 * or checked here because the content manager itself does not check it (clone's source, links in a body,
 * relation lists, counts, bulk look-ups). A route missing from the table (a new Strapi version, an EE feature
 * such as content history) is refused to creators until someone classifies it.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';
import { creatorFromState, type ActingCreator } from './acting-creator';
import { assertUpdateAllowed } from './ownership';
import {
  CHANNEL_FIELD,
  assertLinksReadable,
  hideUnreadableRelations,
  isChannelType,
  isReadable,
  linkedFrom,
  ownsDocument,
  readableAmong,
  readableWhere,
  refusal,
  requireReadable,
} from './channel';

const CM_READ = 'plugin::content-manager.explorer.read';
const CONFIGURE_COMPONENT_LAYOUT = 'plugin::content-manager.components.configure-layout';

type CreatorCheck = (strapi: Core.Strapi, ctx: Context, actor: ActingCreator, next: Next) => Promise<unknown>;
type RouteRule = {
  /** Why a creator may use the route as it stands, or what is checked here. */
  why: string;
  creator: 'pass' | 'refuse' | CreatorCheck;
  /** A check for every admin user, creators or not. */
  everyone?: (ctx: Context) => void;
};

type Attribute = { type: string; target?: string };
const modelOf = (strapi: Core.Strapi, uid: unknown) =>
  typeof uid === 'string'
    ? (strapi.getModel(uid as UID.Schema) as unknown as
        | {
            modelType?: string;
            kind?: string;
            attributes: Record<string, Attribute>;
            options?: { draftAndPublish?: boolean };
            pluginOptions?: Record<string, { visible?: boolean }>;
          }
        | undefined)
    : undefined;
const asStrings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);

/**
 * The body of a create, clone, update or publish, as sent: links only to documents the creator may open, and (on
 * an existing document) the update rules. Checked here too because the content manager silently drops the fields
 * a creator may not write and answers 200.
 */
const bodyRules =
  (documentIdParam?: 'id' | 'sourceId'): CreatorCheck =>
  async (strapi, ctx, actor, next) => {
    const uid = ctx.params.model;
    if (!modelOf(strapi, uid)) return next();
    const body = (ctx.request as { body?: unknown }).body;
    const documentId = documentIdParam ? ctx.params[documentIdParam] : undefined;
    if (documentIdParam === 'id' && documentId) {
      await assertUpdateAllowed(strapi, actor, uid, documentId, body);
      return next();
    }
    // a new document (create, clone, publish without an id) goes on the creator's profile whatever the body says
    const skip = isChannelType(uid) ? [CHANNEL_FIELD[uid]] : [];
    await assertLinksReadable(strapi, actor, uid, body, await linkedFrom(strapi, uid, documentId), skip);
    return next();
  };

/** Clone checks only the create permission: the source must be a document of the creator's own channel. */
const cloneOwnDocument: CreatorCheck = async (strapi, ctx, actor, next) => {
  const uid = ctx.params.model;
  if (!isChannelType(uid) || !(await ownsDocument(strapi, uid, ctx.params.sourceId, actor.user.id))) {
    throw new errors.NotFoundError('No such document to duplicate.');
  }
  return bodyRules('sourceId')(strapi, ctx, actor, next);
};

/** Runs `check` (or the route), then hides the related documents the creator may not open from the documents answered. */
const answeringDocuments =
  (check?: CreatorCheck): CreatorCheck =>
  async (strapi, ctx, actor, next) => {
    const result = await (check ? check(strapi, ctx, actor, next) : next());
    const body = ctx.body as { results?: unknown[]; data?: unknown } | undefined;
    const documents = Array.isArray(body?.results) ? body.results : body?.data ? [body.data] : [];
    const uid = ctx.params.model;
    if (modelOf(strapi, uid) && documents.length > 0) await hideUnreadableRelations(strapi, actor, uid, documents);
    return result;
  };

function relationTarget(strapi: Core.Strapi, ctx: Context): string | undefined {
  const attribute = modelOf(strapi, ctx.params.model)?.attributes?.[ctx.params.targetField];
  return attribute?.type === 'relation' ? (attribute.target ?? '') : undefined;
}

/**
 * Strapi lists a relation's targets unfiltered when the user has no read permission on them at all, and answers
 * 500 for a field the user may not read (a helper answers 403 and its caller carries on regardless).
 */
const relationPicker: CreatorCheck = async (strapi, ctx, actor, next) => {
  const target = relationTarget(strapi, ctx);
  const source = modelOf(strapi, ctx.params.model);
  if (
    source &&
    source.modelType !== 'component' &&
    !actor.ability.can(CM_READ, ctx.params.model, String(ctx.params.targetField))
  ) {
    throw refusal('You cannot open this field.');
  }
  if (target !== undefined && (target === '' || readableWhere(strapi, actor.ability, target) === null)) {
    throw refusal('You cannot open the documents this field links to.');
  }
  return next();
};

/** Strapi answers a document's links with the ids of those the user cannot read too: keep only the readable ones. */
const existingRelations: CreatorCheck = async (strapi, ctx, actor, next) => {
  await relationPicker(strapi, ctx, actor, next);
  const target = relationTarget(strapi, ctx);
  const body = ctx.body as
    { results?: Array<{ id: number; documentId?: string }>; pagination?: { total?: number } } | undefined;
  if (!target || !Array.isArray(body?.results)) return;
  const refOf = (row: { id: number; documentId?: string }) =>
    row.documentId ? { documentId: row.documentId } : { id: row.id };
  const readable = await readableAmong(strapi, actor.ability, target, body.results.map(refOf));
  body.results = body.results.filter((row) => isReadable(readable, refOf(row)));
  if (body.pagination) body.pagination.total = await countReadableLinks(strapi, ctx, actor, target);
};

/** How many of the document's links (in the version the request names) the creator may read: the total is not a count of others' documents. */
async function countReadableLinks(
  strapi: Core.Strapi,
  ctx: Context,
  actor: ActingCreator,
  target: string,
): Promise<number> {
  const model = modelOf(strapi, ctx.params.model);
  const targetModel = modelOf(strapi, target);
  const field = String(ctx.params.targetField);
  const isComponent = model?.modelType === 'component';
  const published = ctx.query.status === 'published' ? { $notNull: true } : { $null: true };
  const where: Record<string, unknown> = isComponent
    ? { id: Number(ctx.params.id) }
    : { documentId: String(ctx.params.id) };
  if (!isComponent && model?.options?.draftAndPublish) where.publishedAt = published;
  // the same versions of the targets Strapi lists: the requested status from a draft-and-publish source, else drafts
  const targetWhere = targetModel?.options?.draftAndPublish
    ? { publishedAt: isComponent || model?.options?.draftAndPublish ? published : { $null: true } }
    : {};
  const row = (await strapi.db.query(ctx.params.model as UID.Schema).findOne({
    where,
    populate: { [field]: { select: ['id', 'documentId'], where: targetWhere } } as never,
  })) as Record<string, unknown> | null;
  const linked = ([] as Array<{ id: number; documentId: string }>).concat((row?.[field] as never) ?? []);
  const readable = await readableAmong(
    strapi,
    actor.ability,
    target,
    linked.map((item) => ({ documentId: item.documentId })),
  );
  return new Set(linked.filter((item) => readable.documentIds.has(item.documentId)).map((item) => item.documentId))
    .size;
}

/** The validation look-up before a bulk publish reads any documentId it is given: only the creator's own count. */
const bulkLookUp: CreatorCheck = async (strapi, ctx, actor, next) => {
  const uid = ctx.params.model;
  const body = (ctx.request as { body?: { documentIds?: unknown } }).body;
  if (!modelOf(strapi, uid) || !Array.isArray(body?.documentIds)) return next();
  const readable = await readableAmong(
    strapi,
    actor.ability,
    uid,
    asStrings(body.documentIds).map((documentId) => ({ documentId })),
  );
  body.documentIds = asStrings(body.documentIds).filter((documentId) => readable.documentIds.has(documentId));
  if ((body.documentIds as string[]).length === 0) {
    ctx.body = { results: [] };
    return undefined;
  }
  return next();
};

/** Every document the request names must be readable (403 otherwise, whether it exists or not). */
const readableDocuments =
  (from: (ctx: Context) => unknown, uidParam: 'model' | 'contentType' = 'model'): CreatorCheck =>
  async (strapi, ctx, actor, next) => {
    const uid = ctx.params[uidParam];
    const documentIds = asStrings(from(ctx));
    if (modelOf(strapi, uid) && documentIds.length > 0) await requireReadable(strapi, actor.ability, uid, documentIds);
    return next();
  };
/**
 * Publish, unpublish, discard and delete are the owner's (RBAC says so too, but answers a bare "Forbidden"): the
 * admin shows a collaborator why.
 */
const ownerOnly =
  (from: (ctx: Context) => unknown, then?: CreatorCheck): CreatorCheck =>
  async (strapi, ctx, actor, next) => {
    const uid = ctx.params.model;
    const documentIds = asStrings(from(ctx));
    if (isChannelType(uid) && documentIds.length > 0) {
      const owned = await Promise.all(
        documentIds.map((documentId) => ownsDocument(strapi, uid, documentId, actor.user.id)),
      );
      if (owned.includes(false))
        throw refusal('Only the owner can publish, unpublish, discard or delete this document.');
    }
    return then ? then(strapi, ctx, actor, next) : next();
  };
const documentIdParam = (ctx: Context) => ctx.params.id;
const documentIdsInBody = (ctx: Context) => (ctx.request as { body?: { documentIds?: unknown } }).body?.documentIds;

/** The home page's entry counts, over the documents the creator may read (Strapi counts every document of a readable type). */
const countOwnDocuments: CreatorCheck = async (strapi, ctx, actor) => {
  const counts = { draft: 0, published: 0, modified: 0 };
  for (const uid of Object.keys(strapi.contentTypes)) {
    const model = modelOf(strapi, uid);
    if (!model || model.pluginOptions?.['content-manager']?.visible === false || !actor.ability.can(CM_READ, uid))
      continue;
    const where = readableWhere(strapi, actor.ability, uid);
    if (where === null) continue;
    const rows = (await strapi.db
      .query(uid as UID.Schema)
      .findMany({ where, select: ['documentId', 'publishedAt', 'updatedAt'] })) as Array<{
      documentId: string;
      publishedAt: unknown;
      updatedAt: unknown;
    }>;
    const versions = new Map<string, { draft: number; published: number | null }>();
    for (const row of rows) {
      const entry = versions.get(row.documentId) ?? { draft: 0, published: null };
      const updatedAt = new Date(row.updatedAt as string).getTime();
      if (row.publishedAt) entry.published = Math.max(entry.published ?? 0, updatedAt);
      else entry.draft = Math.max(entry.draft, updatedAt);
      versions.set(row.documentId, entry);
    }
    for (const { draft, published } of versions.values()) {
      if (!model.options?.draftAndPublish || (published !== null && draft === published)) counts.published += 1;
      else if (published === null) counts.draft += 1;
      else counts.modified += 1;
    }
  }
  ctx.body = { data: counts };
  return undefined;
};

const refuseToEveryoneWithout = (action: string) => (ctx: Context) => {
  const ability = (ctx.state as { userAbility?: { can(action: string): boolean } }).userAbility;
  if (!ability?.can(action)) throw refusal('You are not allowed to configure this view.');
};

const PASS_RBAC_LIST = 'the RBAC read condition filters the list';
const PASS_RBAC_DOCUMENT = 'Strapi checks the RBAC condition on the document itself';
const PASS_OWNER =
  'the owner only: checked here with a reason the admin shows, by RBAC’s owner-only condition, and by the ownership middleware';
const NO_SINGLE_TYPE = 'no single type belongs to a channel';

/** Every content-manager handler, by `controller.action`. */
export const CONTENT_MANAGER_RULES: Record<string, RouteRule> = {
  'init.getInitData': { creator: 'pass', why: 'schemas and field sizes, no documents' },
  'content-types.findContentTypes': { creator: 'pass', why: 'schemas, no documents' },
  'content-types.findContentTypesSettings': { creator: 'pass', why: 'list settings, no documents' },
  'content-types.findContentTypeConfiguration': { creator: 'pass', why: 'layouts, no documents' },
  'content-types.updateContentTypeConfiguration': {
    creator: 'refuse',
    why: 'a layout is a setting, shared by every user',
  },
  'components.findComponents': { creator: 'pass', why: 'schemas, no documents' },
  'components.findComponentConfiguration': { creator: 'pass', why: 'layouts, no documents' },
  'components.updateComponentConfiguration': {
    creator: 'refuse',
    everyone: refuseToEveryoneWithout(CONFIGURE_COMPONENT_LAYOUT),
    why: 'Strapi puts no permission on it; the layout is a setting, shared by every user',
  },
  'uid.generateUID': {
    creator: 'pass',
    why: 'tells only whether one exact value is taken, which a create with that value tells too (uid fields are unique across channels)',
  },
  'uid.checkUIDAvailability': {
    creator: 'pass',
    why: 'tells only whether one exact value is taken, which a create with that value tells too (uid fields are unique across channels)',
  },
  'relations.findAvailable': {
    creator: relationPicker,
    why: 'the RBAC read condition of the target filters the list, once the target is readable at all',
  },
  'relations.findExisting': { creator: existingRelations, why: 'only the links the creator may read, and their count' },
  'single-types.find': { creator: 'refuse', why: NO_SINGLE_TYPE },
  'single-types.createOrUpdate': { creator: 'refuse', why: NO_SINGLE_TYPE },
  'single-types.delete': { creator: 'refuse', why: NO_SINGLE_TYPE },
  'single-types.publish': { creator: 'refuse', why: NO_SINGLE_TYPE },
  'single-types.unpublish': { creator: 'refuse', why: NO_SINGLE_TYPE },
  'single-types.discard': { creator: 'refuse', why: NO_SINGLE_TYPE },
  'single-types.countDraftRelations': { creator: 'refuse', why: NO_SINGLE_TYPE },
  'collection-types.find': {
    creator: answeringDocuments(),
    why: `${PASS_RBAC_LIST}; related documents it may not open are reduced to their ids`,
  },
  'collection-types.findOne': {
    creator: answeringDocuments(readableDocuments(documentIdParam)),
    why: 'Strapi answers 200 for a missing version of any existing document: unreadable ones are refused first; related documents it may not open are reduced to their ids',
  },
  'collection-types.create': {
    creator: answeringDocuments(bodyRules()),
    why: 'links in the body; the ownership middleware puts the document on the creator’s profile',
  },
  'collection-types.clone': {
    creator: answeringDocuments(cloneOwnDocument),
    why: 'Strapi checks only the create permission: the source must be the creator’s own',
  },
  'collection-types.autoClone': {
    creator: answeringDocuments(cloneOwnDocument),
    why: 'Strapi checks only the create permission: the source must be the creator’s own',
  },
  'collection-types.update': {
    creator: answeringDocuments(bodyRules('id')),
    why: 'links in the body; RBAC and the ownership middleware check the document and owner-only fields',
  },
  'collection-types.delete': { creator: ownerOnly(documentIdParam), why: PASS_OWNER },
  'collection-types.publish': {
    creator: answeringDocuments(ownerOnly(documentIdParam, bodyRules('id'))),
    why: `publish may create or update from its body: the update rules on it; ${PASS_OWNER}`,
  },
  'collection-types.unpublish': { creator: answeringDocuments(ownerOnly(documentIdParam)), why: PASS_OWNER },
  'collection-types.discard': {
    creator: answeringDocuments(ownerOnly(documentIdParam)),
    why: 'the owner only: checked here, and by the ownership middleware (RBAC maps discard to update, which collaborators have)',
  },
  'collection-types.bulkDelete': {
    creator: ownerOnly(documentIdsInBody, readableDocuments(documentIdsInBody)),
    why: `every document named must be readable; ${PASS_OWNER}`,
  },
  'collection-types.bulkFindForValidation': {
    creator: bulkLookUp,
    why: 'Strapi reads every documentId it is given: only readable ones are looked up',
  },
  'collection-types.bulkPublish': {
    creator: ownerOnly(documentIdsInBody, readableDocuments(documentIdsInBody)),
    why: `every document named must be readable; ${PASS_OWNER}`,
  },
  'collection-types.bulkUnpublish': {
    creator: ownerOnly(documentIdsInBody, readableDocuments(documentIdsInBody)),
    why: `Strapi answers 200 for documents with no published version: every one named must be readable; ${PASS_OWNER}`,
  },
  'collection-types.countDraftRelations': {
    creator: readableDocuments(documentIdParam),
    why: `${PASS_RBAC_DOCUMENT}; unreadable ones are refused here first`,
  },
  'collection-types.countManyEntriesDraftRelations': {
    creator: readableDocuments((ctx) => ctx.query.documentIds),
    why: 'Strapi counts for any documentId it is given: every one must be readable',
  },
  'preview.getPreviewUrl': {
    creator: readableDocuments((ctx) => ctx.query.documentId, 'contentType'),
    why: 'Strapi does not check the document: it must be readable',
  },
  'preview.getPreviewScript': { creator: 'pass', why: 'a static script, no documents' },
  'homepage.getRecentDocuments': { creator: 'pass', why: PASS_RBAC_LIST },
  'homepage.getCountDocuments': {
    creator: countOwnDocuments,
    why: 'Strapi counts every document of a readable type: counted here over readable documents',
  },
};

type Route = { method?: string; path?: string; handler?: unknown; config?: { middlewares?: unknown[] } };

function guardFor(strapi: Core.Strapi, route: Route) {
  const rule = typeof route.handler === 'string' ? CONTENT_MANAGER_RULES[route.handler] : undefined;
  return async (ctx: Context, next: Next) => {
    rule?.everyone?.(ctx);
    const actor = creatorFromState(ctx.state as never);
    if (!actor) return next();
    if (!rule || rule.creator === 'refuse') throw refusal('Creators cannot use this part of the content manager.');
    if (rule.creator === 'pass') return next();
    return rule.creator(strapi, ctx, actor, next);
  };
}

/** Adds the guard to every route of every content-manager router (run in `register`, before routes are mounted). */
export function guardContentManagerRoutes(strapi: Core.Strapi): void {
  const routers = strapi.plugin('content-manager').routes as unknown as Record<string, { routes?: Route[] }>;
  for (const [name, router] of Object.entries(routers)) {
    if (!router || !Array.isArray(router.routes)) {
      // a router we cannot reach would be mounted without the guard: refuse to start rather than leave it open
      throw new Error(`content-manager router "${name}" has no route list to guard`);
    }
    for (const route of router.routes) {
      route.config = {
        ...(route.config ?? {}),
        middlewares: [...(route.config?.middlewares ?? []), guardFor(strapi, route)],
      };
    }
  }
}
