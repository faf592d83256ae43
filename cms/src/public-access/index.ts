/**
 * What the public (content API: REST and GraphQL) may see, enforced in one place.
 *
 * - Videos: published, `visibility: public`, `moderationState: approved`. An unlisted video only through
 *   GET /api/videos/slug/:slug, never in a list or a populated relation.
 * - Playlists: published and `visibility: public`.
 * - The rules apply to top-level queries (a document service middleware) and to every populated relation
 *   that reaches a video or a playlist, at any depth (REST populate and GraphQL association fields).
 * - No filter or sort may go through a relation into videos or playlists (see reach.ts): a join over that type
 *   would see its hidden rows. REST populate is bounded in depth and size.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  assertFiltersStayVisible,
  assertPopulateNode,
  assertSortStaysVisible,
  type PopulateBudget,
  type ReachRules,
} from './reach';
import { LISTED_VIDEO_FILTERS, WATCHABLE_VIDEO_FILTERS } from '@framecast/contracts';

type Filters = Record<string, unknown>;
type PopulateNode = { populate?: unknown; filters?: Filters; [key: string]: unknown };

const VIDEO = 'api::video.video';
const PLAYLIST = 'api::playlist.playlist';

const LIST_FILTERS: Record<string, Filters> = {
  [VIDEO]: LISTED_VIDEO_FILTERS,
  [PLAYLIST]: { visibility: { $eq: 'public' } },
};
const UNLISTED_VIDEO_FILTERS: Filters = WATCHABLE_VIDEO_FILTERS;
const ALLOW_UNLISTED = 'framecastAllowUnlisted';
const READ_ACTIONS = new Set(['findMany', 'findFirst', 'findOne', 'count']);

type RequestState = { route?: { info?: { type?: string } }; [ALLOW_UNLISTED]?: boolean };
type RequestContext = { state?: RequestState } | undefined;

function currentRequest(strapi: Core.Strapi): RequestContext {
  return strapi.requestContext.get() as RequestContext;
}

export function isContentApiRequest(request: RequestContext): boolean {
  return request?.state?.route?.info?.type === 'content-api';
}

/** Lets the current request read one unlisted video (the by-slug route). */
export function allowUnlistedVideos(ctx: { state: RequestState }): void {
  ctx.state[ALLOW_UNLISTED] = true;
}

/** `existing` and `rule` both; GraphQL arguments name the operator `and`, the Document Service `$and`. */
export function andFilters(existing: unknown, rule: Filters, and: '$and' | 'and' = '$and'): Filters {
  if (!existing || (typeof existing === 'object' && Object.keys(existing as object).length === 0)) return { ...rule };
  return { [and]: [existing, rule] };
}

/** A Document Service filter in GraphQL's argument form (`{ visibility: { eq: 'public' } }`). */
export function graphqlFilters(filters: unknown): Filters {
  if (Array.isArray(filters)) return filters.map(graphqlFilters) as unknown as Filters;
  if (!filters || typeof filters !== 'object') return filters as Filters;
  return Object.fromEntries(
    Object.entries(filters).map(([key, value]) => [
      key.replace(/^\$/, ''),
      key === '$in' ? value : graphqlFilters(value),
    ]),
  );
}

/** The filter a public reader gets for `uid`, or undefined when the type has no visibility rule. */
export function publicFiltersFor(uid: string): Filters | undefined {
  return LIST_FILTERS[uid];
}

/**
 * Types with rows the public may not see: every type with a visibility rule, and every draft-and-publish type (its
 * drafts). No public filter or sort may reach them through a relation.
 */
export function hiddenCapableTypes(strapi: Core.Strapi): Set<string> {
  const known = hiddenCapable.get(strapi);
  if (known) return new Set(known);
  const withDrafts = Object.keys(strapi.contentTypes).filter((uid) => hasDraftAndPublish(strapi, uid));
  const found = new Set([...Object.keys(LIST_FILTERS), ...withDrafts]);
  // the types are fixed once Strapi has loaded; every public read asks, and `strapi.contentTypes` is rebuilt per read
  if (strapi.isLoaded) hiddenCapable.set(strapi, found);
  return new Set(found);
}

