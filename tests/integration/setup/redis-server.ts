/**
 * The Redis the integration tests use: TEST_REDIS_URL, else the local one on 127.0.0.1:6379, else a throwaway
 * redis-server from Debian's package in a temp folder. Every call gets its own key prefix, so tests can share one
 * Redis; stop() deletes the keys under it (and stops the throwaway server).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';

export interface TestRedis {
  url: string;
  /** `fc-test-<pid>-<random>`: put every key (BullMQ prefix, ioredis keyPrefix) under it. */
  keyPrefix: string;
  stop(): Promise<void>;
}

const LOCAL_URL = 'redis://127.0.0.1:6379';
const REDIS_SERVER = '/usr/bin/redis-server';

/** PING over a bare socket (no auth, URL host and port only): an ioredis client lingers for seconds after a refusal. */
function answers(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

async function deleteKeysUnder(url: string, keyPrefix: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

function installRedisServer(): void {
  if (existsSync(REDIS_SERVER)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'No Redis answers on 127.0.0.1:6379 and redis-server is not installed: run `apt-get install redis-server`, or set TEST_REDIS_URL.',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'pipe', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { stdio: 'pipe', env });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Starts a private, non-persistent redis-server on a free port, or on `port` (a stopped one started again where its
 * clients still point).
 */
export async function startThrowawayRedis(
  port?: number,
): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  installRedisServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'framecast-redis-'));
  port ??= await freePort();
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (child.exitCode === null && Date.now() < deadline) {
    if (await answers(url, 500)) return { url, port, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`redis-server did not start on port ${port}`);
}

export async function resolveTestRedis(): Promise<TestRedis> {
  const keyPrefix = `fc-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const sharedUrl = process.env.TEST_REDIS_URL || ((await answers(LOCAL_URL)) ? LOCAL_URL : undefined);
  if (sharedUrl) return { url: sharedUrl, keyPrefix, stop: () => deleteKeysUnder(sharedUrl, keyPrefix) };
  const server = await startThrowawayRedis();
  return { url: server.url, keyPrefix, stop: server.stop };
}
