/**
 * Hidden documents never change a public answer. Generated from the running Strapi's content model:
 * - the public types are Framecast's own content types (`api::*`), read from `strapi.contentTypes`;
 * - a type is hidden-capable when it has drafts or a visibility rule (src/public-access); its hidden variants are a
 *   draft, and each value its rule does not allow (a private, unlisted, pending, removed video; a private playlist);
 * - every relation path of up to three steps (components included) that goes into a hidden-capable type is probed
 *   with every filter operator, under `$not`, `$or`, `$and` and nested, as a top-level REST filter, inside a REST
 *   populate, as a top-level GraphQL filter and as a GraphQL association argument; and as a sort, ascending and
 *   descending.
 * The same probes are asked twice, on the visible catalog and again after hidden documents were added that link to
 * it and match every probe: every answer (status, ids, counts, order) must be exactly the same. Private fields are
 * refused in filters and never appear in any answer. A new type, relation or rule is covered without editing this.
 */
import request from 'supertest';
import type { Core, UID } from '@strapi/strapi';
import { publicFiltersFor } from '../../cms/src/public-access';
import { startTestCms, type TestCms } from '../integration/setup/strapi';

type Attribute = {
  type: string;
  target?: string;
  relation?: string;
  component?: string;
  repeatable?: boolean;
  required?: boolean;
  default?: unknown;
  enum?: string[];
  private?: boolean;
  mappedBy?: string;
  inversedBy?: string;
  regex?: string;
  maxLength?: number;
  min?: number | string;
  multiple?: boolean;
};
type Model = {
  uid: string;
  globalId: string;
  info: { singularName: string; pluralName: string };
  attributes: Record<string, Attribute>;
  options?: { draftAndPublish?: boolean };
};

/** Where the hidden documents' strings start: digits sort before the visible documents' letters. */
const HIDDEN = '0hid';
/** A value seeded into every private text field: it must never appear in an answer. */
const PRIVATE_MARKER = 'private-marker';
const MAX_PATH = 3;
const OPERATORS = [
  '$eq',
  '$eqi',
  '$ne',
  '$nei',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$in',
  '$notIn',
  '$contains',
  '$notContains',
  '$containsi',
  '$notContainsi',
  '$startsWith',
  '$startsWithi',
  '$endsWith',
  '$endsWithi',
  '$null',
  '$notNull',
  '$between',
] as const;
type Operator = (typeof OPERATORS)[number];

let cms: TestCms;
const strapi = (): Core.Strapi => cms.strapi;
const model = (uid: string) => strapi().getModel(uid as UID.Schema) as unknown as Model;
const isToMany = (attribute: Attribute) =>
  attribute.type === 'component'
    ? Boolean(attribute.repeatable)
    : /Many$/.test(attribute.relation ?? '') || attribute.relation === 'manyWay';

// ---------------------------------------------------------------------------------------------------------
// the content model

const world = {
  publicTypes: [] as string[],
  hiddenCapable: new Map<string, Array<{ name: string; data: Record<string, unknown>; draft: boolean }>>(),
  /** Allowed values of each hidden-capable type's rule fields: what a visible document carries. */
  visibleValues: new Map<string, Record<string, unknown>>(),
  visible: new Map<string, { A: string; B: string; C: string }>(),
  hidden: [] as Array<{ uid: string; documentId: string; label: string }>,
};

/** Framecast's own types: the public API's subject. Admin and plugin-internal types are not part of it. */
function publicTypes(): string[] {
  return Object.keys(strapi().contentTypes)
    .filter((uid) => uid.startsWith('api::'))
    .sort();
}

