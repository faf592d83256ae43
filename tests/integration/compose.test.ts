// Checks docker-compose.yml against the production shape in ARCHITECTURE.md, and that .env.example documents
// every variable the compose file interpolates or passes to the apps. No Docker engine is needed: it reads files only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

const repoRoot = path.resolve(__dirname, '..', '..');
const composePath = path.join(repoRoot, 'docker-compose.yml');
const envExamplePath = path.join(repoRoot, '.env.example');

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One `${NAME...}` or `$NAME` reference in a compose value. */
interface Reference {
  name: string;
  /** `:-`, `-`, `:?`, `?`, `:+`, `+`, or '' for a plain reference */
  operator: string;
  /** the default, error message or alternate value after the operator */
  argument: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Index of the `}` that closes the `${` starting at `open`. Only a nested `${` raises the depth, as in compose. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') {
      i++;
    } else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Variable references in one string, using compose's interpolation rules (`$$` is a literal `$`). */
function interpolationReferences(text: string): Reference[] {
  const found: Reference[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    const next = text[i + 1];
    if (next === '$') {
      i++;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(text, i);
      if (close < 0) throw new Error(`Unterminated "\${" in compose value: ${text}`);
      const body = text.slice(i + 2, close);
      const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
      if (!match) throw new Error(`Invalid interpolation "\${${body}}" in compose value: ${text}`);
      const [, name, operator = '', argument = ''] = match;
      found.push({ name, operator, argument });
      found.push(...interpolationReferences(argument)); // nested, e.g. ${A:-${B}}
      i = close;
      continue;
    }
    const bare = NAME.exec(text.slice(i + 1));
    if (bare) {
      found.push({ name: bare[0], operator: '', argument: '' });
      i += bare[0].length;
    }
  }
  return found;
}

/** Every string value in the document (keys are not interpolated by compose), with its path. */
function stringValues(node: unknown, at: string, out: Array<{ at: string; text: string }> = []) {
  if (typeof node === 'string') out.push({ at, text: node });
  else if (Array.isArray(node)) node.forEach((item, index) => stringValues(item, `${at}[${index}]`, out));
  else if (isMapping(node))
    for (const [key, value] of Object.entries(node)) stringValues(value, at ? `${at}.${key}` : key, out);
  return out;
}

/** `environment:` as a map, whether written as a mapping or as a list of `KEY=value` / `KEY`. */
function environmentOf(service: Mapping): Map<string, string | undefined> {
  const env = service.environment;
  const result = new Map<string, string | undefined>();
  if (Array.isArray(env)) {
    for (const entry of env) {
      const [key, ...rest] = String(entry).split('=');
      result.set(key, rest.length ? rest.join('=') : undefined);
    }
  } else if (isMapping(env)) {
    for (const [key, value] of Object.entries(env))
      result.set(key, value === null || value === undefined ? undefined : String(value));
  }
  return result;
}

/** Names documented in .env.example: a line `NAME=` or a commented example `# NAME=`. */
function documentedVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:#\s*)?([A-Za-z_][A-Za-z0-9_]*)=/.exec(line);
    if (match) names.add(match[1]);
  }
  return names;
}

function failIfAny(problems: string[], heading: string): void {
  if (problems.length > 0) throw new Error(`${heading}:\n  - ${problems.join('\n  - ')}`);
}

function loadCompose(): Mapping {
  const doc = parseDocument(readFileSync(composePath, 'utf8'), { merge: true, prettyErrors: true });
  failIfAny(
    doc.errors.map((e) => e.message),
    'docker-compose.yml is not valid YAML',
  );
  const compose: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (!isMapping(compose)) throw new Error('docker-compose.yml must be a mapping at the top level');
  return compose;
}

function servicesOf(compose: Mapping): Record<string, Mapping> {
  const services = compose.services;
  if (!isMapping(services)) throw new Error('docker-compose.yml has no services mapping');
  const result: Record<string, Mapping> = {};
  for (const [name, service] of Object.entries(services)) {
    if (!isMapping(service)) throw new Error(`service ${name} is not a mapping`);
    result[name] = service;
  }
  return result;
}

/** depends_on in its long form: dependency -> condition. */
function dependenciesOf(service: Mapping): Map<string, string | undefined> {
  const deps = service.depends_on;
  const result = new Map<string, string | undefined>();
  if (Array.isArray(deps)) for (const name of deps) result.set(String(name), undefined);
  else if (isMapping(deps)) {
    for (const [name, spec] of Object.entries(deps))
      result.set(name, isMapping(spec) ? String(spec.condition) : undefined);
  }
  return result;
}

