// Starting the CMS and the site as child processes, waiting for them, and stopping them together.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root } from './env.mjs';

export function startCms(env, { port = 1337, stdio = 'inherit' } = {}) {
  return spawn('strapi', ['start'], { cwd: path.join(root, 'cms'), env: { ...env, PORT: String(port) }, stdio });
}

/** A BullMQ transcoding worker (needs REDIS_URL); see plugins/transcoding/server/src/jobs/worker-main.ts. */
export function startWorker(env, { stdio = 'inherit' } = {}) {
  return spawn(
    process.execPath,
    [path.join(root, 'plugins', 'transcoding', 'dist', 'server', 'src', 'jobs', 'worker-main.js')],
    { cwd: root, env, stdio },
  );
}

export function startSite(env, { port = 4321, cmsUrl, stdio = 'inherit' } = {}) {
  return spawn(process.execPath, [path.join(root, 'site', 'dist', 'server', 'entry.mjs')], {
    cwd: path.join(root, 'site'),
    env: {
      ...env,
      PORT: String(port),
      HOST: env.SITE_HOST ?? '0.0.0.0',
      CMS_URL: cmsUrl,
      PUBLIC_CMS_URL: env.PUBLIC_CMS_URL ?? cmsUrl,
    },
    stdio,
  });
}

/** Resolves once `url` answers 200, rejects when `child` exits first or time runs out. */
export async function waitForHttp(url, { child, timeoutMs = 120_000, name = url } = {}) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child?.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited before it answered at ${url}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** Stops every child on Ctrl-C or SIGTERM, and the rest when one dies. */
export function superviseTogether(children, { log = console.log } = {}) {
  let stopping = false;
  const stop = (signal = 'SIGTERM') => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
    setTimeout(() => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }, 8000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          child.on('exit', (code, signal) => {
            if (!stopping) log(`A process stopped unexpectedly (${code ?? signal}); stopping the rest.`);
            stop();
            resolve(code ?? 0);
          });
        }),
    ),
  );
}
