// `npm run reindex`: rebuilds the search index from the database, with a progress bar. Idempotent, and safe
// while the site serves: the new index is swapped in only when complete.
// - A CMS is running (CMS_URL, else http://127.0.0.1:$PORT): it rebuilds its own index (embedded or
//   Meilisearch), asked through POST /discovery/reindex with a token signed with ADMIN_JWT_SECRET.
// - None is: Strapi boots in this process and rebuilds. With Meilisearch that is the real index; the embedded
//   index lives inside the CMS and is rebuilt at every boot, so this run only checks that every video indexes.
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildAll } from '../lib/build.mjs';
import { loadEnv, root } from '../lib/env.mjs';

const log = (message) => process.stderr.write(`[reindex] ${message}\n`);
const env = loadEnv();
Object.assign(process.env, env);
if (!env.ADMIN_JWT_SECRET) {
  log('ADMIN_JWT_SECRET is not set: run `npm start` once (it writes .env) or export the CMS settings.');
  process.exit(2);
}
buildAll(env, { log, only: ['contracts', 'plugins/discovery'] });
const require = createRequire(import.meta.url);
const { signReindexToken } = require(path.join(root, 'plugins/discovery/dist/server/src/utils/reindex-token.js'));

function progressBar(done, total) {
  const width = 30;
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total}`;
}

let lastPrinted = -1;
function showProgress(done, total) {
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${progressBar(done, total)}`);
    return;
  }
  // not a terminal (CI logs): a line every 10 %
  const step = total > 0 ? Math.floor((done / total) * 10) : 10;
  if (step !== lastPrinted) {
    lastPrinted = step;
    process.stderr.write(`${progressBar(done, total)}\n`);
  }
}

function finish(report, where) {
  if (process.stderr.isTTY) process.stderr.write('\n');
  log(
    `${report.indexed} of ${report.total} videos indexed by the ${report.engine} engine in ${report.seconds.toFixed(2)} s (${where})`,
  );
}

const cmsUrl = (env.CMS_URL || `http://127.0.0.1:${env.PORT || 1337}`).replace(/\/$/, '');

async function viaRunningCms() {
  let response;
  try {
    response = await fetch(`${cmsUrl}/discovery/reindex`, {
      method: 'POST',
      headers: { authorization: `Bearer ${signReindexToken(env.ADMIN_JWT_SECRET)}` },
    });
  } catch {
    return false; // nothing listens there
  }
  if (response.status === 403 || response.status === 401) {
    log(`The CMS at ${cmsUrl} refused the reindex token: is it running with this .env's ADMIN_JWT_SECRET?`);
    process.exit(1);
  }
  if (!response.ok || !response.body) {
    log(`The CMS at ${cmsUrl} answered ${response.status}: ${await response.text()}`);
    process.exit(1);
  }
  log(`Rebuilding the index of the CMS running at ${cmsUrl}…`);
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const message = JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      if (message.error) {
        log(`Failed: ${message.error}`);
        process.exit(1);
      }
      if (message.report) finish(message.report, `in the CMS at ${cmsUrl}`);
      else showProgress(message.done, message.total);
    }
  }
  return true;
}

async function inThisProcess() {
  buildAll(env, { log, only: ['contracts', 'plugins/transcoding', 'plugins/diagnostics', 'plugins/discovery'] });
  const cmsDir = path.join(root, 'cms');
  process.chdir(cmsDir);
  const { compileStrapi, createStrapi } = createRequire(path.join(cmsDir, 'package.json'))('@strapi/strapi');
  const app = await compileStrapi({ appDir: cmsDir });
  const strapi = createStrapi({ appDir: app.appDir, distDir: app.distDir, autoReload: false, serveAdminPanel: false });
  strapi.log.level = 'warn';
  await strapi.load();
  try {
    const indexer = strapi.plugin('discovery').service('indexer');
    await indexer.settled();
    const report = await indexer.reindex(showProgress);
    finish(report, 'in this process');
    if (report.engine === 'embedded') {
      log(
        'No CMS is running: the embedded index lives in the CMS process and is rebuilt whenever it starts, so this run only checked that every video indexes.',
      );
    }
  } finally {
    await strapi.destroy();
  }
}

try {
  if (!(await viaRunningCms())) {
    log(`No CMS answers at ${cmsUrl}: booting one in this process.`);
    await inThisProcess();
  }
  process.exit(0);
} catch (error) {
  log(`Failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
