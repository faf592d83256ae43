// The Redis test helper against real servers: whatever it resolves by itself (127.0.0.1:6379 or a throwaway
// redis-server), and a throwaway server handed to it through TEST_REDIS_URL, which must take precedence.
import { connect } from 'node:net';
import Redis from 'ioredis';
import { resolveTestRedis, startThrowawayRedis } from './setup/redis-server';

async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}

function refusesConnections(url: string): Promise<unknown> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.destroy();
      resolve('still listening');
    });
    socket.once('error', reject);
  });
}

describe('startThrowawayRedis', () => {
  test('starts a private, non-persistent redis-server and stops it', async () => {
    const server = await startThrowawayRedis();
    try {
      expect(server.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(server.url).not.toBe('redis://127.0.0.1:6379');
      await withClient(server.url, async (client) => {
        expect(await client.set('probe', 'x')).toBe('OK');
        expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
        expect(await client.config('GET', 'save')).toEqual(['save', '']);
      });
    } finally {
      await server.stop();
    }
    await expect(refusesConnections(server.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('resolveTestRedis', () => {
  let server: Awaited<ReturnType<typeof startThrowawayRedis>>;
  const savedUrl = process.env.TEST_REDIS_URL;
  beforeAll(async () => {
    server = await startThrowawayRedis();
  });
  afterAll(async () => {
    if (savedUrl === undefined) delete process.env.TEST_REDIS_URL;
    else process.env.TEST_REDIS_URL = savedUrl;
    await server?.stop();
  });

  test('finds a Redis that answers', async () => {
    delete process.env.TEST_REDIS_URL;
    const redis = await resolveTestRedis();
    try {
      await withClient(redis.url, async (client) => expect(await client.ping()).toBe('PONG'));
    } finally {
      await redis.stop();
    }
  });

  test('uses TEST_REDIS_URL, and stop() deletes the keys under its prefix only', async () => {
    process.env.TEST_REDIS_URL = `${server.url}/3`;
    const redis = await resolveTestRedis();
    expect(redis.url).toBe(`${server.url}/3`);
    expect(redis.keyPrefix).toMatch(new RegExp(`^fc-test-${process.pid}-[0-9a-f]+$`));
    const outsider = `fc-other-${process.pid}:kept`;
    await withClient(redis.url, async (client) => {
      // more keys than one SCAN step returns
      for (let index = 0; index < 1200; index++) await client.set(`${redis.keyPrefix}:key:${index}`, 'x');
      await client.set(outsider, 'x');
    });
    await redis.stop();
    await withClient(redis.url, async (client) => {
      expect(await client.keys(`${redis.keyPrefix}*`)).toEqual([]);
      expect(await client.get(outsider)).toBe('x');
    });
    await expect(refusesConnections(server.url)).resolves.toBe('still listening');
  });

  test('gives every call its own key prefix', async () => {
    process.env.TEST_REDIS_URL = server.url;
    const [first, second] = await Promise.all([resolveTestRedis(), resolveTestRedis()]);
    expect(first.keyPrefix).not.toBe(second.keyPrefix);
    await Promise.all([first.stop(), second.stop()]);
  });
});