/** Hidden variants from the schema and the public rule: a draft (draft-and-publish types) and every value the rule refuses. */
function hiddenVariants(uid: string) {
  const variants: Array<{ name: string; data: Record<string, unknown>; draft: boolean }> = [];
  const rule = (publicFiltersFor(uid) ?? {}) as Record<string, { $eq?: unknown; $in?: unknown[] }>;
  const visible: Record<string, unknown> = {};
  for (const [field, condition] of Object.entries(rule)) {
    const allowed = condition.$eq !== undefined ? [condition.$eq] : (condition.$in ?? []);
    visible[field] = allowed[0];
    for (const value of model(uid).attributes[field]?.enum ?? []) {
      if (!allowed.includes(value))
        variants.push({ name: `${field}-${value}`, data: { [field]: value }, draft: false });
    }
  }
  if (model(uid).options?.draftAndPublish) variants.push({ name: 'draft', data: {}, draft: true });
  world.visibleValues.set(uid, visible);
  return variants;
}

const TEXT_TYPES = new Set(['string', 'text', 'richtext', 'uid', 'email', 'enumeration']);

/** Values for a document's own fields, every text field starting with `prefix` (uids lowercase and dashed). */
function ownData(uid: string, prefix: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [field, attribute] of Object.entries(model(uid).attributes)) {
    const slug = `${prefix}-${field}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    if (attribute.private && ['string', 'text', 'richtext'].includes(attribute.type))
      data[field] = `${PRIVATE_MARKER} ${uid} ${field}`;
    else if (attribute.private && attribute.type === 'email') data[field] = `${PRIVATE_MARKER}-${field}@example.test`;
    else if (attribute.type === 'uid') data[field] = slug;
    else if (['string', 'text', 'richtext'].includes(attribute.type) && !attribute.regex)
      data[field] = `${prefix} ${field}`.slice(0, attribute.maxLength ?? 200);
    else if (attribute.required && attribute.default === undefined) {
      if (attribute.type === 'enumeration') data[field] = attribute.enum?.[0];
      else if (['integer', 'biginteger', 'decimal', 'float'].includes(attribute.type))
        data[field] = Number(attribute.min ?? 1);
      else if (attribute.type === 'boolean') data[field] = false;
      else if (attribute.type === 'email') data[field] = `${slug}@example.test`;
    }
  }
  return { ...data, ...(world.visibleValues.get(uid) ?? {}) };
}

/** Relation fields between public types (owning side only, unless `bothSides`), with the target type. */
function relationFields(uid: string, bothSides: boolean): Array<[string, Attribute]> {
  return Object.entries(model(uid).attributes).filter(
    ([, attribute]) =>
      attribute.type === 'relation' &&
      !attribute.private &&
      world.publicTypes.includes(attribute.target ?? '') &&
      (bothSides || !attribute.mappedBy),
  );
}

async function seedVisible(): Promise<void> {
  for (const uid of world.publicTypes) {
    const ids = { A: '', B: '', C: '' };
    for (const letter of ['A', 'B', 'C'] as const) {
      const created = await strapi()
        .documents(uid as UID.ContentType)
        .create({ data: ownData(uid, `v${letter.toLowerCase()}`) as never });
      ids[letter] = created.documentId;
    }
    world.visible.set(uid, ids);
  }
  // A links to A, B to B; C is linked to by hidden documents only
  for (const uid of world.publicTypes) {
    for (const letter of ['A', 'B'] as const) {
      const data: Record<string, unknown> = {};
      for (const [field, attribute] of relationFields(uid, false)) {
        const target = world.visible.get(attribute.target!)![letter];
        data[field] = isToMany(attribute) ? [target] : target;
      }
      await strapi()
        .documents(uid as UID.ContentType)
        .update({ documentId: world.visible.get(uid)![letter], data: data as never });
    }
  }
  // twice: a document published before its targets links to their published versions on the second pass
  for (let pass = 0; pass < 2; pass += 1) {
    for (const uid of world.publicTypes.filter((type) => model(type).options?.draftAndPublish)) {
      for (const documentId of Object.values(world.visible.get(uid)!))
        await strapi()
          .documents(uid as UID.ContentType)
          .publish({ documentId });
    }
  }
}

/**
 * Two hidden documents per variant: one linked to the visible B documents (a hidden value joins B's, and sorts
 * first), one linked to the C documents (nothing visible links to C, so any match on C is the hidden document).
 */
async function seedHidden(): Promise<void> {
  for (const [uid, variants] of world.hiddenCapable) {
    for (const variant of variants) {
      for (const letter of ['B', 'C'] as const) {
        const label = `${HIDDEN}-${variant.name}-${letter}`.toLowerCase();
        const data: Record<string, unknown> = { ...ownData(uid, label), ...variant.data };
        for (const [field, attribute] of relationFields(uid, true)) {
          const target = world.visible.get(attribute.target!)!;
          // a to-many inverse of a one-to-many would move the visible document away from its owner
          if (attribute.mappedBy && attribute.relation === 'oneToMany') continue;
          data[field] = isToMany(attribute) ? [target.B, target.C] : target[letter];
        }
        const created = await strapi()
          .documents(uid as UID.ContentType)
          .create({ data: data as never, ...(variant.draft ? {} : { status: 'published' }) });
        world.hidden.push({ uid, documentId: created.documentId, label });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// the probes

type Step = { field: string; uid: string };
type Path = { root: string; steps: Step[] };

/** Relation and component steps a public filter may name (private fields and polymorphic relations aside: refused by Strapi). */
function steps(uid: string): Step[] {
  return Object.entries(model(uid).attributes).flatMap(([field, attribute]) => {
    if (attribute.private) return [];
    if (attribute.type === 'relation' && attribute.target && world.publicTypes.includes(attribute.target))
      return [{ field, uid: attribute.target }];
    if (attribute.type === 'component' && attribute.component) return [{ field, uid: attribute.component }];
    return [];
  });
}

/**
 * Every path of 1..MAX_PATH steps from `root` that goes into a hidden-capable type, followed at most one step past
 * the first hidden-capable type it enters (`videos`, `videos.tags`, `category.videos.creator`).
 */
function hiddenPaths(root: string, maxSteps = MAX_PATH): Path[] {
  const found: Path[] = [];
  const walk = (uid: string, trail: Step[]) => {
    const firstHidden = trail.findIndex((step) => world.hiddenCapable.has(step.uid));
    if (firstHidden >= 0) found.push({ root, steps: trail });
    if (trail.length === maxSteps || (firstHidden >= 0 && trail.length > firstHidden + 1)) return;
    for (const step of steps(uid)) walk(step.uid, [...trail, step]);
  };
  walk(root, []);
  return found;
}

/** The fields a probe compares at the end of a path: the uid that names a document, and the fields of the public rule. */
function probeFields(uid: string): string[] {
  const attributes = Object.entries(model(uid).attributes).filter(
    ([, attribute]) => !attribute.private && TEXT_TYPES.has(attribute.type),
  );
  const naming = attributes.filter(([, attribute]) => attribute.type === 'uid').slice(0, 1);
  const ruled = attributes.filter(([field]) => Object.hasOwn(world.visibleValues.get(uid) ?? {}, field));
  return [...naming, ...ruled].map(([field]) => field);
}

/** A value for `operator` that matches the hidden documents' `field` and no visible one (negations: the other way round). */
function operand(uid: string, field: string, operator: Operator): unknown {
  const attribute = model(uid).attributes[field];
  const variant = world.hiddenCapable
    .get(uid)
    ?.find((entry) => attribute.type !== 'enumeration' || entry.data[field] !== undefined);
  // on a hidden-capable type: the value one hidden document carries, and a part of it no visible value has;
  // past it (a creator of a hidden video): the C document's, which only hidden documents link to
  const hiddenType = world.hiddenCapable.has(uid);
  const prefix = hiddenType ? `${HIDDEN}-${variant?.name ?? 'none'}-b`.toLowerCase() : 'vc';
  const exact =
    attribute.type === 'enumeration'
      ? String(variant?.data[field] ?? attribute.enum![0])
      : String(ownData(uid, prefix)[field]);
  const part = attribute.type === 'enumeration' ? exact : hiddenType ? HIDDEN : 'vc';
  switch (operator) {
    case '$null':
    case '$notNull':
      return true;
    case '$in':
    case '$notIn':
      return [exact];
    case '$between':
      return ['0', `${part}~`];
    case '$lt':
    case '$lte':
      return `${part}~`;
    case '$gt':
    case '$gte':
      return '0';
    case '$eq':
    case '$eqi':
    case '$ne':
    case '$nei':
      return exact;
    case '$endsWith':
    case '$endsWithi':
      return exact.slice(-Math.min(exact.length, 14));
    default:
      return part;
  }
}

/** Wrap a condition on the end of a path: plainly, under $not, $or, $and, and $not inside the relation. */
type Shape = 'plain' | 'not' | 'or' | 'and' | 'nested-not';
const SHAPES: Shape[] = ['plain', 'not', 'or', 'and', 'nested-not'];

function filterAt(
  path: Step[],
  field: string,
  condition: Record<string, unknown>,
  shape: Shape,
  graphql: boolean,
): Record<string, unknown> {
  const key = (name: string) => (graphql ? name.replace(/^\$/, '') : name);
  const rename = (value: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(value).map(([op, v]) => [key(op), v]));
  let inner: Record<string, unknown> = { [field]: rename(condition) };
  if (shape === 'nested-not') inner = { [key('$not')]: inner };
  for (const step of [...path].reverse()) inner = { [step.field]: inner };
  if (shape === 'not') return { [key('$not')]: inner };
  if (shape === 'or') return { [key('$or')]: [inner, { documentId: { [key('$eq')]: 'no-such-document' } }] };
  if (shape === 'and') return { [key('$and')]: [inner, { [key('$or')]: [inner] }] };
  return inner;
}

/** Strapi's bracket query syntax. */
function qs(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((entry, index) => qs(entry, `${prefix}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => qs(inner, prefix ? `${prefix}[${key}]` : key));
  }
  return [`${prefix}=${encodeURIComponent(String(value))}`];
}

