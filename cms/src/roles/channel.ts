/**
 * A creator's channel: which documents it owns, which it may open, and which it may link to. One module,
 * used by the document service middleware (every road to a write) and by the content-manager route guard
 * (the admin API's own roads, some of which read the database without the document service).
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ActingCreator, UserAbility } from './acting-creator';

export const VIDEO = 'api::video.video';
export const PLAYLIST = 'api::playlist.playlist';
export const CREATOR_PROFILE = 'api::creator.creator';
const MEDIA = 'plugin::upload.file';
const CM_READ = 'plugin::content-manager.explorer.read';
const MEDIA_READ = 'plugin::upload.read';
/** Relations the content manager fills in itself (who created or last edited a document): never a link the user chose. */
const SYSTEM_RELATIONS = new Set(['createdBy', 'updatedBy', 'localizations']);

type Where = Record<string, unknown>;

/** How each channel type names the admin user who owns it. */
const OWNER_WHERE: Record<string, (userId: number) => Where> = {
  [VIDEO]: (id) => ({ creator: { owner: { id } } }),
  [PLAYLIST]: (id) => ({ creator: { owner: { id } } }),
  [CREATOR_PROFILE]: (id) => ({ owner: { id } }),
};

/** The field that says whose channel a document is on: only the content manager's ownership rules set it. */
export const CHANNEL_FIELD: Record<string, string> = {
  [VIDEO]: 'creator',
  [PLAYLIST]: 'creator',
  [CREATOR_PROFILE]: 'owner',
};

/** Fields that grant access to a document: only its owner changes them. */
export const OWNER_ONLY_FIELDS: Record<string, string[]> = {
  [VIDEO]: ['creator', 'collaborators'],
  [PLAYLIST]: ['creator'],
  [CREATOR_PROFILE]: ['owner'],
};

/**
 * Plain fields only the owner changes: a time in `scheduledAt` or `unpublishAt` makes the scheduler publish or unpublish
 * the video (plugins/publishing), which a collaborator may not do by hand; `publishEarly` lets it go out while it is
 * still processing; `premiere` announces the draft publicly.
 */
export const OWNER_ONLY_VALUES: Record<string, string[]> = {
  [VIDEO]: ['scheduledAt', 'publishEarly', 'premiere', 'unpublishAt'],
};

/** The owner-only plain fields that `data` changes on the document's draft (the edit view sends unchanged ones too). */
export async function changedOwnerOnlyValues(
  strapi: Core.Strapi,
  uid: string,
  documentId: string,
  data: unknown,
): Promise<string[]> {
  const fields = (OWNER_ONLY_VALUES[uid] ?? []).filter(
    (field) => data && typeof data === 'object' && (data as Record<string, unknown>)[field] !== undefined,
  );
  if (fields.length === 0) return [];
  const draft = ((await strapi.db
    .query(uid as UID.Schema)
    .findOne({ where: { documentId, publishedAt: null }, select: fields })) ?? {}) as Record<string, unknown>;
  const moment = (value: unknown) =>
    value === null || value === undefined || value === '' ? null : new Date(value as string).getTime();
  return fields.filter((field) => moment((data as Record<string, unknown>)[field]) !== moment(draft[field]));
}

export const isChannelType = (uid: string): boolean => uid in OWNER_WHERE;

/** Types whose new documents are put on the acting creator's profile, whatever the request said. */
export const ASSIGNED_TO_PROFILE = new Set([VIDEO, PLAYLIST]);

const query = (strapi: Core.Strapi, uid: string) => strapi.db.query(uid as UID.Schema);

/**
 * A refusal the user reads: Strapi's authorisation step turns any other ForbiddenError thrown further down the
 * request into a bare "Forbidden", so the admin would show no reason.
 */
export const refusal = (message: string) => new errors.PolicyError(message);

/** True when every version of the document (draft, published) belongs to the user's channel. */
export async function ownsDocument(
  strapi: Core.Strapi,
  uid: string,
  documentId: string,
  userId: number,
): Promise<boolean> {
  const ownerWhere = OWNER_WHERE[uid];
  if (!ownerWhere || typeof documentId !== 'string' || !documentId) return false;
  const [all, owned] = await Promise.all([
    query(strapi, uid).findMany({ where: { documentId }, select: ['id'] }),
    query(strapi, uid).findMany({ where: { $and: [{ documentId }, ownerWhere(userId)] }, select: ['id'] }),
  ]);
  return all.length > 0 && owned.length === all.length;
}

/** True when the user's profile is among the video's collaborators (on any version). */
export async function collaboratesOn(strapi: Core.Strapi, documentId: string, userId: number): Promise<boolean> {
  const rows = await query(strapi, VIDEO).findMany({
    where: { documentId, collaborators: { owner: { id: userId } } },
    select: ['id'],
  });
  return rows.length > 0;
}

