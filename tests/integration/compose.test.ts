// Checks docker-compose.yml against the production shape in ARCHITECTURE.md, that .env.example documents every
// variable the compose file interpolates or passes to the apps, and the monitoring it ships (deploy/prometheus,
// deploy/grafana): scrape targets, alert rules and dashboard queries against the metrics the code exports. No Docker
// engine is needed: it reads files only (and runs promtool on them when it is installed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { Registry, collectDefaultMetrics } from 'prom-client';
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

  it("builds the CMS image with pg_dump of the compose PostgreSQL's major (backups dump the database from the CMS)", () => {
    const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
    const major = /^postgres:(\d+)/.exec(String(services.postgres.image))?.[1];
    expect(major).toBeDefined();
    expect(dockerfile).toMatch(new RegExp(`^ARG PG_MAJOR=${major}$`, 'm'));
    const cmsStage = dockerfile.slice(dockerfile.indexOf('FROM base AS cms'), dockerfile.indexOf('FROM cms AS worker'));
    expect(cmsStage).toMatch(/^ARG PG_MAJOR$/m);
    expect(cmsStage).toContain('"postgresql-client-${PG_MAJOR}"');
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

// ---- monitoring: Prometheus and Grafana (deploy/prometheus, deploy/grafana) --------------------------------------

/** A metric the code exports, read from the code itself: name, kind and label names. */
interface ExportedMetric {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary';
  labels: string[];
  where: string;
}

const SOURCE_ROOTS = ['cms/src', 'cms/config', 'plugins', 'site/src', 'contracts/src'];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', '__tests__', 'admin'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/**
 * Every metric the CMS, the workers and the site define with prom-client (`new Counter|Gauge|Histogram|Summary({ name:
 * '...' })`), and prom-client's default metrics, read from a live registry, where the code collects them. A definition
 * whose name is not a literal fails: the check must see every name.
 */
function exportedMetrics(): Map<string, ExportedMetric> {
  const found = new Map<string, ExportedMetric>();
  let collectsDefaults = false;
  const files = SOURCE_ROOTS.flatMap((root) => sourceFiles(path.join(repoRoot, root)));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (!/from 'prom-client'/.test(text)) continue;
    if (/\bcollectDefaultMetrics\(/.test(text)) collectsDefaults = true;
    const definitions = [...text.matchAll(/new (Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\(/g)];
    definitions.forEach((definition, index) => {
      const body = text.slice(definition.index, definitions[index + 1]?.index ?? text.length);
      const where = `${path.relative(repoRoot, file)}:${text.slice(0, definition.index).split('\n').length}`;
      const name = /^[^]*?\bname:\s*(['"])([a-zA-Z_:][a-zA-Z0-9_:]*)\1/.exec(body)?.[2];
      if (!name) throw new Error(`${where}: a metric whose name is not a string literal (write name: '...')`);
      const labels = [...(/labelNames:\s*\[([^\]]*)\]/.exec(body)?.[1].matchAll(/['"]([^'"]+)['"]/g) ?? [])].map(
        (match) => match[1],
      );
      const type = definition[1].toLowerCase() as ExportedMetric['type'];
      const previous = found.get(name);
      if (previous && previous.type !== type)
        throw new Error(`${name} is a ${previous.type} in ${previous.where} and a ${type} in ${where}`);
      found.set(name, { name, type, labels: [...new Set([...(previous?.labels ?? []), ...labels])], where });
    });
  }
  if (collectsDefaults) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    for (const metric of registry.getMetricsAsArray() as unknown as Array<{
      name: string;
      type: ExportedMetric['type'];
      labelNames?: string[];
    }>)
      found.set(metric.name, {
        name: metric.name,
        type: metric.type,
        labels: metric.labelNames ?? [],
        where: 'prom-client collectDefaultMetrics',
      });
  }
  return found;
}

/** The series names Prometheus stores for each exported metric, with the labels each may carry. */
function exportedSeries(metrics: Map<string, ExportedMetric>): Map<string, Set<string>> {
  // every process labels its metrics with `service`; Prometheus adds the scrape's `job` and `instance`
  const common = ['service', 'job', 'instance'];
  const series = new Map<string, Set<string>>();
  for (const { name, type, labels } of metrics.values()) {
    const base = [...common, ...labels];
    if (type === 'histogram') {
      series.set(`${name}_bucket`, new Set([...base, 'le']));
      series.set(`${name}_sum`, new Set(base));
      series.set(`${name}_count`, new Set(base));
    } else if (type === 'summary') {
      series.set(name, new Set([...base, 'quantile']));
      series.set(`${name}_sum`, new Set(base));
      series.set(`${name}_count`, new Set(base));
    } else series.set(name, new Set(base));
  }
  // what Prometheus records of each scrape itself
  for (const name of ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_series_added'])
    series.set(name, new Set(['job', 'instance']));
  return series;
}

/** Grafana's built-in interval variables, as a duration PromQL accepts; any other `$variable` is refused. */
const grafanaExpression = (expr: string) => expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m');

/**
 * Problems with one PromQL expression: a syntax error (Prometheus's own grammar, @prometheus-io/lezer-promql), a
 * metric the code does not export, a label that metric does not carry. Returns the metric names it uses too.
 */
function checkPromql(
  expr: string,
  series: Map<string, Set<string>>,
  where: string,
): { problems: string[]; metrics: string[] } {
  const problems: string[] = [];
  const metrics: string[] = [];
  const grouping: string[] = [];
  if (/\$/.test(expr)) problems.push(`${where}: a variable the check cannot resolve: ${expr}`);
  const tree = promqlParser.parse(expr);
  const text = (node: { from: number; to: number }) => expr.slice(node.from, node.to);
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        problems.push(`${where}: PromQL syntax error at "${expr.slice(ref.from, ref.from + 30)}" in: ${expr}`);
        return;
      }
      if (ref.name === 'VectorSelector') {
        const identifier = ref.node.getChild('Identifier');
        if (!identifier) {
          problems.push(`${where}: a selector without a metric name (name metrics explicitly): ${text(ref)}`);
          return;
        }
        const name = text(identifier);
        metrics.push(name);
        const allowed = series.get(name);
        if (!allowed) problems.push(`${where}: ${name} is not a metric the code exports`);
        const matchers = ref.node.getChild('LabelMatchers');
        for (const label of matchers ? matchers.node.getChildren('UnquotedLabelMatcher') : [])
          for (const labelName of label.getChildren('LabelName')) {
            const key = text(labelName);
            if (key === '__name__') problems.push(`${where}: select metrics by name, not __name__: ${text(ref)}`);
            else if (allowed && !allowed.has(key)) problems.push(`${where}: ${name} has no label "${key}"`);
          }
      }
      if (ref.name === 'GroupingLabels')
        for (const labelName of ref.node.getChildren('LabelName')) grouping.push(text(labelName));
    },
  });
  const available = new Set(metrics.flatMap((name) => [...(series.get(name) ?? [])]));
  for (const label of grouping)
    if (!available.has(label)) problems.push(`${where}: no metric in the expression has the label "${label}"`);
  return { problems, metrics };
}

function loadYaml(file: string): unknown {
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  failIfAny(
    doc.errors.map((e) => e.message),
    `${path.relative(repoRoot, file)} is not valid YAML`,
  );
  return doc.toJS();
}

/** The host file behind a container path, through the service's bind mounts (`./host:/container[:ro]`). */
function hostPathOf(service: Mapping, containerPath: string): string | null {
  const mounts = Array.isArray(service.volumes) ? service.volumes.map(String) : [];
  for (const mount of mounts) {
    const [source, target] = mount.split(':');
    if (!source.startsWith('./') || !target) continue;
    if (containerPath === target || containerPath.startsWith(`${target}/`))
      return path.join(repoRoot, source, containerPath.slice(target.length));
  }
  return null;
}

/** The ports a compose service listens on inside the network: its PORT and *_HEALTH_PORT settings, its published ports. */
function listeningPorts(service: Mapping): Set<number> {
  const ports = new Set<number>();
  for (const [key, value] of environmentOf(service))
    if ((key === 'PORT' || key.endsWith('HEALTH_PORT')) && /^\d+$/.test(value ?? '')) ports.add(Number(value));
  for (const published of Array.isArray(service.ports) ? service.ports.map(String) : []) {
    const container = /:(\d+)(?:\/\w+)?$/.exec(published)?.[1];
    if (container) ports.add(Number(container));
  }
  return ports;
}

function promtoolPath(): string | null {
  if (process.env.PROMTOOL) return existsSync(process.env.PROMTOOL) ? process.env.PROMTOOL : null;
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

describe('monitoring: Prometheus and Grafana in docker-compose.yml', () => {
  const prometheus = services.prometheus ?? {};
  const grafana = services.grafana ?? {};
  const exported = exportedMetrics();
  const series = exportedSeries(exported);
  const commandOf = (service: Mapping) => (Array.isArray(service.command) ? service.command.map(String) : []);
  const configPath = () => {
    const flag = commandOf(prometheus).find((arg) => arg.startsWith('--config.file='));
    const file = flag ? hostPathOf(prometheus, flag.slice('--config.file='.length)) : null;
    if (!file || !existsSync(file))
      throw new Error(`Prometheus's --config.file is not a file mounted from the repository`);
    return file;
  };
  const config = () => loadYaml(configPath()) as Mapping;
  const ruleFiles = () => {
    const files = (config().rule_files as string[] | undefined) ?? [];
    return files.map((file) => {
      const host = hostPathOf(prometheus, file);
      if (!host || !existsSync(host)) throw new Error(`rule file ${file} is not mounted from the repository`);
      return host;
    });
  };
  type Rule = { alert?: string; record?: string; expr: string; for?: string; labels?: Mapping; annotations?: Mapping };
  const rules = () =>
    ruleFiles().flatMap((file) =>
      ((loadYaml(file) as { groups?: Array<{ name: string; rules: Rule[] }> }).groups ?? []).flatMap((group) =>
        group.rules.map((rule) => ({ ...rule, file: path.relative(repoRoot, file) })),
      ),
    );
  const grafanaFolder = (containerPath: string) => {
    const host = hostPathOf(grafana, containerPath);
    if (!host || !existsSync(host)) throw new Error(`Grafana's ${containerPath} is not mounted from the repository`);
    return host;
  };
  const provisioning = (kind: 'datasources' | 'dashboards') => {
    const folder = path.join(grafanaFolder('/etc/grafana/provisioning'), kind);
    return readdirSync(folder)
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => loadYaml(path.join(folder, name)) as Mapping);
  };
  const dashboards = () => {
    const providers = provisioning('dashboards').flatMap((file) => (file.providers as Mapping[] | undefined) ?? []);
    return providers.flatMap((provider) => {
      const folder = grafanaFolder(String((provider.options as Mapping).path));
      return readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .map((name) => ({ name, json: JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as Mapping }));
    });
  };
  type Panel = {
    title?: string;
    type?: string;
    panels?: Panel[];
    targets?: Array<{ expr?: string }>;
    datasource?: Mapping;
  };
  const panelsOf = (panels: Panel[] = []): Panel[] => panels.flatMap((panel) => [panel, ...panelsOf(panel.panels)]);
  const queries = () =>
    dashboards().flatMap(({ name, json }) =>
      panelsOf(json.panels as Panel[]).flatMap((panel) =>
        (panel.targets ?? [])
          .filter((target) => target.expr)
          .map((target) => ({ where: `${name}: "${panel.title}"`, expr: String(target.expr), panel })),
      ),
    );

  it('reads the exported metrics from the code: the three processes and prom-client’s defaults', () => {
    for (const name of [
      'http_request_duration_seconds', // the CMS's and the site's
      'framecast_queue_jobs',
      'framecast_transcode_realtime_factor',
      'framecast_search_duration_seconds',
      'framecast_cms_call_duration_seconds',
      'framecast_disk_free_bytes',
      'process_cpu_seconds_total',
    ])
      expect(exported.has(name)).toBe(true);
    expect(exported.get('framecast_queue_jobs')?.labels).toEqual(['state']);
    expect(series.has('framecast_queue_wait_seconds_bucket')).toBe(true);
    expect(series.has('framecast_queue_wait_seconds')).toBe(false);
  });

  it('runs Prometheus and Grafana from pinned images, with their configs mounted read-only from deploy/', () => {
    expect(String(prometheus.image)).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(String(grafana.image)).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    const mounts = (service: Mapping) => (Array.isArray(service.volumes) ? service.volumes.map(String) : []);
    for (const mount of [...mounts(prometheus), ...mounts(grafana)].filter((m) => m.startsWith('./')))
      expect(mount).toMatch(/^\.\/deploy\/[^:]+:[^:]+:ro$/);
    expect(configPath()).toBe(path.join(repoRoot, 'deploy', 'prometheus', 'prometheus.yml'));
    expect(dependenciesOf(grafana).get('prometheus')).toBe('service_healthy');
    // Prometheus has no login: published on the host's loopback only
    expect(prometheus.ports).toEqual(['127.0.0.1:${PROMETHEUS_PORT:-9090}:9090']);
    expect(environmentOf(grafana).get('GF_SECURITY_ADMIN_PASSWORD')).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?/);
  });

  it('hands Prometheus the METRICS_TOKEN the CMS, the workers and the site check, as a secret', () => {
    const secrets = isMapping(compose.secrets) ? compose.secrets : {};
    expect(secrets.metrics_token).toEqual({ environment: 'METRICS_TOKEN' });
    expect(prometheus.secrets).toEqual(['metrics_token']);
    for (const name of ['cms', 'worker', 'site'])
      expect(interpolationReferences(environmentOf(services[name]).get('METRICS_TOKEN') ?? '')[0]).toMatchObject({
        name: 'METRICS_TOKEN',
        operator: ':?',
      });
  });

  it('scrapes the CMS, every worker and the site, each at a compose service and the port it listens on, with the token', () => {
    const jobs = (config().scrape_configs as Mapping[] | undefined) ?? [];
    const problems: string[] = [];
    const scraped = new Set<string>();
    for (const job of jobs) {
      const name = String(job.job_name);
      const auth = job.authorization as Mapping | undefined;
      if (auth?.type !== 'Bearer' || auth.credentials_file !== '/run/secrets/metrics_token')
        problems.push(
          `${name}: not scraped with the metrics token (authorization: Bearer, /run/secrets/metrics_token)`,
        );
      if ((job.metrics_path ?? '/metrics') !== '/metrics') problems.push(`${name}: metrics_path is not /metrics`);
      const targets = [
        ...((job.static_configs as Mapping[] | undefined) ?? []).flatMap((c) =>
          ((c.targets as string[]) ?? []).map((t) => String(t)),
        ),
        ...((job.dns_sd_configs as Mapping[] | undefined) ?? []).flatMap((c) =>
          ((c.names as string[]) ?? []).map((host) => `${host}:${String(c.port)}`),
        ),
      ];
      if (targets.length === 0) problems.push(`${name}: no targets`);
      for (const target of targets) {
        const [host, port] = target.split(':');
        const service = services[host];
        if (!service) problems.push(`${name}: target ${target} is not a compose service`);
        else if (!listeningPorts(service).has(Number(port)))
          problems.push(`${name}: ${host} does not listen on ${port} (it listens on ${[...listeningPorts(service)]})`);
        else scraped.add(host);
      }
    }
    failIfAny(problems, 'Scrape configs that miss their target');
    expect([...scraped].sort()).toEqual(['cms', 'site', 'worker']);
    // the workers scale out: every replica is found by name, not one fixed address
    expect(jobs.find((job) => job.job_name === 'worker')?.dns_sd_configs).toBeDefined();
  });

  it('every alert rule parses and names only metrics, and labels, the code exports', () => {
    const all = rules();
    expect(all.length).toBeGreaterThan(0);
    const problems = all.flatMap((rule) => {
      const where = `${rule.file} ${rule.alert ?? rule.record}`;
      const missing = [
        ...(!rule.alert && !rule.record ? [`${where}: neither alert nor record`] : []),
        ...(rule.alert && !rule.annotations?.summary ? [`${where}: no summary annotation`] : []),
      ];
      return [...missing, ...checkPromql(rule.expr, series, where).problems];
    });
    failIfAny(problems, 'Alert rules Prometheus could not evaluate against what the code exports');
  });

  it('alerts on a growing queue backlog, the error rate, a nearly full disk, a failed sign-in spike and a worker gone', () => {
    const usesOf = (rule: Rule) => checkPromql(rule.expr, series, String(rule.alert)).metrics;
    const alerting = rules().filter((rule) => rule.alert);
    const covers = (metric: string, pattern: RegExp = /./) =>
      alerting.some((rule) => usesOf(rule).includes(metric) && pattern.test(rule.expr));
    const missing = [
      [
        'queue backlog growing',
        covers('framecast_queue_jobs', /state="waiting"/) && covers('framecast_queue_jobs', /deriv|delta|increase/),
      ],
      ['error rate', covers('http_request_duration_seconds_count', /status=~"5\.\."/)],
      ['disk nearly full', covers('framecast_disk_free_bytes') && covers('framecast_disk_size_bytes')],
      ['failed sign-in spike', covers('framecast_sign_in_failures_total', /increase|rate/)],
      ['worker gone', covers('up', /job="worker"/)],
    ].filter(([, covered]) => !covered);
    failIfAny(
      missing.map(([what]) => String(what)),
      'Alerts the issue asks for that no rule raises',
    );
  });

  it('provisions a Prometheus datasource at the compose service and a dashboard provider reading the mounted folder', () => {
    const datasources = provisioning('datasources').flatMap((file) => {
      expect(file.apiVersion).toBe(1);
      return (file.datasources as Mapping[] | undefined) ?? [];
    });
    const source = datasources.find((d) => d.type === 'prometheus');
    expect(source).toBeDefined();
    const url = new URL(String(source?.url));
    expect(services[url.hostname]).toBe(prometheus);
    expect(listeningPorts(prometheus).has(Number(url.port))).toBe(true);
    // every panel and query asks this datasource
    const uids = new Set(queries().flatMap(({ panel }) => [String(panel.datasource?.uid ?? source?.uid)]));
    expect([...uids]).toEqual([source?.uid]);
    expect(dashboards().map(({ name }) => name)).toContain('framecast.json');
  });

  it('the dashboard is valid JSON whose every query parses and names only metrics, and labels, the code exports', () => {
    const all = queries();
    expect(all.length).toBeGreaterThan(0);
    const problems = all.flatMap(({ expr, where }) => checkPromql(grafanaExpression(expr), series, where).problems);
    failIfAny(problems, 'Dashboard queries Prometheus could not answer from what the code exports');
  });

  it('the dashboard shows requests, latency and errors per service, the queue, transcode speed, search, caches, sign-ins and the pool', () => {
    const used = new Set(
      queries().flatMap(({ expr, where }) => checkPromql(grafanaExpression(expr), series, where).metrics),
    );
    const expressions = queries().map(({ expr }) => expr);
    const shown = (metric: string, pattern: RegExp = /./) =>
      expressions.some((expr) => expr.includes(metric) && pattern.test(expr));
    const missing = [
      ['requests per service', shown('http_request_duration_seconds_count', /by \(job\)/)],
      ['latency per service', shown('http_request_duration_seconds_bucket', /histogram_quantile/)],
      ['errors per service', shown('http_request_duration_seconds_count', /status=~"5\.\."/)],
      ['queue depth', used.has('framecast_queue_jobs')],
      ['queue wait', used.has('framecast_queue_wait_seconds_bucket')],
      ['transcode realtime factor', used.has('framecast_transcode_realtime_factor_bucket')],
      ['search latency', used.has('framecast_search_duration_seconds_bucket')],
      ['cache hit ratio', shown('framecast_public_cache_requests_total', /result="hit"/)],
      ['sign-in failures', used.has('framecast_sign_in_failures_total')],
      ['database pool', used.has('framecast_db_pool_connections')],
    ].filter(([, covered]) => !covered);
    failIfAny(
      missing.map(([what]) => String(what)),
      'What the issue asks the dashboard to show and it does not',
    );
  });

  const promtool = promtoolPath();
  // promtool is in Debian's prometheus package (apt-get install prometheus), not on npm; without it this is skipped
  (promtool ? it : it.skip)(
    `promtool accepts the config and the rules, and the rules' unit tests pass${promtool ? '' : ' (promtool not installed)'}`,
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'framecast-promtool-'));
      try {
        // the config names container paths: point them at the repository's files and a token file
        const rewritten = config();
        rewritten.rule_files = ruleFiles();
        writeFileSync(path.join(dir, 'token'), 'a-metrics-token-for-promtool');
        for (const job of (rewritten.scrape_configs as Mapping[]) ?? [])
          if (isMapping(job.authorization)) job.authorization.credentials_file = path.join(dir, 'token');
        writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify(rewritten));
        const run = (...args: string[]) =>
          spawnSync(promtool ?? 'promtool', args, { encoding: 'utf8', timeout: 60_000 });
        const checks = [
          run('check', 'config', path.join(dir, 'prometheus.yml')),
          run('check', 'rules', ...ruleFiles()),
          run('test', 'rules', path.join(repoRoot, 'deploy', 'prometheus', 'alerts.test.yml')),
        ];
        failIfAny(
          checks.filter((check) => check.status !== 0).map((check) => `${check.stdout}${check.stderr}`),
          'promtool refused',
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('the rules’ unit tests feed only series the code exports', () => {
    const tests = loadYaml(path.join(repoRoot, 'deploy', 'prometheus', 'alerts.test.yml')) as {
      tests: Array<{ name: string; input_series: Array<{ series: string }> }>;
    };
    const problems = tests.tests.flatMap((test) =>
      test.input_series.flatMap(
        ({ series: selector }) => checkPromql(selector, series, `alerts.test.yml "${test.name}"`).problems,
      ),
    );
    failIfAny(problems, 'Rule tests on series the code does not export');
  });
});
