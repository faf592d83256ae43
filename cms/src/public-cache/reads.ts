/**
 * What a read depends on, from its parameters and its result: the types it listed or filtered through, the
 * documents it showed, the relations it populated (see store.ts for the keys). The same walk serves the Document
 * Service (filters, sort, populate) and the query engine (where, orderBy, populate) that plugins read with.
 */
import type { Core, UID } from '@strapi/strapi';
import { normalizePopulate } from '../public-access';
import { dependencyKeys as keys, type ReadRecorder } from './store';

export const FILE = 'plugin::upload.file';
const MAX_DEPTH = 12;

type Attribute = { type: string; target?: string; component?: string; inversedBy?: string; mappedBy?: string };
type PopulateNode = Record<string, unknown> & { populate?: unknown; on?: Record<string, unknown> };

export function attributeOf(strapi: Core.Strapi, uid: string, name: string): Attribute | undefined {
  const attributes = (strapi.getModel(uid as UID.Schema) as { attributes?: Record<string, Attribute> } | undefined)
    ?.attributes;
  return attributes && Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}

/** Where an attribute leads: a relation's target, the media library, or a component. */
export function targetOf(attribute: Attribute | undefined): string | undefined {
  if (!attribute) return undefined;
  if (attribute.type === 'relation') return attribute.target;
  if (attribute.type === 'media') return FILE;
  if (attribute.type === 'component') return attribute.component;
  return undefined;
}

/** Collection and single types: their rows carry a documentId (components do not). */
export function isDocumentType(strapi: Core.Strapi, uid: string): boolean {
  let uids = documentTypes.get(strapi);
  if (!uids) {
    uids = new Set(Object.keys(strapi.contentTypes));
    // `strapi.contentTypes` builds a fresh object on every read, and this runs for every row a public read shows
    if (strapi.isLoaded) documentTypes.set(strapi, uids);
  }
  return uids.has(uid);
}

/** The collection and single types of an app, read once: they are fixed once Strapi has loaded. */
const documentTypes = new WeakMap<Core.Strapi, Set<string>>();

const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];

export class ReadWalker {
  constructor(
    private readonly strapi: Core.Strapi,
    private readonly recorder: ReadRecorder,
  ) {}

  /** A query over a set of documents of `uid`: any change to the set, or to what it is filtered or ordered by. */
  list(uid: string, conditions: unknown, order: unknown): void {
    this.recorder.add(keys.list(uid));
    this.recorder.add(keys.type(uid));
    // drafts are never public, so every public list depends on publication
    if (
      (this.strapi.getModel(uid as UID.Schema) as { options?: { draftAndPublish?: boolean } } | undefined)?.options
        ?.draftAndPublish
    ) {
      this.recorder.add(keys.field(uid, 'publishedAt'));
    }
    this.conditions(uid, conditions);
    this.order(uid, order);
  }

  /** A query by documentId (one, or a few `$in`). */
  documents(uid: string, documentIds: string[]): void {
    this.recorder.add(keys.type(uid));
    for (const documentId of documentIds) this.recorder.add(keys.document(uid, documentId));
  }

  /** Filters (Document Service) or where (query engine), at any depth, through relations and $and/$or/$not. */
  conditions(uid: string, conditions: unknown, depth = 0): void {
    if (depth > MAX_DEPTH || !conditions || typeof conditions !== 'object') return;
    if (Array.isArray(conditions)) {
      for (const condition of conditions) this.conditions(uid, condition, depth + 1);
      return;
    }
    for (const [name, value] of Object.entries(conditions)) {
      if (name.startsWith('$')) {
        if (name === '$and' || name === '$or' || name === '$not') this.conditions(uid, value, depth + 1);
        continue;
      }
      this.recorder.add(keys.field(uid, name));
      const target = targetOf(attributeOf(this.strapi, uid, name));
      if (!target) continue;
      this.recorder.add(keys.list(target));
      this.recorder.add(keys.type(target));
      this.conditions(target, value, depth + 1);
    }
  }