const hiddenCapable = new WeakMap<Core.Strapi, Set<string>>();

/** What public filters and sorts may not reach through a relation. */
export function reachRules(strapi: Core.Strapi): ReachRules {
  return {
    hiddenCapable: hiddenCapableTypes(strapi),
    describe: (uid) =>
      (strapi.getModel(uid as UID.Schema) as { info?: { pluralName?: string } } | undefined)?.info?.pluralName ?? uid,
  };
}

function relationTarget(strapi: Core.Strapi, uid: string, attributeName: string): string | undefined {
  const attribute = strapi.getModel(uid as UID.Schema)?.attributes?.[attributeName] as
    { type: string; target?: string; component?: string; relation?: string } | undefined;
  if (!attribute) return undefined;
  if (attribute.type === 'relation') return attribute.target;
  if (attribute.type === 'media') return 'plugin::upload.file';
  if (attribute.type === 'component') return attribute.component;
  return undefined;
}

function populatableAttributes(strapi: Core.Strapi, uid: string): string[] {
  const attributes = strapi.getModel(uid as UID.Schema)?.attributes ?? {};
  return Object.entries(attributes)
    .filter(([, attribute]) =>
      ['relation', 'media', 'component', 'dynamiczone'].includes((attribute as { type: string }).type),
    )
    .map(([name]) => name);
}

/** Normalises every populate shape Strapi accepts ('*', 'a,b.c', ['a.b'], { a: true | {...} }) to objects. */
export function normalizePopulate(
  strapi: Core.Strapi,
  uid: string,
  populate: unknown,
): Record<string, PopulateNode> | undefined {
  if (populate === undefined || populate === null || populate === false) return undefined;
  if (populate === '*' || populate === true) {
    return Object.fromEntries(populatableAttributes(strapi, uid).map((name) => [name, {}]));
  }
  const paths: string[] = [];
  if (typeof populate === 'string') paths.push(...populate.split(','));
  else if (Array.isArray(populate))
    populate.forEach((entry) => typeof entry === 'string' && paths.push(...entry.split(',')));
  if (paths.length > 0) {
    const tree: Record<string, PopulateNode> = {};
    for (const path of paths.map((p) => p.trim()).filter(Boolean)) {
      if (path === '*') {
        for (const name of populatableAttributes(strapi, uid)) tree[name] ??= {};
        continue;
      }
      const [head, ...rest] = path.split('.');
      const node = (tree[head] ??= {});
      if (rest.length > 0) {
        const nested = (node.populate as string[] | undefined) ?? [];
        node.populate = [...nested, rest.join('.')];
      }
    }
    return tree;
  }
  if (typeof populate === 'object') {
    const tree: Record<string, PopulateNode> = {};
    for (const [name, value] of Object.entries(populate as Record<string, unknown>)) {
      if (value === false || value === 'false') continue;
      tree[name] = value && typeof value === 'object' ? { ...(value as PopulateNode) } : {};
    }
    return tree;
  }
  return undefined;
}

/**
 * Adds the public rule to every populated relation that reaches a video or a playlist, at any depth, after checking
 * each node's own filters and sort (no relation into videos or playlists) and the size of the whole populate.
 */
export function restrictPopulate(
  strapi: Core.Strapi,
  uid: string,
  populate: unknown,
  path: string[] = [],
  lists = 0,
  budget: PopulateBudget = { relations: 0 },
): unknown {
  const tree = normalizePopulate(strapi, uid, populate);
  if (!tree) return populate;
  const rules = reachRules(strapi);
  for (const [name, node] of Object.entries(tree)) {
    const listsBelow = assertPopulateNode(strapi, rules, uid, name, node, path, lists, budget);
    const target = relationTarget(strapi, uid, name);
    if (!target) continue;
    const rule = publicFiltersFor(target);
    if (rule) node.filters = andFilters(node.filters, rule);
    if (node.populate !== undefined)
      node.populate = restrictPopulate(strapi, target, node.populate, [...path, name], listsBelow, budget);
  }
  return tree;
}

