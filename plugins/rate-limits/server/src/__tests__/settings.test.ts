/** The limits as cms/config/plugins.ts reads them from the environment, and as the plugin checks them. */
import { envFrom } from '../../../../../tests/support/plugin-settings';
import pluginsConfig from '../../../../../cms/config/plugins';
import { parseRateLimitSettings, type RateLimitSettings } from '../config';

const rateLimits = (values: Record<string, string>) =>
  (pluginsConfig({ env: envFrom(values) } as never) as unknown as { 'rate-limits': { config: RateLimitSettings } })[
    'rate-limits'
  ].config;

describe('rate-limit settings', () => {
  it('has a bucket per kind of request, a minute each (feedback: an hour), in memory without REDIS_URL', () => {
    const config = rateLimits({});
    expect(config.redisUrl).toBeNull();
    expect(config.keyPrefix).toBe('framecast:rate-limit');
    expect(config.trustedProxies).toEqual(['127.0.0.1', '::1']);
    expect(Object.fromEntries(Object.entries(config.buckets).map(([name, bucket]) => [name, bucket.limit]))).toEqual({
      search: 120,
      views: 60,
      analytics: 600,
      'history-saves': 60,
      comments: 20,
      reports: 10,
      ratings: 30,
      follows: 30,
      collections: 120,
      uploads: 30,
      feedback: 5,
    });
    for (const [name, bucket] of Object.entries(config.buckets))
      expect({ name, windowMs: bucket.windowMs }).toEqual({
        name,
        windowMs: name === 'feedback' ? 3_600_000 : 60_000,
      });
    expect(() => parseRateLimitSettings(config)).not.toThrow();
  });

  it('reads each limit, Redis, the key prefix and the trusted proxies from the environment', () => {
    const config = rateLimits({
      COMMENT_RATE_LIMIT: '5',
      SEARCH_RATE_LIMIT: '0',
      REDIS_URL: 'redis://cache:6379',
      QUEUE_PREFIX: 'site-b',
      TRUSTED_PROXIES: '10.0.0.0/8, ::1',
    });
    expect(config.buckets.comments!.limit).toBe(5);
    expect(config.buckets.search!.limit).toBe(0);
    expect(config.redisUrl).toBe('redis://cache:6379');
    // deployments that share a Redis and set QUEUE_PREFIX apart also count apart
    expect(config.keyPrefix).toBe('site-b:rate-limit');
    expect(rateLimits({ RATE_LIMIT_PREFIX: 'mine' }).keyPrefix).toBe('mine');
    expect(config.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
  });

  it('refuses a bad value at boot, naming the setting', () => {
    expect(() => rateLimits({ COMMENT_RATE_LIMIT: 'lots' })).toThrow(
      /COMMENT_RATE_LIMIT must be a whole number, 0 or more \(got "lots"\)/,
    );
    expect(() => rateLimits({ FOLLOW_RATE_LIMIT: '-1' })).toThrow(/FOLLOW_RATE_LIMIT/);
    expect(() => rateLimits({ TRUSTED_PROXIES: 'the-site' })).toThrow(/TRUSTED_PROXIES must list IP addresses/);
    expect(() => parseRateLimitSettings({ ...rateLimits({}), redisUrl: 'http://cache' })).toThrow(
      /redisUrl: must start with redis:\/\//,
    );
    expect(() => parseRateLimitSettings({ buckets: { comments: { limit: 1.5, windowMs: 1000 } } })).toThrow(
      /buckets\.comments\.limit: must be a whole number/,
    );
  });
});