/** The healthcheck command as one string, or '' when there is none (or it is disabled). */
function healthcheckCommand(service: Mapping): string {
  const check = service.healthcheck;
  if (!isMapping(check) || check.disable === true) return '';
  const test = check.test;
  const command = Array.isArray(test) ? test.map(String).join(' ') : typeof test === 'string' ? test : '';
  return command.trim() === 'NONE' ? '' : command;
}

const compose = loadCompose();
const services = servicesOf(compose);
const serviceNames = Object.keys(services);
/** One-shot services (e.g. bucket creation): something waits for them with service_completed_successfully. */
const oneShot = new Set(
  Object.values(services).flatMap((service) =>
    [...dependenciesOf(service)]
      .filter(([, condition]) => condition === 'service_completed_successfully')
      .map(([name]) => name),
  ),
);
const s3Store = serviceNames.find(
  (name) => !oneShot.has(name) && /minio|seaweed|garage|s3/i.test(`${name} ${String(services[name].image ?? '')}`),
);
const documented = documentedVariables(readFileSync(envExamplePath, 'utf8'));

describe('interpolation reference parser', () => {
  const names = (text: string) => interpolationReferences(text).map((r) => r.name);

  it.each([
    ['${A}', ['A']],
    ['${B:-fallback}', ['B']],
    ['${C-fallback}', ['C']],
    ['${D:?set D please}', ['D']],
    ['${E?set E}', ['E']],
    ['${F:+alt}', ['F']],
    ['$G and $H_2/x', ['G', 'H_2']],
    ['$$NOT_A_VAR $${ALSO_NOT}', []],
    ['$$${I} and $$$${NOT_ME}', ['I']],
    ['http://${HOST_J:-localhost}:${PORT_K:-${DEFAULT_L}}/x', ['HOST_J', 'PORT_K', 'DEFAULT_L']],
    ['pg_isready -U "$$POSTGRES_USER"', []],
    ['no variables, $ alone, 5$', []],
  ])('%s -> %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it('keeps the operator and argument', () => {
    expect(interpolationReferences('${APP_KEYS:?set APP_KEYS}')).toEqual([
      { name: 'APP_KEYS', operator: ':?', argument: 'set APP_KEYS' },
    ]);
  });

  it('rejects malformed interpolation', () => {
    expect(() => interpolationReferences('${UNTERMINATED')).toThrow(/Unterminated/);
    expect(() => interpolationReferences('${1BAD}')).toThrow(/Invalid interpolation/);
  });
});