type Probe = { label: string; run: () => Promise<unknown> };
const probes: Probe[] = [];
const restPath = (uid: string) => `/api/${model(uid).info.pluralName}`;

/** The part of an answer that must not change: status, error, ids at every depth, totals, order. */
function projection(response: request.Response): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([key]) => !['createdAt', 'updatedAt', 'publishedAt'].includes(key))
          .map(([key, inner]) => [key, strip(inner)]),
      );
    }
    return value;
  };
  return { status: response.status, body: strip(response.body) };
}

const answers: Array<{ label: string; text: string }> = [];

function rest(url: string) {
  return async () => {
    const response = await request(cms.server).get(url).set('Cache-Control', 'no-cache');
    answers.push({ label: url, text: JSON.stringify(response.body?.data ?? null) });
    return projection(response);
  };
}

function graphql(query: string, variables: Record<string, unknown>) {
  return async () => {
    const response = await request(cms.server).post('/graphql').send({ query, variables });
    // a probe refused for its cost would prove nothing
    if (JSON.stringify(response.body?.errors ?? []).includes('too costly'))
      throw new Error(`probe refused for its cost: ${query}`);
    answers.push({ label: query, text: JSON.stringify(response.body?.data ?? null) });
    return projection(response);
  };
}

const graphqlList = (uid: string) => {
  const plural = model(uid).info.pluralName.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  return { query: plural, connection: `${plural}_connection`, filters: `${model(uid).globalId}FiltersInput` };
};