  /** sort (`'a:asc,b.c:desc'`, arrays, objects) or orderBy. */
  order(uid: string, order: unknown, depth = 0): void {
    if (depth > MAX_DEPTH || !order) return;
    if (typeof order === 'string') {
      for (const part of order.split(',')) this.path(uid, part.split(':')[0]!.trim().split('.'), depth);
      return;
    }
    if (Array.isArray(order)) {
      for (const item of order) this.order(uid, item, depth + 1);
      return;
    }
    if (typeof order !== 'object') return;
    for (const [name, value] of Object.entries(order)) {
      if (value && typeof value === 'object') {
        const target = targetOf(attributeOf(this.strapi, uid, name));
        this.recorder.add(keys.field(uid, name));
        if (!target) continue;
        this.recorder.add(keys.list(target));
        this.recorder.add(keys.type(target));
        this.order(target, value, depth + 1);
      } else {
        this.recorder.add(keys.field(uid, name));
      }
    }
  }

  private path(uid: string, segments: string[], depth: number): void {
    const [head, ...rest] = segments;
    if (!head || depth > MAX_DEPTH) return;
    this.recorder.add(keys.field(uid, head));
    const target = targetOf(attributeOf(this.strapi, uid, head));
    if (!target || rest.length === 0) return;
    this.recorder.add(keys.list(target));
    this.recorder.add(keys.type(target));
    this.path(target, rest, depth + 1);
  }

  /**
   * What a result shows: each document, and each populated relation of each document (whose members can change with
   * a write on the other side), at any depth. Relations inside components hang on no document: they count as lists.
   */
  result(uid: string, result: unknown, populate: unknown, depth = 0): void {
    if (depth > MAX_DEPTH) return;
    this.recorder.add(keys.type(uid));
    const tree = (normalizePopulate(this.strapi, uid, populate) ?? {}) as Record<string, PopulateNode>;
    const documentType = isDocumentType(this.strapi, uid);
    const rows = asArray(result).filter(
      (row): row is Record<string, unknown> => Boolean(row) && typeof row === 'object',
    );
    for (const row of rows) {
      const documentId = documentType && typeof row.documentId === 'string' ? row.documentId : undefined;
      if (documentId) this.recorder.add(keys.document(uid, documentId));
      for (const [name, node] of Object.entries(tree)) this.populated(uid, documentId, row, name, node, depth);
    }
  }

  private populated(
    uid: string,
    documentId: string | undefined,
    row: Record<string, unknown>,
    name: string,
    node: PopulateNode,
    depth: number,
  ): void {
    const attribute = attributeOf(this.strapi, uid, name);
    const target = targetOf(attribute);
    if (!attribute) return;
    if (attribute.type === 'dynamiczone') {
      for (const item of asArray(row[name])) {
        const component = (item as { __component?: unknown } | null)?.__component;
        if (typeof component !== 'string') continue;
        const branch = (node.on?.[component] ?? node) as PopulateNode;
        this.result(component, item, branch.populate, depth + 1);
      }
      return;
    }
    if (!target) return;
    const nested = node && typeof node === 'object' ? node : ({} as PopulateNode);
    this.conditions(target, nested.filters ?? nested.where);
    this.order(target, nested.sort ?? nested.orderBy);
    if (attribute.type === 'media') {
      this.recorder.add(keys.list(FILE));
      this.recorder.add(keys.type(FILE));
      for (const file of asArray(row[name])) {
        const fileId = (file as { documentId?: unknown } | null)?.documentId;
        if (typeof fileId === 'string') this.recorder.add(keys.document(FILE, fileId));
      }
      return;
    }
    if (attribute.type === 'relation') {
      if (documentId) this.recorder.add(keys.relation(uid, documentId, name));
      else this.recorder.add(keys.list(target));
    }
    this.result(target, row[name], nested.populate, depth + 1);
  }
}

/** The documentIds a where clause pins down (`documentId: 'x'`, `{ $eq }`, `{ $in }`), or undefined when it does not. */
export function pinnedDocumentIds(where: unknown): string[] | undefined {
  const value = (where as { documentId?: unknown } | null | undefined)?.documentId;
  if (typeof value === 'string') return [value];
  if (!value || typeof value !== 'object') return undefined;
  const { $eq, $in } = value as { $eq?: unknown; $in?: unknown };
  if (typeof $eq === 'string') return [$eq];
  if (Array.isArray($in) && $in.every((id) => typeof id === 'string')) return $in as string[];
  return undefined;
}
