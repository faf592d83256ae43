// `npm start`: first run writes .env, builds, seeds the demo catalog; every run serves the CMS and the site.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildAll } from '../lib/build.mjs';
import { addMissingSecrets, ensureEnvFile, loadEnv, root } from '../lib/env.mjs';
import { startCms, startSite, startWorker, superviseTogether, waitForHttp } from '../lib/processes.mjs';

const log = (message) => console.log(`[framecast] ${message}`);

if (ensureEnvFile()) log('Wrote .env with freshly generated secrets (it is git-ignored).');
else for (const name of addMissingSecrets()) log(`Added a generated ${name} to .env.`);
const env = loadEnv();
const cmsPort = Number(env.CMS_PORT ?? 1337);
const sitePort = Number(env.SITE_PORT ?? 4321);
const cmsUrl = env.CMS_URL ?? `http://127.0.0.1:${cmsPort}`;
mkdirSync(path.join(root, 'public', 'uploads'), { recursive: true });

try {
  buildAll(env, { log });
} catch (error) {
  log(`Build failed: ${error.message}`);
  process.exit(1);
}

// the seed is idempotent; on SQLite a missing database file is the cheap sign that it has not run
const sqliteFile = path.resolve(root, 'cms', env.DATABASE_FILENAME ?? '.tmp/data.db');
if ((env.DATABASE_CLIENT ?? 'sqlite') !== 'sqlite' || !existsSync(sqliteFile)) {
  log('Seeding the demo catalog…');
  const seeded = spawnSync(process.execPath, [path.join(root, 'scripts', 'tasks', 'seed.mjs')], { cwd: root, env, stdio: 'inherit' });
  if (seeded.status !== 0) {
    log('Seeding failed; see above. Fix it and run `npm start` again (or `npm run seed -- --reset`).');
    process.exit(1);
  }
}

const cms = startCms(env, { port: cmsPort });
const site = startSite(env, { port: sitePort, cmsUrl });
// with Redis, transcoding runs in a worker process (more with `npm run worker`); without, inside the CMS
const workers = env.REDIS_URL ? [startWorker(env)] : [];
const done = superviseTogether([cms, site, ...workers], { log });
try {
  await Promise.all([
    waitForHttp(`http://127.0.0.1:${cmsPort}/api/health`, { child: cms, name: 'The CMS' }),
    waitForHttp(`http://127.0.0.1:${sitePort}/health`, { child: site, name: 'The site' }),
  ]);
  const production = env.NODE_ENV === 'production';
  console.log(`
  Framecast is running.
    Site          http://localhost:${sitePort}
    Admin panel   http://localhost:${cmsPort}/admin${production ? '' : `
    Admin login   ${env.SEED_ADMIN_EMAIL ?? 'admin@framecast.local'} / ${env.SEED_ADMIN_PASSWORD ?? 'Framecast-admin-1'}   (development only)`}
  Press Ctrl-C to stop.
`);
} catch (error) {
  log(error.message);
}
const codes = await done;
process.exit(codes.find((code) => code !== 0 && code !== null && code !== 130) ? 1 : 0);
