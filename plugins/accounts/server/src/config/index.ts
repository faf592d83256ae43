/**
 * The plugin's settings: cms/config/plugins.ts reads them from the environment (the variable each one comes from is
 * named below) and Strapi checks them here at boot. Messages name the variable, since that is what an operator sets.
 */
import { SIGN_IN_LIMIT, parseTrustedProxies } from '@framecast/contracts';
import { z } from 'zod';

export interface AccountsConfig {
  /** Where viewers use the site: links in mails point here. */
  siteUrl: string;
  /** The CMS as mail clients reach it: one-click unsubscribe posts here. */
  publicApiUrl: string;
  /** SMTP relay; null: mails are written to `outboxDir` and their links logged. */
  smtp: { host: string; port: number; secure: boolean; ignoreTls: boolean; user?: string; pass?: string } | null;
  /** Relative to the app's root. */
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
  /** Peers (the site, a load balancer) whose X-Forwarded-For names the client. */
  trustedProxies: string[];
}

/** The environment variable each setting comes from (cms/config/plugins.ts, .env.example). */
export const SETTING_VARIABLES: Record<string, string> = {
  siteUrl: 'SITE_URL',
  publicApiUrl: 'PUBLIC_CMS_URL',
  'smtp.host': 'SMTP_HOST',
  'smtp.port': 'SMTP_PORT',
  'smtp.secure': 'SMTP_SECURE',
  'smtp.ignoreTls': 'SMTP_IGNORE_TLS',
  'smtp.user': 'SMTP_USER',
  'smtp.pass': 'SMTP_PASS',
  outboxDir: 'MAIL_OUTBOX_DIR',
  mailFrom: 'MAIL_FROM',
  signInMaxFailures: 'SIGN_IN_MAX_FAILURES',
  signInLockMinutes: 'SIGN_IN_LOCK_MINUTES',
  signInLockMaxMinutes: 'SIGN_IN_LOCK_MAX_MINUTES',
  signInWindowMinutes: 'SIGN_IN_WINDOW_MINUTES',
  signInAddressFreeFailures: 'SIGN_IN_ADDRESS_FREE_FAILURES',
  signInAddressSlowSeconds: 'SIGN_IN_ADDRESS_SLOW_SECONDS',
  passwordResetMinutes: 'PASSWORD_RESET_MINUTES',
  trustedProxies: 'TRUSTED_PROXIES',
};

const defaults: AccountsConfig = {
  siteUrl: 'http://localhost:4321',
  publicApiUrl: 'http://localhost:1337',
  smtp: null,
  outboxDir: '.tmp/outbox',
  mailFrom: 'Framecast <no-reply@framecast.local>',
  signInMaxFailures: SIGN_IN_LIMIT.failures,
  signInLockMinutes: SIGN_IN_LIMIT.lockMinutes,
  signInLockMaxMinutes: SIGN_IN_LIMIT.lockMaxMinutes,
  signInWindowMinutes: SIGN_IN_LIMIT.windowMinutes,
  signInAddressFreeFailures: SIGN_IN_LIMIT.addressFreeFailures,
  signInAddressSlowSeconds: SIGN_IN_LIMIT.addressSlowSeconds,
  passwordResetMinutes: 60,
  // none: Strapi merges arrays index by index, so a default list would leak into a shorter one passed in
  // (cms/config/plugins.ts passes TRUSTED_PROXIES, which defaults to the loopback peers)
  trustedProxies: [],
};

const positiveInt = (name: string) =>
  z
    .number({ message: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be above 0`);
// the message the environment's flag values were always checked with
const flag = () => z.boolean({ message: `Invalid option: expected one of "true"|"false"|"1"|"0"|""` });

const schema = z.object({
  siteUrl: z.string(),
  publicApiUrl: z.string(),
  smtp: z
    .object({
      host: z.string().min(1),
      port: positiveInt('SMTP_PORT'),
      secure: flag(),
      ignoreTls: flag(),
      user: z.string().optional(),
      pass: z.string().optional(),
    })
    .nullable(),
  outboxDir: z.string().min(1),
  mailFrom: z.string(),
  signInMaxFailures: positiveInt('SIGN_IN_MAX_FAILURES'),
  signInLockMinutes: positiveInt('SIGN_IN_LOCK_MINUTES'),
  signInLockMaxMinutes: positiveInt('SIGN_IN_LOCK_MAX_MINUTES'),
  signInWindowMinutes: positiveInt('SIGN_IN_WINDOW_MINUTES'),
  signInAddressFreeFailures: positiveInt('SIGN_IN_ADDRESS_FREE_FAILURES'),
  signInAddressSlowSeconds: positiveInt('SIGN_IN_ADDRESS_SLOW_SECONDS'),
  passwordResetMinutes: positiveInt('PASSWORD_RESET_MINUTES'),
  trustedProxies: z.array(z.string()),
});

/** Throws, naming the variable, when a setting cannot work. */
function validator(config: unknown): void {
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    const named = (path: PropertyKey[]) => SETTING_VARIABLES[path.join('.')] ?? path.join('.');
    throw new Error(
      `Invalid accounts settings: ${parsed.error.issues.map((issue) => `${named(issue.path)}: ${issue.message}`).join('; ')}`,
    );
  }
  const value = parsed.data;
  if (!URL.canParse(value.siteUrl))
    throw new Error(
      `Invalid accounts settings: SITE_URL must be a URL such as https://videos.example.org (got "${value.siteUrl}")`,
    );
  if (value.signInLockMaxMinutes < value.signInLockMinutes) {
    throw new Error(
      `Invalid accounts settings: SIGN_IN_LOCK_MAX_MINUTES (${value.signInLockMaxMinutes}) must be at least SIGN_IN_LOCK_MINUTES (${value.signInLockMinutes})`,
    );
  }
  try {
    parseTrustedProxies(value.trustedProxies.join(','));
  } catch (error) {
    throw new Error(`Invalid accounts settings: ${(error as Error).message}`, { cause: error });
  }
  if (!URL.canParse(value.publicApiUrl))
    throw new Error(`Invalid accounts settings: PUBLIC_CMS_URL must be a URL (got "${value.publicApiUrl}")`);
}

export default { default: defaults, validator };
