// `npm run diagnose [-- --only <check>[,<check>…]] [-- --json]`: runs the diagnostics plugin's checks (plugins/diagnostics
// server/src/checks) with the settings this command starts with (the environment over .env): one line per check (ok,
// warn, fail or skip, and the time it took), then the fix for each one that is not ok. Exits 1 when a check fails, 2 on
// a usage error. It boots a CMS of its own on the platform's database, storage, queue and search engine, with
// TRANSCODE_JOBS=off: safe beside a running CMS, whose work it never takes over.
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildAll } from '../lib/build.mjs';
import { loadEnv, root } from '../lib/env.mjs';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = [];
for (let index = 0; index < args.length; index++) {
  const arg = args[index];
  if (arg === '--json') continue;
  if (arg === '--only' && args[index + 1]) only.push(...args[++index].split(','));
  else if (arg.startsWith('--only=')) only.push(...arg.slice('--only='.length).split(','));
  else {
    process.stderr.write(
      `[diagnose] Unknown argument "${arg}". Usage: npm run diagnose -- [--only <check>] [--json]\n`,
    );
    process.exit(2);
  }
}

const log = (message) => process.stderr.write(`[diagnose] ${message}\n`);
// stdout carries the report alone (so `--json` parses): whatever else is printed while the CMS boots and the checks run
// (a log line, a dependency's notice) goes to stderr
const report = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);
const env = { ...loadEnv(), TRANSCODE_JOBS: 'off' };
Object.assign(process.env, env);
for (const name of ['ADMIN_JWT_SECRET', 'APP_KEYS']) {
  if (!env[name]) {
    log(`${name} is not set: run \`npm start\` once (it writes .env) or export the CMS settings.`);
    process.exit(2);
  }
}

buildAll(env, { log, stdout: 2 });
const cmsDir = path.join(root, 'cms');
const require = createRequire(path.join(cmsDir, 'package.json'));

// a name that is no check is a usage error, answered before the CMS boots
const { CHECKS, DATABASE_FIX } = require(
  path.join(root, 'plugins', 'diagnostics', 'dist', 'server', 'src', 'checks', 'index.js'),
);
const unknown = only.filter((name) => !CHECKS.some((check) => check.name === name));
if (unknown.length > 0) {
  log(`No such check: ${unknown.join(', ')}. The checks are: ${CHECKS.map((check) => check.name).join(', ')}.`);
  process.exit(2);
}

process.chdir(cmsDir);
const { compileStrapi, createStrapi } = require('@strapi/strapi');

const STATUS = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };

function print(run) {
  const width = Math.max(...run.results.map((result) => result.name.length));
  for (const result of run.results) {
    const seconds = `${(result.ms / 1000).toFixed(2)} s`.padStart(7);
    report(`  ${STATUS[result.status]}  ${result.name.padEnd(width)}  ${seconds}  ${result.detail}\n`);
  }
  const fixes = run.results.filter((result) => result.fix && result.status !== 'ok' && result.status !== 'skip');
  if (fixes.length > 0) {
    report('\nTo fix:\n');
    for (const result of fixes) report(`  ${result.name}: ${result.fix}\n`);
  }
  const count = (status) => run.results.filter((result) => result.status === status).length;
  const skipped = run.results.filter((result) => result.status === 'skip');
  report(
    `\n${count('ok')} ok, ${count('warn')} warning${count('warn') === 1 ? '' : 's'}, ${count('fail')} failed` +
      `${skipped.length ? `, ${skipped.length} skipped (${skipped.map((result) => result.name).join(', ')})` : ''}` +
      ` in ${(run.ms / 1000).toFixed(1)} s\n`,
  );
}

/**
 * The CMS did not boot. When its database does not answer, that is the reason: try the configured connection on its
 * own (one `select 1`, 10 s at most) and say so as the database check would, with its fix. Null when the database
 * answers (or is SQLite, whose own error says it all) and the boot failed for another reason.
 */
async function databaseFailure(bootError) {
  const started = Date.now();
  const connection = strapi?.config?.get('database.connection');
  const client = String(connection?.client ?? '');
  let error = null;
  if (client === 'sqlite' || client === 'better-sqlite3') {
    if (String(bootError?.code ?? '').startsWith('SQLITE_')) error = bootError;
  } else if (connection) {
    const knex = require('knex')({ ...connection, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 10_000 });
    try {
      await knex.raw('select 1');
    } catch (caught) {
      error = caught;
    } finally {
      await knex.destroy().catch(() => undefined);
    }
  }
  if (!error) return null;
  const detail = `${client}: ${String(error.message ?? error)
    .split('\n')[0]
    .slice(0, 300)}`;
  const ms = Date.now() - started;
  return {
    status: 'fail',
    ms,
    results: [
      { name: 'database', status: 'fail', detail, fix: DATABASE_FIX, ms },
      ...CHECKS.filter((check) => check.name !== 'database' && (only.length === 0 || only.includes(check.name))).map(
        (check) => ({
          name: check.name,
          status: 'skip',
          detail: 'not run: the CMS cannot boot without its database',
          ms: 0,
        }),
      ),
    ].filter((result) => only.length === 0 || only.includes(result.name)),
  };
}

let strapi;
let status;
try {
  const app = await compileStrapi({ appDir: cmsDir });
  strapi = createStrapi({ appDir: app.appDir, distDir: app.distDir, autoReload: false, serveAdminPanel: false });
  strapi.log.level = 'error';
  log(`Booting the CMS with this command's settings (NODE_ENV=${env.NODE_ENV ?? 'development'})…`);
  await strapi.load();
  // the checks that go the way the site and a player do (viewer, playback) ask this CMS over HTTP: its routes are
  // mounted as listening would, and served on a loopback port of their own while they run (it listens on none)
  strapi.server.mount();
  const run = await strapi
    .plugin('diagnostics')
    .service('diagnose')
    .run({ only: only.length ? only : undefined, by: 'npm run diagnose' });
  if (json) report(`${JSON.stringify(run, null, 2)}\n`);
  else print(run);
  status = run.status === 'fail' ? 1 : 0;
} catch (error) {
  // an unknown check name is a usage error; anything else stopped the CMS from booting, which is a failure
  const usage = error?.name === 'ValidationError';
  const failed = usage ? null : await databaseFailure(error);
  if (failed && json) report(`${JSON.stringify(failed, null, 2)}\n`);
  else if (failed) print(failed);
  else log(error instanceof Error ? error.message : String(error));
  status = usage ? 2 : 1;
} finally {
  await strapi?.destroy().catch(() => undefined);
}
process.exit(status);
