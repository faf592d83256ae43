/** The plugin's settings, parsed once from the environment. */
import path from 'node:path';
import { SIGN_IN_LIMIT, parseTrustedProxies } from '@framecast/config';
import { z } from 'zod';

export interface AccountsConfig {
  /** Where viewers use the site: links in mails point here. */
  siteUrl: string;
  /** The CMS as mail clients reach it: one-click unsubscribe posts here. */
  publicApiUrl: string;
  /** SMTP relay; unset: mails are written to `outboxDir` and their links logged. */
  smtp: { host: string; port: number; secure: boolean; ignoreTls: boolean; user?: string; pass?: string } | null;
  outboxDir: string;
  mailFrom: string;
  /** Wrong passwords an account takes before it locks. */
  signInMaxFailures: number;
  /** The first lock; each further failure locks twice as long, up to the max. */
  signInLockMinutes: number;
  signInLockMaxMinutes: number;
  /** Failures are forgotten after this long without one. */
  signInWindowMinutes: number;
  /** Wrong passwords one address makes freely; past them, one attempt per `signInAddressSlowSeconds`. */
  signInAddressFreeFailures: number;
  signInAddressSlowSeconds: number;
  /** A reset link works once, for this long after it was mailed. */
  passwordResetMinutes: number;
  /** Peers (the site, a load balancer) whose X-Forwarded-For names the client (TRUSTED_PROXIES, checked at boot). */
  trustedProxies: string[];
}

const positiveInt = (name: string, fallback: number) =>
  z.coerce.number({ message: `${name} must be a number` }).int(`${name} must be a whole number`).positive(`${name} must be above 0`).default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : value === 'true' || value === '1'));

const envSchema = z.object({
  SITE_URL: z.string().trim().optional(),
  PUBLIC_SITE_URL: z.string().trim().optional(),
  PUBLIC_CMS_URL: z.string().trim().optional(),
  CMS_PORT: z.string().trim().optional(),
  SMTP_HOST: z.string().trim().optional(),
  SMTP_PORT: positiveInt('SMTP_PORT', 587),
  SMTP_SECURE: flag(false),
  SMTP_IGNORE_TLS: flag(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  MAIL_FROM: z.string().trim().default('Framecast <no-reply@framecast.local>'),
  MAIL_OUTBOX_DIR: z.string().trim().optional(),
  SIGN_IN_MAX_FAILURES: positiveInt('SIGN_IN_MAX_FAILURES', SIGN_IN_LIMIT.failures),
  SIGN_IN_LOCK_MINUTES: positiveInt('SIGN_IN_LOCK_MINUTES', SIGN_IN_LIMIT.lockMinutes),
  SIGN_IN_LOCK_MAX_MINUTES: positiveInt('SIGN_IN_LOCK_MAX_MINUTES', SIGN_IN_LIMIT.lockMaxMinutes),
  SIGN_IN_WINDOW_MINUTES: positiveInt('SIGN_IN_WINDOW_MINUTES', SIGN_IN_LIMIT.windowMinutes),
  SIGN_IN_ADDRESS_FREE_FAILURES: positiveInt('SIGN_IN_ADDRESS_FREE_FAILURES', SIGN_IN_LIMIT.addressFreeFailures),
  SIGN_IN_ADDRESS_SLOW_SECONDS: positiveInt('SIGN_IN_ADDRESS_SLOW_SECONDS', SIGN_IN_LIMIT.addressSlowSeconds),
  PASSWORD_RESET_MINUTES: positiveInt('PASSWORD_RESET_MINUTES', 60),
  TRUSTED_PROXIES: z.string().optional(),
});

export function accountsConfigFromEnv(env: NodeJS.ProcessEnv = process.env, appDir = process.cwd()): AccountsConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid accounts settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const value = parsed.data;
  const siteUrl = (value.SITE_URL || value.PUBLIC_SITE_URL || 'http://localhost:4321').replace(/\/+$/, '');
  if (!URL.canParse(siteUrl)) throw new Error(`Invalid accounts settings: SITE_URL must be a URL such as https://videos.example.org (got "${siteUrl}")`);
  const publicApiUrl = (value.PUBLIC_CMS_URL || `http://localhost:${value.CMS_PORT || '1337'}`).replace(/\/+$/, '');
  if (value.SIGN_IN_LOCK_MAX_MINUTES < value.SIGN_IN_LOCK_MINUTES) {
    throw new Error(`Invalid accounts settings: SIGN_IN_LOCK_MAX_MINUTES (${value.SIGN_IN_LOCK_MAX_MINUTES}) must be at least SIGN_IN_LOCK_MINUTES (${value.SIGN_IN_LOCK_MINUTES})`);
  }
  let trustedProxies: string[];
  try {
    trustedProxies = parseTrustedProxies(value.TRUSTED_PROXIES);
  } catch (error) {
    throw new Error(`Invalid accounts settings: ${(error as Error).message}`);
  }
  if (!URL.canParse(publicApiUrl)) throw new Error(`Invalid accounts settings: PUBLIC_CMS_URL must be a URL (got "${publicApiUrl}")`);
  return {
    siteUrl,
    publicApiUrl,
    smtp: value.SMTP_HOST
      ? { host: value.SMTP_HOST, port: value.SMTP_PORT, secure: value.SMTP_SECURE, ignoreTls: value.SMTP_IGNORE_TLS, user: value.SMTP_USER || undefined, pass: value.SMTP_PASS || undefined }
      : null,
    outboxDir: path.resolve(appDir, value.MAIL_OUTBOX_DIR || '.tmp/outbox'),
    mailFrom: value.MAIL_FROM,
    signInMaxFailures: value.SIGN_IN_MAX_FAILURES,
    signInLockMinutes: value.SIGN_IN_LOCK_MINUTES,
    signInLockMaxMinutes: value.SIGN_IN_LOCK_MAX_MINUTES,
    signInWindowMinutes: value.SIGN_IN_WINDOW_MINUTES,
    signInAddressFreeFailures: value.SIGN_IN_ADDRESS_FREE_FAILURES,
    signInAddressSlowSeconds: value.SIGN_IN_ADDRESS_SLOW_SECONDS,
    passwordResetMinutes: value.PASSWORD_RESET_MINUTES,
    trustedProxies,
  };
}
