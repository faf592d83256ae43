/**
 * The plugin's one setting: the site's address (`SITE_URL`, else `PUBLIC_SITE_URL`), for the admin pages' links to the
 * help center. Unset: the admin shows no help links. Any other key fails at boot, so a typo in cms/config/plugins.ts
 * is caught.
 */
export interface OnboardingConfig {
  siteUrl: string | null;
}

export default {
  default: { siteUrl: null } satisfies OnboardingConfig,
  validator(config: unknown): void {
    const { siteUrl, ...rest } = (config ?? {}) as Record<string, unknown>;
    const keys = Object.keys(rest);
    if (keys.length) throw new Error(`Invalid onboarding settings: ${keys.join(', ')}: no such setting`);
    if (siteUrl !== null && siteUrl !== undefined && (typeof siteUrl !== 'string' || !/^https?:\/\/[^/]/.test(siteUrl)))
      throw new Error('Invalid onboarding settings: siteUrl (SITE_URL or PUBLIC_SITE_URL) must be an http(s) address');
  },
};
