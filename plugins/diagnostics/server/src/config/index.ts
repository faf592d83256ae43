/**
 * The plugin's settings (Strapi's plugin config shape: `{ default, validator }`), read once from the environment by
 * cms/config/plugins.ts: what the production-settings check compares against. Checked at boot, naming the field.
 */
export interface DiagnosticsSettings {
  /** NODE_ENV is production: the production rules (secrets, HTTPS, proxies) apply. */
  production: boolean;
  /** Where viewers reach the site (SITE_URL). */
  siteUrl: string | null;
  /** Where the CMS is reached from outside (PUBLIC_URL). */
  publicUrl: string | null;
  /** TRUSTED_PROXIES as written: the peers whose X-Forwarded-For is believed. */
  trustedProxies: string;
  /** IS_PROXIED: the CMS sits behind a proxy that terminates HTTPS. */
  proxied: boolean;
  /** METRICS_TOKEN: the bearer token GET /metrics asks for; without it, loopback only and never in production. */
  metricsToken: string | null;
}

const defaults: DiagnosticsSettings = {
  production: false,
  siteUrl: null,
  publicUrl: null,
  trustedProxies: '',
  proxied: false,
  metricsToken: null,
};

const checks: { [K in keyof DiagnosticsSettings]: (value: unknown) => boolean } = {
  production: (value) => typeof value === 'boolean',
  siteUrl: (value) => value === null || typeof value === 'string',
  publicUrl: (value) => value === null || typeof value === 'string',
  trustedProxies: (value) => typeof value === 'string',
  proxied: (value) => typeof value === 'boolean',
  metricsToken: (value) => value === null || (typeof value === 'string' && value.length >= 16),
};

export default {
  default: defaults,
  validator(config: unknown): void {
    if (config === null || typeof config !== 'object' || Array.isArray(config))
      throw new Error('Invalid diagnostics settings: config must be an object');
    const problems = Object.entries(config).map(([key, value]) =>
      !(key in checks)
        ? `${key}: no such setting`
        : checks[key as keyof DiagnosticsSettings](value)
          ? null
          : `${key}: ${
              key === 'production' || key === 'proxied'
                ? 'must be true or false'
                : key === 'metricsToken'
                  ? 'must be at least 16 characters (METRICS_TOKEN: `openssl rand -hex 24`)'
                  : 'must be text'
            }`,
    );
    const refused = problems.filter(Boolean);
    if (refused.length > 0) throw new Error(`Invalid diagnostics settings: ${refused.join('; ')}`);
  },
};