function hasDraftAndPublish(strapi: Core.Strapi, uid: string): boolean {
  const model = strapi.getModel(uid as UID.Schema) as { options?: { draftAndPublish?: boolean } } | undefined;
  return Boolean(model?.options?.draftAndPublish);
}

/** Document service middleware: every content-API read goes through the public rules. */
export function registerPublicAccessRules(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!READ_ACTIONS.has(context.action)) return next();
    const request = currentRequest(strapi);
    if (!isContentApiRequest(request)) return next();

    const params = context.params as { filters?: unknown; sort?: unknown; populate?: unknown; status?: string };
    // drafts are never public, whatever `status` the client asked for
    if (hasDraftAndPublish(strapi, context.uid)) params.status = 'published';
    const rules = reachRules(strapi);
    assertFiltersStayVisible(strapi, rules, context.uid, params.filters);
    assertSortStaysVisible(strapi, rules, context.uid, params.sort);
    const rule =
      context.uid === VIDEO && request?.state?.[ALLOW_UNLISTED]
        ? UNLISTED_VIDEO_FILTERS
        : publicFiltersFor(context.uid);
    if (rule) params.filters = andFilters(params.filters, rule);
    if (params.populate !== undefined) params.populate = restrictPopulate(strapi, context.uid, params.populate);
    return next();
  });
}

/**
 * GraphQL resolves relations with the query engine, not the document service: every association field (on every
 * content type and component) checks its own `filters` and `sort` arguments the way the document service middleware
 * checks a top-level query, and each one that reaches a video or a playlist gets the public rule.
 */
export function registerGraphqlAccessRules(strapi: Core.Strapi): void {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return;
  const rules = reachRules(strapi);
  const resolversConfig: Record<string, { middlewares: unknown[] }> = {};
  const models = [...Object.values(strapi.contentTypes), ...Object.values(strapi.components)] as unknown as Array<{
    globalId: string;
    attributes: Record<string, { type: string; target?: string; relation?: string }>;
  }>;
  for (const model of models) {
    for (const [attributeName, attribute] of Object.entries(model.attributes)) {
      const target =
        attribute.type === 'media'
          ? 'plugin::upload.file'
          : attribute.type === 'relation'
            ? attribute.target
            : undefined;
      const morph = attribute.type === 'relation' && (attribute.relation ?? '').startsWith('morph');
      if (!target && !morph) continue;
      const rule = target ? publicFiltersFor(target) : undefined;
      const middleware = (
        resolve: (...args: unknown[]) => unknown,
        parent: unknown,
        args: Record<string, unknown>,
        context: unknown,
        ...rest: unknown[]
      ) => {
        // GraphQL is the content API only: every call here is a public read
        if (morph)
          throw new errors.ValidationError(
            `"${attributeName}" is not available on the public API: it may lead to any type.`,
          );
        assertFiltersStayVisible(strapi, rules, target!, args.filters, [attributeName]);
        assertSortStaysVisible(strapi, rules, target!, args.sort, [attributeName]);
        return resolve(
          parent,
          rule ? { ...args, filters: andFilters(args.filters, graphqlFilters(rule), 'and') } : args,
          context,
          ...rest,
        );
      };
      resolversConfig[`${model.globalId}.${attributeName}`] = { middlewares: [middleware] };
      resolversConfig[`${model.globalId}.${attributeName}_connection`] = { middlewares: [middleware] };
    }
  }
  graphql.service('extension').use(() => ({ resolversConfig }));
}
