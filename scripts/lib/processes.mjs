// Starting the CMS, the site and workers as child processes, waiting for them, restarting workers, stopping them together.
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

/**
 * Runs the platform's processes and keeps them running. `services` is `[{ name, start, restart }]`, `start()` returning
 * a ChildProcess. A service with `restart` (a transcoding worker) that dies is started again after a backoff (`backoffMs`,
 * doubling up to `maxBackoffMs`; back to the start once it has run `stableMs`), while the others keep serving; after
 * `maxRestarts` restarts within `windowMs` it gives up and stops everything. Any other service that dies stops the rest.
 * Ctrl-C or SIGTERM (or `stop()`) stops everything. `done` resolves to `{ ok, reason }`: ok only when stopped on request;
 * otherwise `reason` says what happened, for the caller to print before exiting non-zero.
 */
export function supervise(
  services,
  {
    log = console.log,
    backoffMs = 1000,
    maxBackoffMs = 30_000,
    maxRestarts = 5,
    windowMs = 10 * 60_000,
    stableMs = 60_000,
    handleSignals = true,
  } = {},
) {
  const running = new Map();
  const timers = new Set();
  let stopping = false;
  let settle;
  const done = new Promise((resolve) => (settle = resolve));
  let outcome = { ok: true, reason: null };

  const finishIfIdle = () => {
    if (stopping && [...running.values()].every((child) => child.exitCode !== null || child.signalCode !== null))
      settle(outcome);
  };
  const stop = (signal = 'SIGTERM', failure = null) => {
    if (stopping) return;
    stopping = true;
    if (failure) outcome = { ok: false, reason: failure };
    for (const timer of timers) clearTimeout(timer);
    for (const child of running.values()) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    setTimeout(() => {
      for (const child of running.values())
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 8000).unref();
    finishIfIdle();
  };

  const launch = (service, history = { restarts: [], delay: backoffMs }) => {
    const child = service.start();
    const startedAt = Date.now();
    running.set(service.name, child);
    // the binary could not be started at all (not built, not installed): nothing to restart
    child.once('error', (error) => {
      if (!stopping) stop('SIGTERM', `${service.name} could not be started: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      if (stopping) return finishIfIdle();
      // Ctrl-C reaches the children too, sometimes before this process hears it: a request to stop, not a failure
      if (signal === 'SIGINT' || code === 130) return stop('SIGINT');
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      if (!service.restart) return stop('SIGTERM', `${service.name} stopped unexpectedly (${how}); stopped the rest.`);
      const now = Date.now();
      if (now - startedAt >= stableMs) history.delay = backoffMs;
      history.restarts = history.restarts.filter((at) => now - at < windowMs);
      if (history.restarts.length >= maxRestarts)
        return stop(
          'SIGTERM',
          `${service.name} stopped (${how}) and was restarted ${maxRestarts} times in ${Math.round(windowMs / 60_000)} min: gave up and stopped the rest. Its messages above say why.`,
        );
      history.restarts.push(now);
      const delay = history.delay;
      history.delay = Math.min(history.delay * 2, maxBackoffMs);
      log(
        `${service.name} stopped (${how}); starting it again in ${(delay / 1000).toFixed(1)} s. The rest keep serving.`,
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) launch(service, history);
      }, delay);
      timers.add(timer);
    });
    return child;
  };

  for (const service of services) launch(service);
  if (handleSignals) {
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  }
  return {
    /** The service's process now (a restarted worker is a new one). */
    child: (name) => running.get(name),
    stop: (signal) => stop(signal),
    done,
  };
}
