/**
 * The plugin's settings (Strapi's plugin config shape: `{ default, validator }`). cms/config/plugins.ts reads them once
 * from the environment and passes them in as the plugin's `config`; they are checked here, at boot, with a message
 * that names the field.
 */
import { z } from 'zod';
import { settingsError } from '@framecast/contracts';

export interface PublishingSettings {
  /**
   * The longest the scheduler sleeps between two looks at the schedule (it wakes earlier for the next due entry and
   * at once when this instance changes a schedule): how late a publish set on another CMS instance may be.
   */
  pollSeconds: number;
  /** Set: each due entry is also a BullMQ delayed job (every instance's worker may take it). Unset: a timer here. */
  redisUrl: string | null;
  /** Every BullMQ key starts with it (QUEUE_PREFIX), so deployments and test runs can share one Redis. */
  queuePrefix: string;
  /** A scheduled publish that fails (not for want of media) is tried again this many times, then marked failed. */
  maxAttempts: number;
}

const settingsSchema = z
  .object({
    pollSeconds: z.number().min(0.05, 'must be 0.05 or more').max(3600, 'must be at most 3600').default(5),
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .nullish()
      .transform((value) => value || null),
    queuePrefix: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,100}$/, 'may hold letters, digits, ":", "_" and "-" only')
      .default('framecast'),
    maxAttempts: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(50).default(5),
  })
  .strict();

export function parsePublishingSettings(raw: unknown): PublishingSettings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw settingsError('publishing', parsed.error.issues);
  }
  return parsed.data;
}

export default {
  default: {},
  validator(config: unknown): void {
    parsePublishingSettings(config);
  },
};
