/**
 * `strapi.plugin('rate-limits').service('limiter')`: the CMS's one rate limiter. Other plugins count through it,
 * usually with the `plugin::rate-limits.limit` route middleware, sometimes directly with `hit(bucket, subject)`.
 */
import type { Core } from '@strapi/strapi';
import { parseRateLimitSettings, type BucketSettings, type RateLimitSettings } from '../config';
import { createRateLimiter, type RateLimiter, type RateLimitVerdict } from '../utils/limiter';

const limiterService = ({ strapi }: { strapi: Core.Strapi }) => {
  let settings: RateLimitSettings | null = null;
  let limiter: RateLimiter | null = null;
  const current = () => (limiter ??= createRateLimiter(service.settings, strapi.log));

  const service = {
    get settings(): RateLimitSettings {
      return (settings ??= parseRateLimitSettings(strapi.config.get('plugin::rate-limits')));
    },

    bucket(name: string): BucketSettings | undefined {
      return Object.hasOwn(service.settings.buckets, name) ? service.settings.buckets[name] : undefined;
    },

    /** Counts one hit of `subject` (e.g. `viewer:12`, `address:203.0.113.9`) in `bucket`. */
    hit(bucket: string, subject: string): Promise<RateLimitVerdict> {
      return current().hit(bucket, subject);
    },

    /** Opens the store at boot (a Redis connection), so the first request does not wait for it. */
    start(): void {
      const started = current();
      strapi.log.info(`[rate-limits] counting in ${started.storeKind === 'redis' ? 'Redis' : 'memory'}`);
    },

    /** Closes the Redis connection (destroy), or jest and shutdown would hang on it. */
    async stop(): Promise<void> {
      const open = limiter;
      limiter = null;
      await open?.close();
    },
  };
  return service;
};

export default limiterService;
export type LimiterService = ReturnType<typeof limiterService>;
