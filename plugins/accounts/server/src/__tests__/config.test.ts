import { accountsConfigFromEnv } from '../config';

test('the sign-in limits and reset lifetime are read from the environment, with their defaults', () => {
  expect(accountsConfigFromEnv({}, '/app')).toMatchObject({
    signInMaxFailures: 10,
    signInLockMinutes: 1,
    signInLockMaxMinutes: 60,
    signInWindowMinutes: 60,
    signInAddressFreeFailures: 30,
    signInAddressSlowSeconds: 5,
    passwordResetMinutes: 60,
    trustedProxies: ['127.0.0.1', '::1'],
  });
  expect(accountsConfigFromEnv({ SIGN_IN_LOCK_MINUTES: '2', SIGN_IN_LOCK_MAX_MINUTES: '30', PASSWORD_RESET_MINUTES: '15', TRUSTED_PROXIES: '10.0.0.0/8' }, '/app')).toMatchObject({
    signInLockMinutes: 2,
    signInLockMaxMinutes: 30,
    passwordResetMinutes: 15,
    trustedProxies: ['10.0.0.0/8'],
  });
});

test('bad settings stop the boot with a message naming them', () => {
  expect(() => accountsConfigFromEnv({ SIGN_IN_LOCK_MINUTES: '10', SIGN_IN_LOCK_MAX_MINUTES: '5' }, '/app')).toThrow(/SIGN_IN_LOCK_MAX_MINUTES \(5\) must be at least SIGN_IN_LOCK_MINUTES \(10\)/);
  expect(() => accountsConfigFromEnv({ TRUSTED_PROXIES: 'site.internal' }, '/app')).toThrow(/TRUSTED_PROXIES must list IP addresses.*"site.internal"/);
  expect(() => accountsConfigFromEnv({ PASSWORD_RESET_MINUTES: '0' }, '/app')).toThrow(/PASSWORD_RESET_MINUTES must be above 0/);
});