export async function profileOf(strapi: Core.Strapi, userId: number): Promise<{ documentId: string } | null> {
  return (await query(strapi, CREATOR_PROFILE).findOne({
    select: ['documentId'],
    where: { owner: { id: userId } },
  })) as { documentId: string } | null;
}

/**
 * The RBAC read rule of `ability` for a type as a query (`{}`: everything; `null`: nothing). Strapi's own
 * helper turns "no rule at all" into "no filter", so a caller must not add the result to a query unchecked.
 */
export function readableWhere(strapi: Core.Strapi, ability: UserAbility, uid: string): Where | null {
  const action = uid === MEDIA ? MEDIA_READ : CM_READ;
  if (!ability.can(action, uid)) return null;
  const permission = strapi.service('admin::permission') as unknown as {
    createPermissionsManager(options: { ability: UserAbility; model: string }): {
      getQuery(action: string): Where | null | undefined;
    };
  };
  return permission.createPermissionsManager({ ability, model: uid }).getQuery(action) ?? null;
}

export type Reference = { id?: number; documentId?: string };

/** The documents among `references` (of type `uid`) that `ability` may read, by id and by documentId. */
export async function readableAmong(strapi: Core.Strapi, ability: UserAbility, uid: string, references: Reference[]) {
  const readable = { ids: new Set<number>(), documentIds: new Set<string>() };
  const where = readableWhere(strapi, ability, uid);
  const ids = references
    .filter((ref) => ref.documentId === undefined && ref.id !== undefined)
    .map((ref) => ref.id as number);
  const documentIds = references.filter((ref) => ref.documentId !== undefined).map((ref) => ref.documentId as string);
  if (where === null || (ids.length === 0 && documentIds.length === 0)) return readable;
  const anyOf: Where[] = [];
  if (ids.length) anyOf.push({ id: { $in: ids } });
  if (documentIds.length) anyOf.push({ documentId: { $in: documentIds } });
  const rows = (await query(strapi, uid).findMany({
    where: { $and: [where, { $or: anyOf }] },
    select: ['id', 'documentId'],
  })) as Array<{ id: number; documentId: string }>;
  for (const row of rows) {
    readable.ids.add(row.id);
    readable.documentIds.add(row.documentId);
  }
  return readable;
}

export const isReadable = (readable: { ids: Set<number>; documentIds: Set<string> }, ref: Reference) =>
  ref.documentId !== undefined
    ? readable.documentIds.has(ref.documentId)
    : ref.id !== undefined && readable.ids.has(ref.id);

/**
 * Fails with 403 unless the user may read every one of these documents: the same answer whether a document
 * exists or not, so it tells nothing about other channels.
 */
export async function requireReadable(
  strapi: Core.Strapi,
  ability: UserAbility,
  uid: string,
  documentIds: string[],
): Promise<void> {
  const readable = await readableAmong(
    strapi,
    ability,
    uid,
    documentIds.map((documentId) => ({ documentId })),
  );
  if (documentIds.some((documentId) => !readable.documentIds.has(documentId)))
    throw refusal('You cannot open this document.');
}

type Attribute = {
  type: string;
  target?: string;
  relation?: string;
  component?: string;
  components?: string[];
  repeatable?: boolean;
};
type Schema = { attributes: Record<string, Attribute> };

/** What a write says about one relation or media field: the documents it links, unlinks, or whether it replaces the whole list. */
export type FieldLinks = {
  path: string;
  field: string;
  target: string;
  attach: Reference[];
  detach: Reference[];
  replaces: boolean;
};

/** Read as the document service reads it: a shorthand string that parseInt accepts ("12", even "5abc") is an entity id. */
function toReference(value: unknown): Reference | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? { id: value } : undefined;
  if (typeof value === 'string') {
    const parsed = Number.parseInt(value, 10);
    return Number.isNaN(parsed) ? { documentId: value } : { id: parsed };
  }
  if (value && typeof value === 'object') {
    const { id, documentId } = value as { id?: unknown; documentId?: unknown };
    if (typeof documentId === 'string' && documentId) return { documentId };
    if (typeof id === 'number' || typeof id === 'string') {
      const parsed = typeof id === 'number' ? id : Number.parseInt(id, 10);
      return Number.isInteger(parsed) ? { id: parsed } : undefined;
    }
  }
  return undefined;
}

