/**
 * Public read plans: what `strapi.contentAPI.sanitize.output` does to a content-API answer, compiled once per schema
 * instead of re-derived for every key of every row of every request.
 *
 * The generic path walks each entity twice (private and password fields, then relations the caller may not find) and
 * asks the schema, for every key, what the key is. A plan answers that once per (schema, key): drop it (private,
 * password), keep it (a scalar, or no attribute at all), or follow it into another plan (relation, media, component,
 * dynamic zone). Whether the caller may find a relation's target is still asked of `strapi.auth.verify` with the
 * request's own ability, once per scope and request, exactly as the generic path asks it: nothing about the Public
 * role's permissions is remembered between requests.
 *
 * Shapes the plan does not model (a morph relation with a value: its rows carry their own types) make it give up on
 * the whole answer, and the caller runs the generic sanitizer instead. Output sanitizers registered by plugins
 * (`content-api.output`) run after the plan, as they run after the generic one.
 */
import type { Core, UID } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';

type Attribute = {
  type?: string;
  relation?: string;
  target?: string;
  component?: string;
  private?: boolean;
};
type Schema = {
  uid?: string;
  attributes: Record<string, Attribute | undefined>;
  options?: { populateCreatorFields?: boolean };
};

/** What the plan does with one key of a schema's rows. */
type Step =
  | { kind: 'keep' }
  | { kind: 'drop' }
  /** A relation: kept only when the caller may find `scope` (null: no check), then each row through `target`. */
  | { kind: 'relation'; scope: string | null; target: () => Schema | undefined }
  /** A morph relation: kept as it is when empty, else the plan gives up (rows carry their own types). */
  | { kind: 'morph'; scope: string | null }
  /** Media and components: each row through `target`. */
  | { kind: 'nested'; target: () => Schema | undefined }
  | { kind: 'dynamiczone' };

const KEEP: Step = { kind: 'keep' };
const DROP: Step = { kind: 'drop' };
const CREATOR_FIELDS = new Set(['createdBy', 'updatedBy']);
const FILE = 'plugin::upload.file';
const ROLE = 'plugin::users-permissions.role';
const USER = 'plugin::users-permissions.user';

/** Thrown inside a projection that meets a shape the plan does not model; caught by `sanitizePublicOutput`. */
class UnplannedShape extends Error {}

/** The same test as lodash's `isObject`, which the generic traversal uses to decide what it walks into. */
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && (typeof value === 'object' || typeof value === 'function');

export class PublicReadPlans {
  /** Per schema object (Strapi's models are fixed once loaded): its keys' steps, filled as keys are met. */
  private readonly steps = new WeakMap<Schema, Map<string, Step>>();

  /**
   * `rolesHideUsers`: users-permissions' own output sanitizer (a role's `users` never leave the API) is folded into
   * the plans, and the caller skips it.
   */
  constructor(
    private readonly strapi: Core.Strapi,
    private readonly rolesHideUsers: boolean,
  ) {}

  private model(uid: string | undefined): Schema | undefined {
    return uid ? (this.strapi.getModel(uid as UID.Schema) as unknown as Schema | undefined) : undefined;
  }

  /** The step for `key` of `schema`: the same questions, in the same order, as the generic visitors ask. */
  private step(schema: Schema, key: string): Step {
    let table = this.steps.get(schema);
    if (!table) this.steps.set(schema, (table = new Map()));
    const known = table.get(key);
    if (known) return known;
    const compiled = this.compile(schema, key);
    table.set(key, compiled);
    return compiled;
  }

  private compile(schema: Schema, key: string): Step {
    // the generic traversal reads `attributes[key]` too (prototype names included), so the plan does the same
    const attribute = schema.attributes[key];
    if (attribute === undefined || attribute === null) return KEEP;
    if (attribute.type === 'password') return DROP;
    if (attribute.private === true || contentTypes.isPrivateAttribute(schema as never, key)) return DROP;
    if (this.rolesHideUsers && attribute.type === 'relation' && attribute.target === USER && schema.uid === ROLE) {
      return DROP;
    }
    if (attribute.type === 'relation') {
      const morph = String(attribute.relation ?? '')
        .toLowerCase()
        .startsWith('morph');
      if (contentTypes.isMorphToRelationalAttribute(attribute as never)) return { kind: 'morph', scope: null };
      const unchecked = CREATOR_FIELDS.has(key) && Boolean(schema.options?.populateCreatorFields);
      const scope = unchecked ? null : `${attribute.target}.find`;
      if (morph) return { kind: 'morph', scope };
      return { kind: 'relation', scope, target: () => this.model(attribute.target) };
    }
    if (attribute.type === 'media') return { kind: 'nested', target: () => this.model(FILE) };
    if (attribute.type === 'component') return { kind: 'nested', target: () => this.model(attribute.component) };
    if (attribute.type === 'dynamiczone') return { kind: 'dynamiczone' };
    return KEEP;
  }

  /** One entity (or a list) through the plan of `schema`; `may` answers whether the caller may find a scope. */
  project(entity: unknown, schema: Schema | undefined, may: (scope: string) => boolean): unknown {
    if (!isObject(entity) || !schema) return entity;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(entity)) {
      const value = entity[key];
      const step = this.step(schema, key);
      switch (step.kind) {
        case 'keep':
          out[key] = value;
          break;
        case 'drop':
          break;
        case 'relation':
          if (step.scope !== null && !may(step.scope)) break;
          out[key] = this.each(value, step.target(), may);
          break;
        case 'morph':
          if (value === null || value === undefined) {
            // an empty morph-to keeps its key; an empty morph-one/many is still a relation the caller must reach
            if (step.scope === null || may(step.scope)) out[key] = value;
            break;
          }
          throw new UnplannedShape(key);
        case 'nested':
          out[key] = this.each(value, step.target(), may);
          break;
        case 'dynamiczone':
          out[key] = Array.isArray(value)
            ? value.map((entry) =>
                entry === null || entry === undefined
                  ? entry
                  : this.project(entry, this.model((entry as { __component?: string }).__component), may),
              )
            : value;
          break;
      }
    }
    return out;
  }

  private each(value: unknown, schema: Schema | undefined, may: (scope: string) => boolean): unknown {
    if (value === null || value === undefined) return value;
    return Array.isArray(value)
      ? value.map((item) => this.project(item, schema, may))
      : this.project(value, schema, may);
  }
}

export function isUnplannedShape(error: unknown): boolean {
  return error instanceof UnplannedShape;
}
