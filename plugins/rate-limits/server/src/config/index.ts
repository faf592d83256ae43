/**
 * The plugin's settings (Strapi's plugin config shape: `{ default, validator }`). cms/config/plugins.ts reads them once
 * from the environment (REDIS_URL, RATE_LIMIT_PREFIX, TRUSTED_PROXIES and one `*_RATE_LIMIT` per bucket) and passes
 * them in as the plugin's `config`; they are checked here, at boot, with a message that names the field.
 */
import { z } from 'zod';

export interface BucketSettings {
  /** Requests one subject may make per window; 0 turns the bucket off. */
  limit: number;
  windowMs: number;
  /** What is counted, for the 429 message ("Too many comments: try again in 20 s"). */
  label: string;
}

export interface RateLimitSettings {
  /** Set: counters live in Redis, shared by every CMS instance. Unset: in this process's memory. */
  redisUrl: string | null;
  /** Every Redis key starts with it, so deployments (and test runs) can share one Redis. */
  keyPrefix: string;
  /** Peers (the site, a load balancer) whose X-Forwarded-For names the client: IPs or IPv4 CIDR ranges. */
  trustedProxies: string[];
  buckets: Record<string, BucketSettings>;
}

const bucketSchema = z.object({
  limit: z.number().int('must be a whole number').min(0, 'must be 0 or more'),
  windowMs: z.number().int('must be a whole number').positive('must be above 0'),
  label: z.string().min(1).max(60).default('requests'),
});

const settingsSchema = z.object({
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .nullish()
    .transform((value) => value || null),
  keyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,100}$/, 'may hold letters, digits, ":", "_" and "-" only')
    .default('framecast:rate-limit'),
  trustedProxies: z
    .array(z.string())
    .default(['127.0.0.1', '::1'])
    .refine(
      (entries) => entries.every((entry) => /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/.test(entry) || entry.includes(':')),
      'must list IP addresses or IPv4 ranges such as 10.0.0.0/8',
    ),
  buckets: z
    .record(z.string().regex(/^[a-z0-9-]{1,40}$/, 'bucket names are lower-case words joined by "-"'), bucketSchema)
    .default({}),
});

export function parseRateLimitSettings(raw: unknown): RateLimitSettings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new Error(
      `Invalid rate-limits settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export default {
  /** No bucket until cms/config/plugins.ts names them; counters in memory. */
  default: {},
  validator(config: unknown): void {
    parseRateLimitSettings(config);
  },
};
