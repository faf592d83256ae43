import { env } from '@strapi/utils';
import pluginsConfig from '../../../../../cms/config/plugins';
import config, { SETTING_VARIABLES, type AccountsConfig } from '../config';

/** The settings Strapi hands the plugin: cms/config/plugins.ts reads `vars` as the environment, the plugin's defaults fill the rest, its validator checks them. */
function accountsConfigFromEnv(vars: Record<string, string>): AccountsConfig {
  const saved = { ...process.env };
  for (const name of [...Object.values(SETTING_VARIABLES), 'PUBLIC_SITE_URL', 'CMS_PORT']) delete process.env[name];
  Object.assign(process.env, vars);
  try {
    const given = pluginsConfig({ env } as Parameters<typeof pluginsConfig>[0]).accounts.config;
    const settings = {
      ...config.default,
      ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
    } as AccountsConfig;
    config.validator(settings);
    return settings;
  } finally {
    process.env = saved;
  }
}

test('the sign-in limits and reset lifetime are read from the environment, with their defaults', () => {
  expect(accountsConfigFromEnv({})).toMatchObject({
    signInMaxFailures: 10,
    signInLockMinutes: 1,
    signInLockMaxMinutes: 60,
    signInWindowMinutes: 60,
    signInAddressFreeFailures: 30,
    signInAddressSlowSeconds: 5,
    passwordResetMinutes: 60,
    trustedProxies: ['127.0.0.1', '::1'],
  });
  expect(
    accountsConfigFromEnv({
      SIGN_IN_LOCK_MINUTES: '2',
      SIGN_IN_LOCK_MAX_MINUTES: '30',
      PASSWORD_RESET_MINUTES: '15',
      TRUSTED_PROXIES: '10.0.0.0/8',
    }),
  ).toMatchObject({
    signInLockMinutes: 2,
    signInLockMaxMinutes: 30,
    passwordResetMinutes: 15,
    trustedProxies: ['10.0.0.0/8'],
  });
});

test('bad settings stop the boot with a message naming them', () => {
  expect(() => accountsConfigFromEnv({ SIGN_IN_LOCK_MINUTES: '10', SIGN_IN_LOCK_MAX_MINUTES: '5' })).toThrow(
    /SIGN_IN_LOCK_MAX_MINUTES \(5\) must be at least SIGN_IN_LOCK_MINUTES \(10\)/,
  );
  expect(() => accountsConfigFromEnv({ TRUSTED_PROXIES: 'site.internal' })).toThrow(
    /TRUSTED_PROXIES must list IP addresses.*"site.internal"/,
  );
  expect(() => accountsConfigFromEnv({ PASSWORD_RESET_MINUTES: '0' })).toThrow(
    /PASSWORD_RESET_MINUTES must be above 0/,
  );
});