/** A few operators and shapes that between them ask "is there one", "is there one like this" and "is there one not like this". */
const SAMPLES: Array<[Operator, Shape]> = [
  ['$startsWith', 'plain'],
  ['$notNull', 'plain'],
  ['$eq', 'not'],
  ['$null', 'nested-not'],
];

function filterProbes(
  root: string,
  path: Path,
  field: string,
  matrix: Array<[Operator, Shape]>,
  graphqlToo: boolean,
): void {
  const end = path.steps.at(-1)?.uid ?? root;
  const name = [...path.steps.map((step) => step.field), field].join('.');
  const list = graphqlList(root);
  for (const [operator, shape] of matrix) {
    const condition = { [operator]: operand(end, field, operator) };
    const label = `${root} ${shape} ${name} ${operator}`;
    probes.push({
      label: `REST ${label}`,
      run: rest(
        `${restPath(root)}?${qs({ filters: filterAt(path.steps, field, condition, shape, false), pagination: { pageSize: 100 } }).join('&')}`,
      ),
    });
    if (!graphqlToo) continue;
    probes.push({
      label: `GraphQL ${label}`,
      run: graphql(
        `query($f: ${list.filters}) { a: ${list.query}(filters: $f, pagination: { limit: 100 }) { documentId } b: ${list.connection}(filters: $f) { pageInfo { total } } }`,
        { f: filterAt(path.steps, field, condition, shape, true) },
      ),
    });
  }
}