const asList = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/** Every shape the document service accepts for a relation: ids, documentIds, objects, lists, { set, connect, disconnect }. */
function readLinks(value: unknown): Pick<FieldLinks, 'attach' | 'detach' | 'replaces'> {
  const links = { attach: [] as Reference[], detach: [] as Reference[], replaces: false };
  const take = (list: unknown[], into: Reference[]) => {
    for (const item of list) {
      const ref = toReference(item);
      // a value the document service would not read as a reference is still refused: it names no readable document
      into.push(ref ?? { documentId: `\u0000${JSON.stringify(item)}` });
    }
  };
  if (value === null) return { ...links, replaces: true };
  if (value && typeof value === 'object' && !Array.isArray(value) && !('id' in value) && !('documentId' in value)) {
    const { set, connect, disconnect } = value as { set?: unknown; connect?: unknown; disconnect?: unknown };
    if (set !== undefined) {
      links.replaces = true;
      take(asList(set), links.attach);
    }
    take(asList(connect), links.attach);
    take(asList(disconnect), links.detach);
    return links;
  }
  links.replaces = true;
  take(asList(value), links.attach);
  return links;
}

/** Walks a write's data along the schema (components and dynamic zones included) and lists its relation and media fields. */
export function collectLinks(strapi: Core.Strapi, uid: string, data: unknown, prefix = ''): FieldLinks[] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  const schema = strapi.getModel(uid as UID.Schema) as unknown as Schema | undefined;
  if (!schema) return [];
  const found: FieldLinks[] = [];
  for (const [field, attribute] of Object.entries(schema.attributes)) {
    if (!(field in (data as Record<string, unknown>))) continue;
    const value = (data as Record<string, unknown>)[field];
    const path = `${prefix}${field}`;
    if (attribute.type === 'relation' && attribute.target && !SYSTEM_RELATIONS.has(field)) {
      found.push({ path, field, target: attribute.target, ...readLinks(value) });
    } else if (attribute.type === 'relation' && !attribute.target && !SYSTEM_RELATIONS.has(field)) {
      // polymorphic relations name their target per item: none of Framecast's types has one, so refuse rather than guess
      if (value !== undefined)
        found.push({ path, field, target: '', attach: [{ documentId: '\u0000morph' }], detach: [], replaces: true });
    } else if (attribute.type === 'media') {
      found.push({ path, field, target: MEDIA, ...readLinks(value) });
    } else if (attribute.type === 'component' && attribute.component) {
      asList(value).forEach((item, index) =>
        found.push(
          ...collectLinks(
            strapi,
            attribute.component as string,
            item,
            `${path}${attribute.repeatable ? `.${index}` : ''}.`,
          ),
        ),
      );
    } else if (attribute.type === 'dynamiczone') {
      asList(value).forEach((item, index) => {
        const component = (item as { __component?: unknown } | null)?.__component;
        if (typeof component === 'string' && attribute.components?.includes(component))
          found.push(...collectLinks(strapi, component, item, `${path}.${index}.`));
      });
    }
  }
  return found;
}

/** The documents a document already links to (every version, every relation and media field, components included). */
export type LinkedSet = Set<string>;
const linkKey = (target: string, ref: Reference) =>
  ref.documentId !== undefined ? `${target}|d:${ref.documentId}` : `${target}|i:${ref.id}`;

function linkPopulate(strapi: Core.Strapi, uid: string, depth = 0): Record<string, unknown> {
  const schema = strapi.getModel(uid as UID.Schema) as unknown as Schema | undefined;
  const populate: Record<string, unknown> = {};
  if (!schema || depth > 5) return populate;
  for (const [field, attribute] of Object.entries(schema.attributes)) {
    if (
      (attribute.type === 'relation' && attribute.target && !SYSTEM_RELATIONS.has(field)) ||
      attribute.type === 'media'
    ) {
      populate[field] = { select: ['id', 'documentId'] };
    } else if (attribute.type === 'component' && attribute.component) {
      populate[field] = { populate: linkPopulate(strapi, attribute.component, depth + 1) };
    }
  }
  return populate;
}

function addLinked(strapi: Core.Strapi, uid: string, row: unknown, into: LinkedSet): void {
  if (!row || typeof row !== 'object') return;
  const schema = strapi.getModel(uid as UID.Schema) as unknown as Schema | undefined;
  for (const [field, attribute] of Object.entries(schema?.attributes ?? {})) {
    const value = (row as Record<string, unknown>)[field];
    const target = attribute.type === 'media' ? MEDIA : attribute.type === 'relation' ? attribute.target : undefined;
    if (target) {
      for (const item of asList(value)) {
        const { id, documentId } = (item ?? {}) as { id?: number; documentId?: string };
        if (id !== undefined) into.add(linkKey(target, { id }));
        if (documentId !== undefined) into.add(linkKey(target, { documentId }));
      }
    } else if (attribute.type === 'component' && attribute.component) {
      for (const item of asList(value)) addLinked(strapi, attribute.component, item, into);
    }
  }
}

