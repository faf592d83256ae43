/**
 * What a public query may reach through relations.
 *
 * A filter or a sort that goes through a relation into a type with a row-level rule (videos, playlists) is
 * answered by a database join over every row of that type, hidden ones included: `creators?filters[videos][slug]
 * [$startsWith]=a` would say yes or no about private, draft or pending videos one letter at a time. Adding the rule
 * inside the branch is not enough (under `$not`, or with `$null`, a hidden row still changes the answer), so such
 * filters and sorts are refused, at any depth, in every populate node and in every GraphQL association argument.
 * A filter on a video's or playlist's own fields stays allowed where those rows are the ones being listed (the
 * rule is applied to them as a whole).
 *
 * REST `populate` is bounded too: a depth, a number of populated relations, lists inside lists, and `*` only at
 * the first level, because a populated relation is not paginated.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const FILE = 'plugin::upload.file';

/** The depth of a populate path (`playlists.videos.creator.avatar` is 4). */
export const MAX_POPULATE_DEPTH = 4;
/** Populated relations, media and components in one request, `*` counted as every one it names. */
export const MAX_POPULATED_RELATIONS = 24;
/** To-many relations on one populate path: populated lists are not paginated, so a list inside a list is refused. */
export const MAX_POPULATED_LISTS = 1;
/** A guard against filters built to exhaust the walker, far above anything a real query needs. */
const MAX_FILTER_DEPTH = 24;

type Attribute = {
  type: string;
  target?: string;
  relation?: string;
  component?: string;
  repeatable?: boolean;
  multiple?: boolean;
  components?: string[];
};
type PopulateNode = Record<string, unknown> & {
  populate?: unknown;
  filters?: unknown;
  sort?: unknown;
  on?: Record<string, unknown>;
};

const LOGICAL_LISTS = new Set(['$and', '$or', 'and', 'or']);
const NEGATIONS = new Set(['$not', 'not']);

export type ReachRules = {
  /** Types whose rows are not all public: no filter or sort may go through a relation into them. */
  hiddenCapable: ReadonlySet<string>;
  /** A plural noun for the message (`videos`, `playlists`). */
  describe: (uid: string) => string;
};

function attributesOf(strapi: Core.Strapi, uid: string): Record<string, Attribute> {
  return ((strapi.getModel(uid as UID.Schema) as { attributes?: Record<string, Attribute> } | undefined)?.attributes ??
    {}) as Record<string, Attribute>;
}

function attributeOf(strapi: Core.Strapi, uid: string, name: string): Attribute | undefined {
  const attributes = attributesOf(strapi, uid);
  return Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}

const isMorph = (attribute: Attribute) =>
  attribute.type === 'relation' && (attribute.relation ?? '').startsWith('morph');

export function isToMany(attribute: Attribute): boolean {
  if (attribute.type === 'media') return Boolean(attribute.multiple);
  if (attribute.type === 'component') return Boolean(attribute.repeatable);
  if (attribute.type === 'dynamiczone') return true;
  return /Many$/.test(attribute.relation ?? '') || attribute.relation === 'manyWay';
}

/** Where an attribute leads, or undefined for a plain field. */
function stepInto(attribute: Attribute): string | undefined {
  if (attribute.type === 'relation') return attribute.target;
  if (attribute.type === 'media') return FILE;
  if (attribute.type === 'component') return attribute.component;
  return undefined;
}

function refuse(message: string, path: string[]): never {
  throw new errors.ValidationError(message, { path: path.join('.') });
}

/**
 * Refuses a step from `uid` through `name` when it leads into a hidden-capable type (or anywhere, for a polymorphic
 * relation or a dynamic zone); returns the type the step leads to, or undefined for a plain field.
 */
function step(
  strapi: Core.Strapi,
  rules: ReachRules,
  uid: string,
  name: string,
  path: string[],
  what: 'filter' | 'sort',
): string | undefined {
  const attribute = attributeOf(strapi, uid, name);
  if (!attribute) return undefined;
  if (isMorph(attribute) || attribute.type === 'dynamiczone') {
    refuse(
      `Cannot ${what} on "${path.join('.')}": the public API does not ${what} through polymorphic relations or dynamic zones.`,
      path,
    );
  }
  const target = stepInto(attribute);
  if (!target) return undefined;
  if (rules.hiddenCapable.has(target)) {
    const noun = rules.describe(target);
    refuse(
      `Cannot ${what} on "${path.join('.')}": the public API does not ${what} through a relation to ${noun}. ` +
        `Ask the ${noun} list itself (GET /api/${noun}) instead.`,
      path,
    );
  }
  return target;
}

