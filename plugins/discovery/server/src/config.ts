/** The plugin's settings, parsed once from the environment (also by `npm run reindex`). */
import { z } from 'zod';

export interface DiscoveryConfig {
  /** Set: Meilisearch at this URL; unset: the embedded engine. */
  meiliHost: string | null;
  meiliApiKey: string | null;
  /** Index name, so several deployments (or test runs) can share one Meilisearch. */
  meiliIndex: string;
  meiliTimeoutMs: number;
  /** Trending halves the weight of a view every this many hours. */
  trendingHalfLifeHours: number;
  /** How long changes wait to be sent to the engine together. */
  syncDelayMs: number;
}

const positiveInt = (name: string, fallback: number) =>
  z.coerce.number({ message: `${name} must be a number` }).int(`${name} must be a whole number`).positive(`${name} must be above 0`).default(fallback);
const nonNegativeInt = (name: string, fallback: number) =>
  z.coerce.number({ message: `${name} must be a number` }).int(`${name} must be a whole number`).min(0, `${name} must be 0 or more`).default(fallback);

const envSchema = z.object({
  MEILI_HOST: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || URL.canParse(value.includes('://') ? value : `http://${value}`), 'MEILI_HOST must be a URL such as http://127.0.0.1:7700'),
  MEILI_API_KEY: z.string().trim().optional(),
  MEILI_MASTER_KEY: z.string().trim().optional(),
  MEILI_INDEX: z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, 'MEILI_INDEX may hold letters, digits, - and _ only').default('videos'),
  MEILI_TIMEOUT_MS: positiveInt('MEILI_TIMEOUT_MS', 2000),
  TRENDING_HALF_LIFE_HOURS: positiveInt('TRENDING_HALF_LIFE_HOURS', 24),
  SEARCH_SYNC_DELAY_MS: nonNegativeInt('SEARCH_SYNC_DELAY_MS', 50),
});

export function discoveryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DiscoveryConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid discovery settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const value = parsed.data;
  return {
    meiliHost: value.MEILI_HOST ?? null,
    // compose gives the CMS the master key; a dedicated key set in MEILI_API_KEY wins
    meiliApiKey: value.MEILI_API_KEY || value.MEILI_MASTER_KEY || null,
    meiliIndex: value.MEILI_INDEX,
    meiliTimeoutMs: value.MEILI_TIMEOUT_MS,
    trendingHalfLifeHours: value.TRENDING_HALF_LIFE_HOURS,
    syncDelayMs: value.SEARCH_SYNC_DELAY_MS,
  };
}