export async function linkedFrom(strapi: Core.Strapi, uid: string, documentId: string | undefined): Promise<LinkedSet> {
  const linked: LinkedSet = new Set();
  if (!documentId) return linked;
  const rows = await query(strapi, uid).findMany({
    where: { documentId },
    populate: linkPopulate(strapi, uid) as never,
  });
  for (const row of rows) addLinked(strapi, uid, row, linked);
  return linked;
}

/** True when a write changes the field at all (anything to link or unlink, or a whole new value). */
export const changesField = (links: FieldLinks[], field: string) =>
  links.some((link) => link.path === field && (link.replaces || link.attach.length > 0 || link.detach.length > 0));

/**
 * Refuses a write that links a document the creator may not open: another creator's video in its playlist, its
 * video in another creator's playlist, another creator's file as its poster. What the document links to already
 * (`linked`) may stay. `skip` names fields the ownership rules set themselves.
 */
export async function assertLinksReadable(
  strapi: Core.Strapi,
  actor: ActingCreator,
  uid: string,
  data: unknown,
  linked: LinkedSet = new Set(),
  skip: string[] = [],
): Promise<void> {
  const links = collectLinks(strapi, uid, data).filter((link) => !skip.includes(link.path));
  const wanted = new Map<string, { refs: Reference[]; paths: Set<string> }>();
  for (const link of links) {
    for (const ref of link.attach) {
      if (linked.has(linkKey(link.target, ref))) continue;
      const entry = wanted.get(link.target) ?? { refs: [], paths: new Set<string>() };
      entry.refs.push(ref);
      entry.paths.add(link.path);
      wanted.set(link.target, entry);
    }
  }
  for (const [target, { refs, paths }] of wanted) {
    const readable = target
      ? await readableAmong(strapi, actor.ability, target, refs)
      : { ids: new Set<number>(), documentIds: new Set<string>() };
    if (refs.some((ref) => !isReadable(readable, ref))) {
      throw refusal(`You can only link what you can open in the admin panel (${[...paths].join(', ')}).`);
    }
  }
}

/** What a creator sees of another admin account that created or last edited a document: its name, not its sign-in address. */
const ADMIN_NAME_FIELDS = ['id', 'documentId', 'firstname', 'lastname'];

/**
 * The content manager populates a document's to-one relations in full (a collaborated video's `creator`: the
 * owner's whole profile, private contact address included; `updatedBy`: the owner's admin account, sign-in
 * address included): a related document the creator may not open is reduced to its ids, another admin account to
 * its name. Media stay: a file attached to a document the creator may open is part of that document.
 */
export async function hideUnreadableRelations(
  strapi: Core.Strapi,
  actor: ActingCreator,
  uid: string,
  documents: unknown[],
): Promise<void> {
  const ability = actor.ability;
  const found = new Map<string, Array<{ holder: Record<string, unknown>; field: string; index?: number }>>();
  const visit = (modelUid: string, document: unknown, depth: number) => {
    if (!document || typeof document !== 'object' || depth > 5) return;
    const schema = strapi.getModel(modelUid as UID.Schema) as unknown as Schema | undefined;
    for (const [field, attribute] of Object.entries(schema?.attributes ?? {})) {
      const holder = document as Record<string, unknown>;
      const value = holder[field];
      if (
        (field === 'createdBy' || field === 'updatedBy') &&
        value &&
        typeof value === 'object' &&
        (value as { id?: unknown }).id !== actor.user.id
      ) {
        holder[field] = Object.fromEntries(Object.entries(value).filter(([key]) => ADMIN_NAME_FIELDS.includes(key)));
      } else if (attribute.type === 'relation' && attribute.target && !SYSTEM_RELATIONS.has(field)) {
        const note = (index?: number) => {
          const list = found.get(attribute.target as string) ?? [];
          list.push({ holder, field, index });
          found.set(attribute.target as string, list);
        };
        if (Array.isArray(value))
          value.forEach((item, index) => item && typeof item === 'object' && 'documentId' in item && note(index));
        else if (value && typeof value === 'object' && 'documentId' in value) note();
      } else if (attribute.type === 'component' && attribute.component) {
        for (const item of asList(value)) visit(attribute.component, item, depth + 1);
      }
    }
  };
  for (const document of documents) visit(uid, document, 0);
  for (const [target, places] of found) {
    const related = (place: { holder: Record<string, unknown>; field: string; index?: number }) =>
      (place.index === undefined
        ? place.holder[place.field]
        : (place.holder[place.field] as unknown[])[place.index]) as { id: number; documentId: string };
    const readable = await readableAmong(
      strapi,
      ability,
      target,
      places.map((place) => ({ documentId: related(place).documentId })),
    );
    for (const place of places) {
      const { id, documentId } = related(place);
      if (readable.documentIds.has(documentId)) continue;
      if (place.index === undefined) place.holder[place.field] = { id, documentId };
      else (place.holder[place.field] as unknown[])[place.index] = { id, documentId };
    }
  }
}
