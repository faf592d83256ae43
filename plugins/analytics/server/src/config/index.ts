/**
 * The plugin's settings (Strapi's plugin config shape: `{ default, validator }`). cms/config/plugins.ts reads them
 * once from the environment and pass them in as the plugin's `config`; they are checked here, at boot, with a message
 * that names the field.
 */
import { z } from 'zod';
import { ANALYTICS_LIMITS, VIEW_RULE, settingsError } from '@framecast/contracts';

export interface AnalyticsSettings {
  /** Raw playback events older than this are deleted; the aggregates are kept for good. */
  rawRetentionDays: number;
  /**
   * Seconds of playback from which a session is a view. It is the platform's one definition (contracts' VIEW_RULE,
   * which discovery counts by): a different value makes analytics and the public view counter disagree.
   */
  viewThresholdSeconds: number;
  /** How often the player sends a heartbeat while playing (the site reads it from the ingest answer later). */
  heartbeatSeconds: number;
  /** Names this deployment in the viewer key, so two sites sharing a salt still key viewers apart. */
  siteId: string;
  /** Hours a viewer-key salt lives (a divisor of 24, periods start at midnight UTC): 24 is the Plausible model. */
  saltRotationHours: number;
  /** This platform's own host names (the site's): a referrer from them is on-site, not `external`. */
  ownHosts: string[];
  /** Seconds between rollup runs. */
  rollupEverySeconds: number;
  /** Set: the rollup is a BullMQ repeatable job (one instance runs each turn). Unset: a timer in this process. */
  redisUrl: string | null;
  /** Every BullMQ key starts with it (QUEUE_PREFIX), so deployments and test runs can share one Redis. */
  queuePrefix: string;
  /** Peers (the site, a load balancer) whose X-Forwarded-For names the viewer: the same list as the rate limiter's. */
  trustedProxies: string[];
}

const DIVISORS_OF_24 = [1, 2, 3, 4, 6, 8, 12, 24];

const settingsSchema = z
  .object({
    rawRetentionDays: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(3650).default(30),
    viewThresholdSeconds: z
      .number()
      .positive('must be above 0')
      .max(600, 'must be at most 600')
      .default(VIEW_RULE.minPlayedSeconds),
    heartbeatSeconds: z
      .number()
      .int('must be a whole number')
      .min(5, 'must be 5 or more')
      .max(300, 'must be at most 300')
      .default(ANALYTICS_LIMITS.heartbeatSeconds),
    siteId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'may hold letters, digits, ".", ":", "_" and "-" only')
      .default('framecast'),
    saltRotationHours: z
      .number()
      .refine((hours) => DIVISORS_OF_24.includes(hours), 'must divide a day: 1, 2, 3, 4, 6, 8, 12 or 24')
      .default(24),
    ownHosts: z.array(z.string().min(1).max(253)).default([]),
    rollupEverySeconds: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(86_400, 'must be at most 86400')
      .default(300),
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .nullish()
      .transform((value) => value || null),
    queuePrefix: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,100}$/, 'may hold letters, digits, ":", "_" and "-" only')
      .default('framecast'),
    trustedProxies: z.array(z.string()).default(['127.0.0.1', '::1']),
  })
  .strict();

export function parseAnalyticsSettings(raw: unknown): AnalyticsSettings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw settingsError('analytics', parsed.error.issues);
  }
  return parsed.data;
}

export default {
  default: {},
  validator(config: unknown): void {
    parseAnalyticsSettings(config);
  },
};
