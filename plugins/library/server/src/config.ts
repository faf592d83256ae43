/** The plugin's settings, parsed once from the environment. */
import { z } from 'zod';

export interface LibraryConfig {
  /** Progress saves one viewer may send per minute, all videos together (0: no limit). The player sends one every ~10 s. */
  historySaveRateLimitPerMinute: number;
}

const envSchema = z.object({
  HISTORY_SAVE_RATE_LIMIT: z.coerce
    .number({ message: 'HISTORY_SAVE_RATE_LIMIT must be a number' })
    .int('HISTORY_SAVE_RATE_LIMIT must be a whole number')
    .min(0, 'HISTORY_SAVE_RATE_LIMIT must be 0 or more')
    .default(60),
});

export function libraryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LibraryConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid library settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return { historySaveRateLimitPerMinute: parsed.data.HISTORY_SAVE_RATE_LIMIT };
}
