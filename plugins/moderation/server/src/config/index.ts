/**
 * The plugin's settings (Strapi's plugin config shape: `{ default, validator }`). cms/config/plugins.ts reads them once
 * from the environment and passes them in as the plugin's `config`; they are checked here, at boot, with a message
 * that names the field.
 */
import { z } from 'zod';
import { PREMODERATION_POLICIES, type PremoderationPolicy, settingsError } from '@framecast/contracts';

export interface ModerationSettings {
  /** Which videos of creators not marked trusted wait for a moderator: none, their first `premoderationFirst`, all. */
  premoderation: PremoderationPolicy;
  /** With `premoderation: 'first'`: how many of a creator's first videos are reviewed. */
  premoderationFirst: number;
}

const settingsSchema = z
  .object({
    premoderation: z.enum(PREMODERATION_POLICIES, { message: 'must be none, first or all' }).default('none'),
    premoderationFirst: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(1000).default(3),
  })
  .strict();

export function parseModerationSettings(raw: unknown): ModerationSettings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw settingsError('moderation', parsed.error.issues);
  }
  return parsed.data;
}

export default {
  default: {},
  validator(config: unknown): void {
    parseModerationSettings(config);
  },
};
