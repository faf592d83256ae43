/**
 * The rate limiter in both modes, on real parts: counters in memory, and counters in a real Redis (TEST_REDIS_URL,
 * else 127.0.0.1:6379, else a throwaway redis-server), every key under a prefix of this run.
 */
import Redis from 'ioredis';
import { resolveTestRedis, type TestRedis } from '../../../../../tests/integration/setup/redis-server';
import type { RateLimitSettings } from '../config';
import { createRateLimiter, type RateLimiter } from '../utils/limiter';

let redis: TestRedis;
let raw: Redis;
const opened: RateLimiter[] = [];

beforeAll(async () => {
  redis = await resolveTestRedis();
  raw = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await Promise.all(opened.map((limiter) => limiter.close()));
  raw?.disconnect();
  await redis?.stop();
});

let prefixes = 0;
function settings(mode: 'memory' | 'redis', buckets: RateLimitSettings['buckets']): RateLimitSettings {
  prefixes += 1;
  return {
    redisUrl: mode === 'redis' ? redis.url : null,
    keyPrefix: `${redis.keyPrefix}:rl${prefixes}`,
    trustedProxies: ['127.0.0.1'],
    buckets,
  };
}
function limiterFor(config: RateLimitSettings, warnings: string[] = []): RateLimiter {
  const limiter = createRateLimiter(config, { warn: (message) => warnings.push(message) });
  opened.push(limiter);
  return limiter;
}
const bucket = (limit: number, windowMs = 60_000) => ({ limit, windowMs, label: 'things' });

/** Hits until one is allowed again: the window closed. Fails after `timeoutMs`. */
async function waitUntilAllowed(
  limiter: RateLimiter,
  bucketName: string,
  subject: string,
  timeoutMs = 10_000,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if ((await limiter.hit(bucketName, subject)).allowed) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`still refused after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(['memory', 'redis'] as const)('%s counters', (mode) => {
  test('allow the limit, then refuse until the window closes, saying how long', async () => {
    const limiter = limiterFor(settings(mode, { comments: bucket(3) }));
    const verdicts = [];
    for (let i = 0; i < 5; i += 1) verdicts.push(await limiter.hit('comments', 'viewer:1'));
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, true, false, false]);
    expect(verdicts.map((verdict) => verdict.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(verdicts[3]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(verdicts[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  test('count each subject and each bucket apart; a bucket set to 0 never refuses; an unknown bucket is an error', async () => {
    const limiter = limiterFor(settings(mode, { comments: bucket(1), follows: bucket(1), views: bucket(0) }));
    expect((await limiter.hit('comments', 'viewer:1')).allowed).toBe(true);
    expect((await limiter.hit('comments', 'viewer:1')).allowed).toBe(false);
    expect((await limiter.hit('comments', 'viewer:2')).allowed).toBe(true);
    expect((await limiter.hit('follows', 'viewer:1')).allowed).toBe(true);
    for (let i = 0; i < 50; i += 1) expect((await limiter.hit('views', 'address:203.0.113.9')).allowed).toBe(true);
    await expect(limiter.hit('uploads', 'user:admin:1')).rejects.toThrow(/Unknown rate-limit bucket "uploads"/);
  });

  test('a closed window starts a new count', async () => {
    const limiter = limiterFor(settings(mode, { comments: bucket(2, 400) }));
    expect((await limiter.hit('comments', 'viewer:9')).allowed).toBe(true);
    expect((await limiter.hit('comments', 'viewer:9')).allowed).toBe(true);
    expect((await limiter.hit('comments', 'viewer:9')).allowed).toBe(false);
    const waited = await waitUntilAllowed(limiter, 'comments', 'viewer:9');
    expect(waited).toBeLessThan(5_000);
    // the new window counts from its first hit: one more allowed, then refused again
    expect((await limiter.hit('comments', 'viewer:9')).allowed).toBe(true);
    expect((await limiter.hit('comments', 'viewer:9')).allowed).toBe(false);
  });

  test('parallel hits are all counted: exactly the limit gets through', async () => {
    const limiter = limiterFor(settings(mode, { search: bucket(7) }));
    const verdicts = await Promise.all(Array.from({ length: 30 }, () => limiter.hit('search', 'address:198.51.100.1')));
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(7);
  });
});

describe('redis counters, shared', () => {
  test('two limiters (two CMS instances) on one Redis share one count, atomically', async () => {
    const shared = settings('redis', { comments: bucket(10) });
    const first = limiterFor(shared);
    const second = limiterFor(shared);
    expect(first.storeKind).toBe('redis');
    // alternating instances count into one window
    const sequential = [];
    for (let i = 0; i < 4; i += 1) sequential.push(await (i % 2 ? second : first).hit('comments', 'viewer:5'));
    expect(sequential.map((verdict) => verdict.remaining)).toEqual([9, 8, 7, 6]);
    const parallel = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? second : first).hit('comments', 'viewer:5')),
    );
    expect(parallel.filter((verdict) => verdict.allowed)).toHaveLength(6);
    expect((await first.hit('comments', 'viewer:5')).allowed).toBe(false);
    expect((await second.hit('comments', 'viewer:5')).allowed).toBe(false);
  });

  test('the key lives under the prefix and always has an expiry', async () => {
    const config = settings('redis', { comments: bucket(3, 30_000) });
    const limiter = limiterFor(config);
    await limiter.hit('comments', 'viewer:77');
    const key = `${config.keyPrefix}:comments:viewer:77`;
    expect(await raw.get(key)).toBe('1');
    const ttl = await raw.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    // a key left without an expiry (say, written by hand) gets one on the next hit, so it cannot lock anyone out forever
    await raw.set(`${config.keyPrefix}:comments:viewer:78`, '99');
    expect((await limiter.hit('comments', 'viewer:78')).allowed).toBe(false);
    expect(await raw.pttl(`${config.keyPrefix}:comments:viewer:78`)).toBeGreaterThan(0);
  });

  test('with Redis unreachable, hits are allowed and the failure is logged once', async () => {
    const warnings: string[] = [];
    const limiter = limiterFor(
      { ...settings('redis', { comments: bucket(1) }), redisUrl: 'redis://127.0.0.1:1' },
      warnings,
    );
    for (let i = 0; i < 3; i += 1) expect((await limiter.hit('comments', 'viewer:1')).allowed).toBe(true);
    expect(warnings).toHaveLength(1);
  });
});
