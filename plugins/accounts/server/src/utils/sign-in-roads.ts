/**
 * Every road to users-permissions' auth and user controllers, decided once: guarded (our middleware first), open (no
 * password or account data goes through it), or closed (removed, so it answers 404). A route users-permissions adds
 * in a later version is closed until someone decides otherwise here. Its GraphQL operations are all removed: the site
 * signs in over REST only, where the guards run.
 */
import type { Core } from '@strapi/strapi';
import type { GraphQLFieldConfig, GraphQLNamedType, GraphQLObjectType, GraphQLSchema } from 'graphql';

export type RouteMiddleware = string | { name: string; config?: Record<string, unknown> };
type Route = { method: string; path: string; config?: { middlewares?: RouteMiddleware[] } };

export type RoadDecision =
  /** Our guard runs first; `replacesRateLimit`: users-permissions' per-process limit is dropped (ours count better). */
  | { kind: 'guarded'; middleware: RouteMiddleware; replacesRateLimit?: boolean }
  | { kind: 'open'; why: string }
  | { kind: 'closed'; why: string };

const guarded = (middleware: RouteMiddleware, replacesRateLimit = false): RoadDecision => ({
  kind: 'guarded',
  middleware,
  replacesRateLimit,
});
const events = (route: string) => guarded({ name: 'plugin::accounts.account-events', config: { route } });
const closed = (why: string): RoadDecision => ({ kind: 'closed', why });

/** users-permissions' content-API routes (`METHOD path`, as declared, under /api). */
export const USERS_PERMISSIONS_ROADS: Record<string, RoadDecision> = {
  'POST /auth/local': guarded('plugin::accounts.sign-in-guard', true),
  'POST /auth/local/register': guarded('plugin::accounts.register-guard'),
  // reset codes are long random tokens; users-permissions' limit would count every viewer behind the site as one
  'POST /auth/reset-password': guarded({ name: 'plugin::accounts.password-guard', config: { action: 'reset' } }, true),
  'POST /auth/change-password': guarded(
    { name: 'plugin::accounts.password-guard', config: { action: 'change' } },
    true,
  ),
  'GET /auth/email-confirmation': events('email-confirmation'),
  'POST /auth/send-email-confirmation': events('send-email-confirmation'),
  'POST /auth/forgot-password': events('forgot-password'),
  'POST /auth/logout': events('logout'),
  'POST /auth/refresh': { kind: 'open', why: 'the rotating refresh token is the credential; no password is checked' },
  'GET /users/me': { kind: 'open', why: 'the signed-in viewer reads its own account (the site does)' },
  'GET /connect/(.*)': closed('no third-party sign-in: providers would create accounts past the sign-up rules'),
  'GET /auth/:provider/callback': closed(
    'no third-party sign-in; provider "local" would check a password past the sign-in guard',
  ),
  'GET /auth/sessions': closed('the site does not list sessions'),
  'DELETE /auth/sessions/:sessionId': closed(
    'the site does not revoke single sessions (sign-out and password changes do)',
  ),
  'GET /users/count': closed('accounts are not listed over the API'),
  'GET /users': closed('accounts are not listed over the API'),
  'GET /users/:id': closed('accounts are not read over the API'),
  'POST /users': closed('accounts are created by sign-up only, under its rules'),
  'PUT /users/:id': closed('would set a password or an email past the password policy and the audit'),
  'DELETE /users/:id': closed('accounts are deleted by POST /api/accounts/delete-account, with the password'),
  'GET /roles/:id': closed('roles are managed in the admin'),
  'GET /roles': closed('roles are managed in the admin'),
  'POST /roles': closed('roles are managed in the admin'),
  'PUT /roles/:role': closed('roles are managed in the admin'),
  'DELETE /roles/:role': closed('roles are managed in the admin'),
  'GET /permissions': closed('permissions are managed in the admin'),
};

const UNKNOWN: RoadDecision = closed('not reviewed: a route users-permissions added after this list was written');

export type AppliedRoad = { method: string; path: string; decision: RoadDecision };

/**
 * Puts the guards in front of users-permissions' routes and removes the closed ones. Returns what was decided for
 * every route it found, the unknown ones included.
 */
