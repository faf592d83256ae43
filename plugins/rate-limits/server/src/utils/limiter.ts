/**
 * The rate limiter: a fixed window per bucket and subject (a viewer, an address, an admin user). A hit past the
 * bucket's limit is refused until the window closes. If the counter store fails (Redis down), hits are allowed and
 * the failure is logged: a limiter must not take the API down with it.
 */
import type { BucketSettings, RateLimitSettings } from '../config';
import { MemoryCounterStore } from './stores/memory';
import { RedisCounterStore } from './stores/redis';
import type { CounterStore } from './stores/types';

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the subject's window closes (at least 1); what Retry-After says on a refusal. */
  retryAfterSeconds: number;
  /** Hits left in the window; Infinity for a bucket that is off. */
  remaining: number;
}

type Log = { warn(message: string): void };

/** One store failure is logged per this many ms, not one per request. */
const STORE_WARNING_INTERVAL_MS = 60_000;

export class RateLimiter {
  private lastWarningAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly settings: RateLimitSettings,
    private readonly store: CounterStore,
    private readonly log: Log = { warn: () => undefined },
  ) {}

  get storeKind(): CounterStore['kind'] {
    return this.store.kind;
  }

  bucket(name: string): BucketSettings | undefined {
    return Object.hasOwn(this.settings.buckets, name) ? this.settings.buckets[name] : undefined;
  }

  async hit(bucketName: string, subject: string): Promise<RateLimitVerdict> {
    const bucket = this.bucket(bucketName);
    if (!bucket)
      throw new Error(
        `Unknown rate-limit bucket "${bucketName}" (known: ${Object.keys(this.settings.buckets).join(', ') || 'none'})`,
      );
    if (bucket.limit === 0) return { allowed: true, retryAfterSeconds: 1, remaining: Number.POSITIVE_INFINITY };
    try {
      const { count, resetInMs } = await this.store.increment(`${bucketName}:${subject}`, bucket.windowMs);
      return {
        allowed: count <= bucket.limit,
        retryAfterSeconds: Math.max(1, Math.ceil(resetInMs / 1000)),
        remaining: Math.max(0, bucket.limit - count),
      };
    } catch (error) {
      this.warn(`[rate-limits] counting failed, request allowed: ${(error as Error).message}`);
      return { allowed: true, retryAfterSeconds: 1, remaining: bucket.limit };
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** Logs a store problem, at most once a minute. */
  warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarningAt < STORE_WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.log.warn(message);
  }
}

/** Redis when the settings name one, else memory. */
export function createRateLimiter(settings: RateLimitSettings, log?: Log): RateLimiter {
  // the store reports Redis errors through the limiter it serves, made just below
  const store = settings.redisUrl
    ? new RedisCounterStore(settings.redisUrl, settings.keyPrefix, (error) =>
        limiter.warn(`[rate-limits] Redis: ${error.message}`),
      )
    : new MemoryCounterStore();
  const limiter = new RateLimiter(settings, store, log);
  return limiter;
}
