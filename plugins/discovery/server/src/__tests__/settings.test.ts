/** The discovery settings as cms/config/plugins.ts reads them from the environment, and as the plugin checks them. */
import { envFrom } from '../../../../../tests/support/plugin-settings';
import pluginsConfig from '../../../../../cms/config/plugins';
import config, { parseDiscoveryConfig, type DiscoveryConfig } from '../config';

/** What Strapi does at boot: the plugin's defaults under the passed config, then its validator. */
function discovery(values: Record<string, string>): DiscoveryConfig {
  const passed = (
    pluginsConfig({ env: envFrom(values) } as never) as unknown as { discovery: { config: Partial<DiscoveryConfig> } }
  ).discovery.config;
  const merged = { ...config.default, ...passed };
  config.validator(merged);
  return parseDiscoveryConfig(merged);
}

describe('discovery settings', () => {
  it('has the embedded engine, the videos index and the usual timings without any variable', () => {
    expect(discovery({})).toEqual({
      meiliHost: null,
      meiliApiKey: null,
      meiliIndex: 'videos',
      meiliTimeoutMs: 2000,
      trendingHalfLifeHours: 24,
      syncDelayMs: 50,
      viewSigningSecret: null,
    });
  });

  it('reads Meilisearch, the timings and the view signing secret from the environment', () => {
    const settings = discovery({
      MEILI_HOST: 'http://search:7700',
      MEILI_MASTER_KEY: 'master-key-of-sixteen',
      MEILI_INDEX: 'videos_b',
      MEILI_TIMEOUT_MS: '500',
      TRENDING_HALF_LIFE_HOURS: '12',
      SEARCH_SYNC_DELAY_MS: '0',
      VIEW_SIGNING_SECRET: 'a-secret-of-thirty-two-characters-or-more',
    });
    expect(settings).toMatchObject({
      meiliHost: 'http://search:7700',
      meiliApiKey: 'master-key-of-sixteen',
      meiliIndex: 'videos_b',
      meiliTimeoutMs: 500,
      trendingHalfLifeHours: 12,
      syncDelayMs: 0,
    });
    expect(settings.viewSigningSecret).toBe('a-secret-of-thirty-two-characters-or-more');
    // a dedicated key wins over the master key compose hands the CMS
    expect(discovery({ MEILI_API_KEY: 'dedicated', MEILI_MASTER_KEY: 'master' }).meiliApiKey).toBe('dedicated');
  });

  it('refuses a bad value at boot, naming the variable', () => {
    expect(() => discovery({ MEILI_HOST: 'http://' })).toThrow(
      /MEILI_HOST must be a URL such as http:\/\/127\.0\.0\.1:7700/,
    );
    expect(() => discovery({ MEILI_INDEX: 'my index' })).toThrow(/MEILI_INDEX may hold letters, digits, - and _ only/);
    expect(() => discovery({ MEILI_TIMEOUT_MS: 'soon' })).toThrow(/MEILI_TIMEOUT_MS must be a number/);
    expect(() => discovery({ TRENDING_HALF_LIFE_HOURS: '1.5' })).toThrow(
      /TRENDING_HALF_LIFE_HOURS must be a whole number/,
    );
    expect(() => discovery({ MEILI_TIMEOUT_MS: '0' })).toThrow(/MEILI_TIMEOUT_MS must be above 0/);
    expect(() => discovery({ SEARCH_SYNC_DELAY_MS: '-1' })).toThrow(/SEARCH_SYNC_DELAY_MS must be 0 or more/);
    expect(() => discovery({ VIEW_SIGNING_SECRET: 'short' })).toThrow(
      /VIEW_SIGNING_SECRET must be at least \d+ characters/,
    );
    expect(() => parseDiscoveryConfig({ meiliTimeoutMs: 'fast' })).toThrow(
      /Invalid discovery settings: meiliTimeoutMs: MEILI_TIMEOUT_MS must be a number/,
    );
  });
});