describe('docker-compose.yml', () => {
  it('has the production services', () => {
    const missing = ['postgres', 'redis', 'meilisearch', 'cms', 'worker', 'site'].filter((name) => !services[name]);
    if (!s3Store) missing.push('an S3-compatible store (e.g. minio)');
    failIfAny(missing, `docker-compose.yml lacks services (it has: ${serviceNames.join(', ')})`);
  });

  it('pins the expected images', () => {
    expect(services.postgres.image).toBe('postgres:16-alpine');
    expect(services.redis.image).toBe('redis:7-alpine');
    expect(String(services.meilisearch.image)).toMatch(/^getmeili\/meilisearch:v1(\.|$)/);
  });

  it('gives every long-running service a healthcheck', () => {
    const without = serviceNames.filter((name) => !oneShot.has(name) && healthcheckCommand(services[name]) === '');
    failIfAny(without, 'Services without a healthcheck');
  });

  it.each([
    ['postgres', /pg_isready/],
    ['redis', /redis-cli.*\bping\b/],
    ['meilisearch', /\/health\b/],
    ['cms', /\/api\/health\b/],
    ['site', /\/health\b/],
    ['worker', /\/health\b/],
  ])('%s healthcheck probes %s', (name, probe) => {
    expect(healthcheckCommand(services[name])).toMatch(probe);
  });

  it('the S3 store healthcheck probes /minio/health/live', () => {
    expect(s3Store).toBeDefined();
    expect(healthcheckCommand(services[s3Store ?? ''])).toMatch(/\/minio\/health\/live/);
  });

  it('orders start-up with health conditions', () => {
    const problems: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, condition] of dependenciesOf(service)) {
        const expected = oneShot.has(dependency) ? 'service_completed_successfully' : 'service_healthy';
        if (!services[dependency]) problems.push(`${name} depends on unknown service ${dependency}`);
        else if (condition !== expected)
          problems.push(`${name} -> ${dependency}: condition ${condition ?? '(none)'}, expected ${expected}`);
      }
    }
    failIfAny(problems, 'depends_on entries without the right condition');

    const needs: Record<string, string[]> = {
      cms: ['postgres', 'redis', 'meilisearch', s3Store ?? 's3 store'],
      worker: ['postgres', 'redis'],
      site: ['cms'],
    };
    const missing = Object.entries(needs).flatMap(([name, deps]) =>
      deps.filter((dep) => !dependenciesOf(services[name]).has(dep)).map((dep) => `${name} does not wait for ${dep}`),
    );
    failIfAny(missing, 'Missing start-up dependencies');
  });

  it('runs the CMS on 1337 and the site on 4321, with published ports from CMS_PORT/SITE_PORT', () => {
    expect(services.cms.ports).toEqual(['${CMS_PORT:-1337}:1337']);
    expect(services.site.ports).toEqual(['${SITE_PORT:-4321}:4321']);
    expect(environmentOf(services.cms).get('PORT')).toBe('1337');
    expect(environmentOf(services.site).get('PORT')).toBe('4321');
  });

  it('runs workers from the CMS image with `npm run worker`, scalable with deploy.replicas', () => {
    const { worker, cms } = services;
    expect(worker.image).toBe(cms.image);
    expect(worker.build).toEqual(cms.build);
    const command = Array.isArray(worker.command) ? worker.command.join(' ') : String(worker.command);
    expect(command).toBe('npm run worker');
    expect(isMapping(worker.deploy) && worker.deploy.replicas !== undefined).toBe(true);
    expect(worker.ports).toBeUndefined(); // replicas cannot share a published port
  });

  it('keeps the data of postgres, redis, meilisearch and the S3 store in named volumes', () => {
    const declared = isMapping(compose.volumes) ? Object.keys(compose.volumes) : [];
    const problems: string[] = [];
    for (const name of ['postgres', 'redis', 'meilisearch', s3Store ?? '']) {
      const mounts = Array.isArray(services[name]?.volumes) ? (services[name].volumes as unknown[]).map(String) : [];
      const named = mounts.map((m) => m.split(':')[0]).filter((source) => declared.includes(source));
      if (named.length === 0)
        problems.push(`${name} mounts no declared named volume (has: ${mounts.join(', ') || 'none'})`);
    }
    failIfAny(problems, 'Services whose data would be lost with the container');
  });

  it('hard-codes no secrets: secret-looking settings come from variables, with no default value', () => {
    const secretKey = /(SECRET|PASSWORD|_KEY|_KEYS|KEY_ID|SALT|TOKEN)$/;
    // ${VAR:?msg} / ${VAR?msg} for required secrets, ${VAR} / ${VAR:-} for optional ones
    const fromVariable = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*|:?-)?\}$/;
    const problems: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of environmentOf(service)) {
        if (secretKey.test(key) && !fromVariable.test(value ?? '')) {
          problems.push(`services.${name}.environment.${key} = ${JSON.stringify(value)} (use \${${key}:?message})`);
        }
      }
    }
    failIfAny(problems, 'Secrets hard-coded or given a default (use ${VAR:?message}, or ${VAR:-} if optional)');
  });

  it('uses one default per variable', () => {
    const defaults = new Map<string, Map<string, string>>();
    for (const { at, text } of stringValues(compose, '')) {
      for (const ref of interpolationReferences(text)) {
        if (ref.operator !== ':-' && ref.operator !== '-') continue;
        const seen = defaults.get(ref.name) ?? new Map<string, string>();
        seen.set(ref.argument, at);
        defaults.set(ref.name, seen);
      }
    }
    const conflicting = [...defaults]
      .filter(([, seen]) => seen.size > 1)
      .map(
        ([name, seen]) =>
          `${name}: ${[...seen].map(([value, at]) => `${JSON.stringify(value)} at ${at}`).join(' vs ')}`,
      );
    failIfAny(conflicting, 'Variables with different defaults in different places');
  });
});

describe('.env.example documents what docker-compose.yml uses', () => {
  it('documents every interpolated ${VAR}', () => {
    const where = new Map<string, string[]>();
    for (const { at, text } of stringValues(compose, '')) {
      for (const { name } of interpolationReferences(text)) where.set(name, [...(where.get(name) ?? []), at]);
    }
    expect(where.size).toBeGreaterThan(0);
    const undocumented = [...where]
      .filter(([name]) => !documented.has(name))
      .map(([name, places]) => `${name} (used at ${[...new Set(places)].join(', ')})`);
    failIfAny(
      undocumented,
      'Variables interpolated in docker-compose.yml but not documented in .env.example (add `NAME=` or `# NAME=` with a comment)',
    );
  });

  it.each(['cms', 'worker', 'site'])('documents every environment key passed to %s', (name) => {
    const keys = [...environmentOf(services[name]).keys()];
    expect(keys.length).toBeGreaterThan(0);
    const undocumented = keys.filter((key) => !documented.has(key));
    failIfAny(undocumented, `Environment keys of services.${name} not documented in .env.example`);
  });
});