export function applyRoadDecisions(strapi: Core.Strapi): AppliedRoad[] {
  const router = (strapi.plugin('users-permissions').routes as unknown as Record<string, { routes: Route[] }>)[
    'content-api'
  ]!;
  const applied: AppliedRoad[] = [];
  const kept: Route[] = [];
  for (const route of router.routes) {
    const key = `${route.method} ${route.path}`;
    const decision = Object.hasOwn(USERS_PERMISSIONS_ROADS, key) ? USERS_PERMISSIONS_ROADS[key]! : UNKNOWN;
    if (decision === UNKNOWN)
      strapi.log.warn(
        `[accounts] users-permissions route ${key} is not reviewed: closed (see plugins/accounts/server/src/utils/sign-in-roads.ts)`,
      );
    applied.push({ method: route.method, path: route.path, decision });
    if (decision.kind === 'closed') continue;
    if (decision.kind === 'guarded') {
      route.config ??= {};
      const others = (route.config.middlewares ?? []).filter(
        (middleware) => !(decision.replacesRateLimit && middleware === 'plugin::users-permissions.rateLimit'),
      );
      route.config.middlewares = [decision.middleware, ...others];
    }
    kept.push(route);
  }
  for (const [key, decision] of Object.entries(USERS_PERMISSIONS_ROADS)) {
    if (decision.kind === 'guarded' && !applied.some((road) => `${road.method} ${road.path}` === key)) {
      throw new Error(`[accounts] users-permissions has no ${key} route to guard: check the Strapi version`);
    }
  }
  // the same array object: users-permissions' route factory hands it out again when routes are mounted
  router.routes.splice(0, router.routes.length, ...kept);
  return applied;
}

type AdminRouter = { routes: Route[] };

/**
 * Puts the admin sign-in audit in front of the admin panel's POST /admin/login (before Strapi's own rate limit, so it
 * sees the attempts the limit refuses too).
 */
export function auditAdminSignIns(strapi: Core.Strapi): void {
  const routers = (strapi.admin as unknown as { routes?: Record<string, AdminRouter> }).routes ?? {};
  const login = Object.values(routers)
    .flatMap((router) => (Array.isArray(router?.routes) ? router.routes : []))
    .find((route) => route.method === 'POST' && route.path === '/login');
  if (!login) throw new Error('[accounts] the admin panel has no POST /login route to audit: check the Strapi version');
  login.config ??= {};
  login.config.middlewares = ['plugin::accounts.admin-sign-in-audit', ...(login.config.middlewares ?? [])];
}

/** A root field that reaches users-permissions: its result is one of its types (login, register, me, user CRUD, …). */
export function reachesUsersPermissions(field: { type: unknown }): boolean {
  let type = field.type as { ofType?: unknown; name?: string };
  while (type.ofType) type = type.ofType as typeof type;
  return typeof type.name === 'string' && type.name.startsWith('UsersPermissions');
}

/**
 * The schema without the root fields that reach users-permissions, and without the types only they used. Built with
 * the schema's own classes, so it is the very graphql module the GraphQL plugin uses.
 */
export function withoutUsersPermissionsOperations(schema: GraphQLSchema): GraphQLSchema {
  const Schema = schema.constructor as typeof GraphQLSchema;
  const trim = (root: GraphQLObjectType | null | undefined) => {
    if (!root) return root;
    const ObjectType = root.constructor as typeof GraphQLObjectType;
    const config = root.toConfig();
    const fields = Object.fromEntries(
      Object.entries(config.fields).filter(
        ([, field]) => !reachesUsersPermissions(field as GraphQLFieldConfig<unknown, unknown>),
      ),
    );
    return new ObjectType({ ...config, fields });
  };
  const config = schema.toConfig();
  const roots = {
    query: trim(schema.getQueryType()),
    mutation: trim(schema.getMutationType()),
    subscription: trim(schema.getSubscriptionType()),
  };
  // types reachable from the roots only (an empty Mutation type is not allowed: drop it)
  const reachable = new Schema({
    ...config,
    ...roots,
    mutation: roots.mutation && Object.keys(roots.mutation.getFields()).length > 0 ? roots.mutation : undefined,
    types: [],
  });
  // object types known only through an interface they implement are not reachable from a root: keep them
  const implementations = config.types.filter(
    (type: GraphQLNamedType) =>
      !type.name.startsWith('__') &&
      !reachable.getType(type.name) &&
      typeof (type as GraphQLObjectType).getInterfaces === 'function' &&
      (type as GraphQLObjectType).getInterfaces().some((face) => reachable.getType(face.name)),
  );
  return implementations.length === 0
    ? reachable
    : new Schema({ ...reachable.toConfig(), types: [...reachable.toConfig().types, ...implementations] });
}

/** Removes users-permissions' GraphQL operations (and turns off shadow CRUD for the accounts' own types). */
export function closeGraphqlRoads(strapi: Core.Strapi): void {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return;
  const extension = graphql.service('extension') as {
    shadowCRUD(uid: string): { disable(): unknown; disableQueries(): { disableMutations(): unknown } };
  };
  for (const uid of ['plugin::users-permissions.user', 'plugin::users-permissions.role'])
    extension.shadowCRUD(uid).disableQueries().disableMutations();
  for (const uid of Object.keys(strapi.contentTypes))
    if (uid.startsWith('plugin::accounts.')) extension.shadowCRUD(uid).disable();

  // users-permissions adds login, register, me and its user and role mutations with nexus, beyond shadow CRUD's reach
  const contentApi = graphql.service('content-api') as { buildSchema(): GraphQLSchema };
  const build = contentApi.buildSchema.bind(contentApi);
  contentApi.buildSchema = () => withoutUsersPermissionsOperations(build());
}
