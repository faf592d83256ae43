/**
 * The plugin's settings (Strapi's plugin config shape: `{ default, validator }`). cms/config/plugins.ts reads them
 * once from the environment (MEILI_HOST, MEILI_API_KEY or MEILI_MASTER_KEY, MEILI_INDEX, MEILI_TIMEOUT_MS,
 * TRENDING_HALF_LIFE_HOURS, SEARCH_SYNC_DELAY_MS, VIEW_SIGNING_SECRET) and passes them in as the plugin's `config`;
 * they are checked here, at boot, with a message that names the field and its variable. `npm run reindex` boots the
 * same config. The plugin reads them with `strapi.config.get('plugin::discovery')`, never from process.env.
 */
import { z } from 'zod';
import { VIEW_SIGNING_SECRET_MIN_LENGTH } from '@framecast/contracts';

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
  /** The secret the site signs viewer ids of view beacons with; unset: view beacons are refused (503). */
  viewSigningSecret: string | null;
}

// NaN (a variable that is not a number) fails z.number() with the first message
const positiveInt = (name: string, fallback: number) =>
  z
    .number({ message: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be above 0`)
    .default(fallback);
const nonNegativeInt = (name: string, fallback: number) =>
  z
    .number({ message: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be 0 or more`)
    .default(fallback);
const optionalText = z
  .string()
  .trim()
  .nullish()
  .transform((value) => value || null);

const configSchema = z.object({
  meiliHost: optionalText.refine(
    (value) => value === null || URL.canParse(value.includes('://') ? value : `http://${value}`),
    'MEILI_HOST must be a URL such as http://127.0.0.1:7700',
  ),
  meiliApiKey: optionalText,
  meiliIndex: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'MEILI_INDEX may hold letters, digits, - and _ only')
    .default('videos'),
  meiliTimeoutMs: positiveInt('MEILI_TIMEOUT_MS', 2000),
  trendingHalfLifeHours: positiveInt('TRENDING_HALF_LIFE_HOURS', 24),
  syncDelayMs: nonNegativeInt('SEARCH_SYNC_DELAY_MS', 50),
  viewSigningSecret: optionalText.refine(
    (value) => value === null || value.length >= VIEW_SIGNING_SECRET_MIN_LENGTH,
    `VIEW_SIGNING_SECRET must be at least ${VIEW_SIGNING_SECRET_MIN_LENGTH} characters (npm start generates one)`,
  ),
});

/** The settings, checked; throws an Error naming each field that is wrong. */
export function parseDiscoveryConfig(raw: unknown): DiscoveryConfig {
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new Error(
      `Invalid discovery settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export default {
  /** The embedded engine, the default index and timings; no view counting until VIEW_SIGNING_SECRET is set. */
  default: {
    meiliHost: null,
    meiliApiKey: null,
    meiliIndex: 'videos',
    meiliTimeoutMs: 2000,
    trendingHalfLifeHours: 24,
    syncDelayMs: 50,
    viewSigningSecret: null,
  } satisfies DiscoveryConfig,
  validator(config: unknown): void {
    parseDiscoveryConfig(config);
  },
};