/** Throws a 400 ValidationError when `filters` (REST `$` operators or GraphQL names) go through a relation into a hidden-capable type. */
export function assertFiltersStayVisible(
  strapi: Core.Strapi,
  rules: ReachRules,
  uid: string,
  filters: unknown,
  path: string[] = [],
  depth = 0,
): void {
  if (filters === undefined || filters === null || typeof filters !== 'object') return;
  if (depth > MAX_FILTER_DEPTH) refuse(`Filters are nested too deeply (more than ${MAX_FILTER_DEPTH} levels).`, path);
  if (Array.isArray(filters)) {
    for (const entry of filters) assertFiltersStayVisible(strapi, rules, uid, entry, path, depth + 1);
    return;
  }
  for (const [key, value] of Object.entries(filters as Record<string, unknown>)) {
    const attribute = attributeOf(strapi, uid, key);
    if (!attribute && (LOGICAL_LISTS.has(key) || NEGATIONS.has(key))) {
      assertFiltersStayVisible(strapi, rules, uid, value, path, depth + 1);
      continue;
    }
    const target = step(strapi, rules, uid, key, [...path, key], 'filter');
    if (
      target &&
      attribute?.type !== 'component' &&
      value &&
      typeof value === 'object' &&
      Object.keys(value).some((name) => NEGATIONS.has(name))
    ) {
      // Strapi's query builder answers a negation right under a relation with a 500 ("Undefined attribute level operator")
      refuse(
        `Cannot use "$not" right under the relation "${[...path, key].join('.')}": put it around the relation instead.`,
        [...path, key],
      );
    }
    if (target) assertFiltersStayVisible(strapi, rules, target, value, [...path, key], depth + 1);
  }
}

/** Every attribute path a sort names: 'a.b:asc,c', ['a:desc'], { a: { b: 'asc' } }, [{ a: 'desc' }]. */
export function sortPaths(sort: unknown): string[][] {
  if (sort === undefined || sort === null) return [];
  if (typeof sort === 'string') {
    return sort
      .split(',')
      .map((entry) => entry.trim().replace(/:(asc|desc)$/i, ''))
      .filter(Boolean)
      .map((entry) => entry.split('.'));
  }
  if (Array.isArray(sort)) return sort.flatMap(sortPaths);
  if (typeof sort === 'object') {
    return Object.entries(sort as Record<string, unknown>).flatMap(([key, value]) =>
      value !== null && typeof value === 'object' ? sortPaths(value).map((inner) => [key, ...inner]) : [[key]],
    );
  }
  return [];
}

/** Throws a 400 ValidationError when a sort orders by anything reached through a relation into a hidden-capable type. */
export function assertSortStaysVisible(
  strapi: Core.Strapi,
  rules: ReachRules,
  uid: string,
  sort: unknown,
  prefix: string[] = [],
): void {
  for (const path of sortPaths(sort)) {
    let current: string | undefined = uid;
    for (let index = 0; current && index < path.length; index += 1) {
      current = step(strapi, rules, current, path[index], [...prefix, ...path.slice(0, index + 1)], 'sort');
    }
  }
}

export type PopulateBudget = { relations: number };

function refusePopulate(message: string, path: string[]): never {
  throw new errors.ValidationError(`${message} Populate fewer relations, or read them with a request of their own.`, {
    path: path.join('.'),
  });
}

/**
 * Checks one populate node of `uid` reached through `path`: its own filters and sort, and the size of what it asks
 * for. `lists` counts the to-many relations on the way here.
 */
export function assertPopulateNode(
  strapi: Core.Strapi,
  rules: ReachRules,
  uid: string,
  name: string,
  node: PopulateNode,
  path: string[],
  lists: number,
  budget: PopulateBudget,
): number {
  const attribute = attributeOf(strapi, uid, name);
  const here = [...path, name];
  if (!attribute || !['relation', 'media', 'component', 'dynamiczone'].includes(attribute.type)) return lists;
  if (isMorph(attribute) || attribute.type === 'dynamiczone') {
    refusePopulate(
      `populate "${here.join('.')}" goes through a polymorphic relation or a dynamic zone, which the public API does not populate.`,
      here,
    );
  }
  budget.relations += 1;
  if (here.length > MAX_POPULATE_DEPTH)
    refusePopulate(`populate "${here.join('.')}" is deeper than ${MAX_POPULATE_DEPTH} levels.`, here);
  if (budget.relations > MAX_POPULATED_RELATIONS)
    refusePopulate(`populate names more than ${MAX_POPULATED_RELATIONS} relations.`, here);
  const listsHere = lists + (isToMany(attribute) ? 1 : 0);
  if (listsHere > MAX_POPULATED_LISTS) {
    refusePopulate(`populate "${here.join('.')}" asks for a list inside another list.`, here);
  }
  const target = stepInto(attribute);
  if (target) {
    assertFiltersStayVisible(strapi, rules, target, node.filters, here);
    assertSortStaysVisible(strapi, rules, target, node.sort, here);
  }
  if (node.populate !== undefined && isWildcard(node.populate)) {
    refusePopulate(`populate "*" is accepted at the first level only (found under "${here.join('.')}").`, here);
  }
  return listsHere;
}

/** `*` (alone, in a comma list or in an array): the wildcard, refused below the first level. */
export function isWildcard(populate: unknown): boolean {
  if (populate === '*' || populate === true) return true;
  if (typeof populate === 'string') return populate.split(',').some((entry) => entry.trim() === '*');
  if (Array.isArray(populate)) return populate.some(isWildcard);
  return false;
}