/**
 * Every probe of the suite, generated from the model: every operator and shape on the paths one step into a
 * hidden-capable type (and on its own fields); a sample of operators and shapes on the longer paths; sorts on all.
 */
function buildProbes(): void {
  const everything: Array<[Operator, Shape]> = [
    ...OPERATORS.map((operator): [Operator, Shape] => [operator, 'plain']),
    ...(['$eq', '$startsWith', '$null', '$notNull', '$in', '$ne'] as Operator[]).flatMap((operator) =>
      SHAPES.filter((shape) => shape !== 'plain').map((shape): [Operator, Shape] => [operator, shape]),
    ),
  ];
  for (const root of world.publicTypes) {
    const base = restPath(root);
    const list = graphqlList(root);
    if (world.hiddenCapable.has(root))
      for (const field of probeFields(root)) filterProbes(root, { root, steps: [] }, field, everything, true);
    for (const path of hiddenPaths(root)) {
      const end = path.steps.at(-1)!.uid;
      const short = path.steps.length === 1;
      for (const field of probeFields(end)) {
        filterProbes(root, path, field, short ? everything : SAMPLES, true);
        const name = `${path.steps.map((step) => step.field).join('.')}.${field}`;
        probes.push({
          label: `REST ${root} sort ${name}:asc`,
          run: rest(`${base}?sort=${encodeURIComponent(`${name}:asc`)}&pagination[pageSize]=100`),
        });
        probes.push({
          label: `REST ${root} sort ${name}:desc`,
          run: rest(`${base}?sort=${encodeURIComponent(`${name}:desc`)}&pagination[pageSize]=100`),
        });
        probes.push({
          label: `GraphQL ${root} sort ${name}:asc`,
          run: graphql(
            `query($s: [String]) { a: ${list.query}(sort: $s, pagination: { limit: 100 }) { documentId } }`,
            { s: [`${name}:asc`] },
          ),
        });
      }
    }
    // one level down: inside a REST populate and as a GraphQL association argument
    for (const [field, attribute] of relationFields(root, true)) {
      const target = attribute.target!;
      const targetList = graphqlList(target);
      const nested: Path[] = [
        ...(world.hiddenCapable.has(target) ? [{ root: target, steps: [] }] : []),
        ...hiddenPaths(target, 1),
      ];
      for (const path of nested) {
        const end = path.steps.at(-1)?.uid ?? target;
        const name = path.steps.map((step) => `${step.field}.`).join('');
        for (const probeField of probeFields(end)) {
          for (const [operator, shape] of SAMPLES) {
            const condition = { [operator]: operand(end, probeField, operator) };
            const label = `${root}.${field} ${shape} ${name}${probeField} ${operator}`;
            const filters = filterAt(path.steps, probeField, condition, shape, false);
            probes.push({
              label: `REST populate ${label}`,
              run: rest(
                `${base}?${qs({ populate: { [field]: { filters } }, pagination: { pageSize: 100 } }).join('&')}`,
              ),
            });
            if (!isToMany(attribute)) continue;
            probes.push({
              label: `GraphQL association ${label}`,
              run: graphql(
                `query($f: ${targetList.filters}) { a: ${list.query}(pagination: { limit: 100 }) { documentId ${field}(filters: $f, pagination: { limit: 20 }) { documentId } } }`,
                { f: filterAt(path.steps, probeField, condition, shape, true) },
              ),
            });
          }
          if (path.steps.length > 0) {
            const sort = `${name}${probeField}:asc`;
            probes.push({
              label: `REST populate ${root}.${field} sort ${sort}`,
              run: rest(`${base}?${qs({ populate: { [field]: { sort } } }).join('&')}`),
            });
            if (isToMany(attribute)) {
              probes.push({
                label: `GraphQL association ${root}.${field} sort ${sort}`,
                run: graphql(
                  `query($s: [String]) { a: ${list.query}(pagination: { limit: 100 }) { documentId ${field}(sort: $s) { documentId } } }`,
                  { s: [sort] },
                ),
              });
            }
          }
        }
      }
      // plain populate and association selection: hidden documents never show
      probes.push({
        label: `REST populate ${root}.${field}`,
        run: rest(`${base}?populate[${field}]=true&pagination[pageSize]=100`),
      });
      const selection = isToMany(attribute)
        ? `${field}(pagination: { limit: 20 }) { documentId } ${field}_connection { pageInfo { total } }`
        : `${field} { documentId }`;
      probes.push({
        label: `GraphQL association ${root}.${field}`,
        run: graphql(`{ a: ${list.query}(pagination: { limit: 100 }) { documentId ${selection} } }`, {}),
      });
      for (const [inner] of relationFields(target, true)) {
        probes.push({
          label: `REST populate ${root}.${field}.${inner}`,
          run: rest(`${base}?populate[${field}][populate][${inner}]=true`),
        });
      }
    }
    probes.push({ label: `REST populate ${root} *`, run: rest(`${base}?populate=*&pagination[pageSize]=100`) });
  }
}

