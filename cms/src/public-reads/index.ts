/**
 * The content API's output sanitizer for anonymous readers (the users-permissions Public role), through compiled
 * plans (plan.ts) instead of Strapi's generic traversal: the same answer, for a fraction of the CPU of a list page.
 * Controllers use it as their `sanitizeOutput` (`publicSanitizeOutput`); any other caller keeps the generic path.
 */
import type { Core, UID } from '@strapi/strapi';
import { PublicReadPlans, isUnplannedShape } from './plan';

type Auth = { strategy?: { name?: string }; credentials?: unknown; ability?: unknown };
type Context = { state?: { auth?: Auth; user?: unknown; route?: { info?: { type?: string } } } };
type OutputSanitizer = (schema: unknown) => (data: unknown) => unknown;

/** Asked for a scope the request has not answered yet: the projection stops, the scope is asked, it starts again. */
class ScopeNeeded {
  constructor(readonly scope: string) {}
}

type Registered = { plans: PublicReadPlans; folded: Set<OutputSanitizer> };
const registered = new WeakMap<Core.Strapi, Registered>();
/** Which scopes a schema's answers asked last time: asked up front next time, so a projection runs once. */
const scopesAsked = new Map<string, Set<string>>();

/** An anonymous content-API request: users-permissions' Public role, no user and no API token. */
export function isPublicRead(ctx: Context | undefined): boolean {
  const state = ctx?.state;
  return (
    state?.route?.info?.type === 'content-api' &&
    state.auth?.strategy?.name === 'users-permissions' &&
    (state.auth.credentials === null || state.auth.credentials === undefined) &&
    !state.user
  );
}

async function allowed(strapi: Core.Strapi, auth: Auth, scope: string): Promise<boolean> {
  try {
    // the question the generic sanitizer asks (remove-restricted-relations), of the request's own ability
    await (strapi.auth as unknown as { verify(auth: Auth, config: { scope: string }): Promise<void> }).verify(auth, {
      scope,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * `strapi.contentAPI.sanitize.output(data, model(uid), { auth })`, through a plan for public reads. Gives exactly
 * what the generic sanitizer gives (tests/integration/api/public-read-plans.test.ts compares them).
 */
export async function sanitizePublicOutput<T>(strapi: Core.Strapi, uid: string, data: T, ctx: Context): Promise<T> {
  return (await sanitizeOutputFor(strapi, uid, data, ctx)) as T;
}

async function sanitizeOutputFor(strapi: Core.Strapi, uid: string, data: unknown, ctx: Context): Promise<unknown> {
  const schema = strapi.getModel(uid as UID.Schema);
  const auth = ctx.state?.auth ?? {};
  if (!isPublicRead(ctx)) return strapi.contentAPI.sanitize.output(data as never, schema as never, { auth } as never);

  const setUp = registered.get(strapi);
  if (!setUp) return strapi.contentAPI.sanitize.output(data as never, schema as never, { auth } as never);
  const { plans, folded } = setUp;
  const decisions = new Map<string, boolean>();
  const asked = scopesAsked.get(uid) ?? new Set<string>();
  for (const scope of asked) decisions.set(scope, await allowed(strapi, auth, scope));
  const may = (scope: string): boolean => {
    const decision = decisions.get(scope);
    if (decision === undefined) throw new ScopeNeeded(scope);
    return decision;
  };

  let projected: unknown;
  for (;;) {
    try {
      projected = Array.isArray(data)
        ? data.map((entity) => plans.project(entity, schema as never, may))
        : plans.project(data, schema as never, may);
      break;
    } catch (error) {
      if (error instanceof ScopeNeeded) {
        decisions.set(error.scope, await allowed(strapi, auth, error.scope));
        asked.add(error.scope);
        scopesAsked.set(uid, asked);
        continue;
      }
      if (isUnplannedShape(error)) {
        return strapi.contentAPI.sanitize.output(data as never, schema as never, { auth } as never);
      }
      throw error;
    }
  }

  // plugins' output sanitizers, entity by entity, after the built-in ones: as the generic path runs them
  const sanitizers = ((strapi.sanitizers.get('content-api.output') ?? []) as OutputSanitizer[]).filter(
    (sanitizer) => !folded.has(sanitizer),
  );
  if (sanitizers.length === 0) return projected;
  const finish = async (entity: unknown) => {
    let result = entity;
    for (const sanitizer of sanitizers) result = await sanitizer(schema)(result);
    return result;
  };
  if (!Array.isArray(projected)) return finish(projected);
  const results: unknown[] = [];
  for (const entity of projected) results.push(await finish(entity));
  return results;
}

/**
 * In the app's `register()`, after every plugin's: users-permissions has added its output sanitizer (a role's users
 * are never shown). When it is the only one, the plans do its work; any other, then or later, still runs after them.
 */
export function registerPublicReads(strapi: Core.Strapi): void {
  const present = [...((strapi.sanitizers.get('content-api.output') ?? []) as OutputSanitizer[])];
  const foldable = present.length === 1 && Boolean(strapi.plugin('users-permissions'));
  registered.set(strapi, {
    plans: new PublicReadPlans(strapi, foldable),
    folded: new Set(foldable ? present : []),
  });
}

/**
 * A controller's `sanitizeOutput` that goes through the plans: `sanitizeOutput: publicOutputSanitizer(strapi, UID)`.
 * Typed loosely: Strapi's controller type wants every extra member to be a route handler.
 */
export function publicOutputSanitizer(strapi: Core.Strapi, uid: string): never {
  return ((data: unknown, ctx: Context) => sanitizePublicOutput(strapi, uid, data, ctx)) as never;
}
