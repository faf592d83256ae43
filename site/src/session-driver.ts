// The session storage driver, chosen when the server starts (Astro inlines driver options at build time, so the
// choice cannot live in astro.config.mjs): Redis when REDIS_URL is set, else files under SESSION_DIR.
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Driver } from 'unstorage';
import { log } from './lib/log';
import { SessionUnavailableError } from './lib/session/errors';
import { readSessionPolicy } from './lib/session/policy';

const SWEEP_EVERY_MS = 60 * 60_000;
const policy = readSessionPolicy();
// no session outlives a remembered one; storage may forget anything older
const lifetimeSeconds = Math.ceil(Math.max(policy.rememberMs, policy.absoluteMs) / 1000) + 3600;

/** Deletes session files not written for longer than any session may last (the file driver has no expiry of its own). */
async function sweepSessionFiles(dir: string, maxAgeMs: number): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return; // nothing stored yet
  }
  const cutoff = Date.now() - maxAgeMs;
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const info = await stat(file);
      if (info.isFile() && info.mtimeMs < cutoff) await unlink(file);
    } catch {
      // removed meanwhile by another request or process
    }
  }
}

/** The same driver, its failures typed, so pages answer 503 (not 500) while the storage is down. */
function typedFailures(driver: Driver): Driver {
  const wrap =
    <A extends unknown[], R>(call: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        throw new SessionUnavailableError(
          `session storage (${driver.name}) failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    };
  return {
    ...driver,
    getItem: wrap(driver.getItem.bind(driver)),
    setItem: driver.setItem ? wrap(driver.setItem.bind(driver)) : undefined,
    removeItem: driver.removeItem ? wrap(driver.removeItem.bind(driver)) : undefined,
  };
}

async function createDriver(): Promise<(options?: unknown) => Driver> {
  const redisUrl = process.env.REDIS_URL?.trim();
  if (redisUrl) {
    const { default: redisDriver } = await import('unstorage/drivers/redis');
    return () => {
      // a short retry budget: while Redis is down a page renders signed out instead of waiting
      const driver = redisDriver({
        url: redisUrl,
        base: 'framecast:site-session',
        ttl: lifetimeSeconds,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
      });
      // ioredis reports every failed reconnect; one line a minute says enough
      let lastReport = 0;
      driver.getInstance?.().on('error', (error: Error) => {
        if (Date.now() - lastReport < 60_000) return;
        lastReport = Date.now();
        log.warn('session storage (redis) unreachable', { error: error.message });
      });
      return typedFailures(driver);
    };
  }
  const { default: fsDriver } = await import('unstorage/drivers/fs-lite');
  const base = path.resolve(process.env.SESSION_DIR?.trim() || '.cache/sessions');
  const sweep = () => void sweepSessionFiles(base, lifetimeSeconds * 1000);
  setTimeout(sweep, 10_000).unref();
  setInterval(sweep, SWEEP_EVERY_MS).unref();
  return () => typedFailures(fsDriver({ base }));
}

export default await createDriver();