// ---------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  cms = await startTestCms();
  world.publicTypes = publicTypes();
  for (const uid of world.publicTypes) {
    const variants = hiddenVariants(uid);
    if (variants.length > 0) world.hiddenCapable.set(uid, variants);
  }
  await seedVisible();
}, 180_000);

afterAll(async () => {
  await cms?.stop();
});

describe('the content model the suite walks', () => {
  it('finds public types, hidden-capable types and hidden paths', () => {
    expect(world.publicTypes).toEqual(
      expect.arrayContaining(['api::video.video', 'api::playlist.playlist', 'api::creator.creator']),
    );
    expect([...world.hiddenCapable.keys()]).toEqual(
      expect.arrayContaining(['api::video.video', 'api::playlist.playlist']),
    );
    expect(world.hiddenCapable.get('api::video.video')!.map((variant) => variant.name)).toEqual(
      expect.arrayContaining([
        'visibility-private',
        'visibility-unlisted',
        'moderationState-pending',
        'moderationState-removed',
        'draft',
      ]),
    );
    expect(world.hiddenCapable.get('api::playlist.playlist')!.map((variant) => variant.name)).toEqual(
      expect.arrayContaining(['visibility-private', 'draft']),
    );
    for (const root of world.publicTypes) expect(hiddenPaths(root).length).toBeGreaterThan(0);
  });

  it('links the visible documents through every relation, both sides, so the probes have something to find', async () => {
    for (const uid of world.publicTypes) {
      for (const [field, attribute] of relationFields(uid, true)) {
        const documentId = world.visible.get(uid)!.A;
        const response = await request(cms.server)
          .get(`${restPath(uid)}/${documentId}?populate[${field}]=true`)
          .set('Cache-Control', 'no-cache')
          .expect(200);
        const linked = response.body.data[field];
        const ids = (Array.isArray(linked) ? linked : [linked])
          .filter(Boolean)
          .map((entry: { documentId: string }) => entry.documentId);
        expect(`${uid}.${field}: ${ids.join(',')}`).toBe(`${uid}.${field}: ${world.visible.get(attribute.target!)!.A}`);
      }
    }
  });
});

