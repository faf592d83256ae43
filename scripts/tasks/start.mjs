// `npm start`: first run writes .env, builds, seeds the demo catalog; every run serves the CMS and the site.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildAll } from '../lib/build.mjs';
import { addMissingSecrets, ensureEnvFile, loadEnv, root } from '../lib/env.mjs';
import { isSeeded } from '../lib/seed-state.mjs';
import { startCms, startSite, startWorker, supervise, waitForHttp } from '../lib/processes.mjs';

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

// the seed is idempotent: it runs until it has finished once on this SQLite file (every time on PostgreSQL), so a
// seed that stopped half-way is finished by the next start
if (!isSeeded(env, root)) {
  log('Seeding the demo catalog…');
  const seeded = spawnSync(process.execPath, [path.join(root, 'scripts', 'tasks', 'seed.mjs')], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (seeded.status !== 0) {
    log('Seeding failed; see the message above. Once that is fixed, `npm start` finishes the seed.');
    process.exit(1);
  }
}

// with Redis, transcoding runs in a worker process (more with `npm run worker`); without, inside the CMS. A worker that
// dies is started again (with a backoff) while the CMS and the site keep serving; the job it held is taken up again.
const supervisor = supervise(
  [
    { name: 'The CMS', start: () => startCms(env, { port: cmsPort }) },
    { name: 'The site', start: () => startSite(env, { port: sitePort, cmsUrl }) },
    ...(env.REDIS_URL ? [{ name: 'The transcoding worker', start: () => startWorker(env), restart: true }] : []),
  ],
  { log },
);
try {
  await Promise.all([
    waitForHttp(`http://127.0.0.1:${cmsPort}/api/health`, { child: supervisor.child('The CMS'), name: 'The CMS' }),
    waitForHttp(`http://127.0.0.1:${sitePort}/health`, { child: supervisor.child('The site'), name: 'The site' }),
  ]);
  const login = env.NODE_ENV === 'production' ? null : await adminLoginState(`http://127.0.0.1:${cmsPort}`);
  console.log(`
  Framecast is running.
    Site          http://localhost:${sitePort}
    Admin panel   http://localhost:${cmsPort}/admin${
      login
        ? `
    Admin login   ${login}`
        : ''
    }
  Press Ctrl-C to stop.
`);
} catch (error) {
  log(error.message);
}
const { ok, reason } = await supervisor.done;
if (!ok) log(reason);
process.exit(ok ? 0 : 1);

/** The line to print about the admin login, checked against the running CMS: never a login that does not work. */
async function adminLoginState(cmsBase) {
  const email = env.SEED_ADMIN_EMAIL ?? 'admin@framecast.local';
  const password = env.SEED_ADMIN_PASSWORD ?? 'Framecast-admin-1';
  try {
    const init = await fetch(`${cmsBase}/admin/init`).then((response) => response.json());
    if (init?.data?.hasAdmin === false) return 'none yet: open the admin panel to create the first administrator';
    const signIn = await fetch(`${cmsBase}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (signIn.ok) return `${email} / ${password}   (development only)`;
    return `the administrator you created (the demo login ${email} does not work here)`;
  } catch (error) {
    return `not checked (${error.message})`;
  }
}