describe('hidden documents change no public answer', () => {
  it('answers every probe exactly the same before and after hidden documents are added', async () => {
    buildProbes();
    const started = Date.now();
    const before: unknown[] = [];
    for (const probe of probes) before.push(await probe.run());
    process.stdout.write(`[public-reads] ${probes.length} probes asked in ${Date.now() - started} ms\n`);

    answers.length = 0;
    await seedHidden();
    expect(world.hidden.length).toBeGreaterThan(0);
    const changed: string[] = [];
    for (const [index, probe] of probes.entries()) {
      const after = await probe.run();
      if (JSON.stringify(after) !== JSON.stringify(before[index])) {
        changed.push(
          `${probe.label}\n    before: ${JSON.stringify(before[index]).slice(0, 300)}\n    after:  ${JSON.stringify(after).slice(0, 300)}`,
        );
      }
    }
    process.stdout.write(
      `[public-reads] ${probes.length} probes, ${changed.length} changed by hidden documents\n${changed.map((entry) => entry.split('\n')[0]).join('\n')}\n`,
    );
    expect(changed.slice(0, 25).join('\n')).toBe('');
    // a probe the server fails on proves nothing: every answer is an answer or a clear refusal
    const failed = probes
      .filter((_, index) => (before[index] as { status: number }).status >= 500)
      .map((probe) => probe.label);
    expect(failed.slice(0, 10)).toEqual([]);
    expect(changed.length).toBe(0);
    // and no hidden document's text shows anywhere
    const leaks = answers.filter((answer) => answer.text.includes(HIDDEN)).map((answer) => answer.label);
    expect(leaks.slice(0, 10)).toEqual([]);
  }, 600_000);

  it('gives the same refusal to a relation filter whether or not anything hidden matches', async () => {
    const response = await request(cms.server)
      .get('/api/creators?filters[videos][slug][$startsWith]=0')
      .set('Cache-Control', 'no-cache');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/does not filter through a relation to videos/);
  });
});

describe('private fields', () => {
  const privateFields = () =>
    world.publicTypes.flatMap((uid) =>
      Object.entries(model(uid).attributes)
        .filter(([, attribute]) => attribute.private)
        .map(([field, attribute]) => ({ uid, field, attribute })),
    );

  it('covers the pipeline and moderation fields', () => {
    const names = privateFields().map(({ uid, field }) => `${uid}.${field}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'api::video.video.failureReason',
        'api::video.video.moderationNote',
        'api::creator.creator.contactEmail',
      ]),
    );
  });

  it('refuses a filter on any private field, REST and GraphQL', async () => {
    for (const { uid, field, attribute } of privateFields()) {
      const condition =
        attribute.type === 'relation' || attribute.type === 'media' ? { id: { $notNull: true } } : { $notNull: true };
      const response = await request(cms.server).get(
        `${restPath(uid)}?${qs({ filters: { [field]: condition } }).join('&')}`,
      );
      expect(`${uid}.${field} ${response.status}`).toBe(`${uid}.${field} 400`);
      const list = graphqlList(uid);
      const gql = await request(cms.server)
        .post('/graphql')
        .send({
          query: `query($f: ${list.filters}) { ${list.query}(filters: $f) { documentId } }`,
          variables: { f: { [field]: { notNull: true } } },
        });
      expect(`${uid}.${field} ${JSON.stringify(gql.body.errors ?? null).slice(0, 80)}`).toMatch(
        /not defined|Invalid|invalid value/,
      );
      expect(gql.body.data?.[list.query] ?? null).toBeNull();
    }
  });

  it('never shows a private value, whatever fields or populate are asked for', async () => {
    for (const uid of world.publicTypes) {
      const fields = privateFields()
        .filter((entry) => entry.uid === uid)
        .map((entry) => entry.field);
      for (const url of [`${restPath(uid)}?populate=*`, `${restPath(uid)}?${qs({ fields }).join('&')}`]) {
        const response = await request(cms.server).get(url).set('Cache-Control', 'no-cache');
        expect(JSON.stringify(response.body)).not.toContain(PRIVATE_MARKER);
      }
      for (const field of fields) {
        const list = graphqlList(uid);
        const response = await request(cms.server)
          .post('/graphql')
          .send({ query: `{ ${list.query} { ${field} } }` });
        expect(JSON.stringify(response.body.data ?? null)).not.toContain(PRIVATE_MARKER);
      }
    }
    expect(answers.some((answer) => answer.text.includes(PRIVATE_MARKER))).toBe(false);
  });
});
