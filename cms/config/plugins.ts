import type { Core } from '@strapi/strapi';
import { parseTrustedProxies } from '@framecast/contracts';
import { graphqlValidationRules } from '../src/public-access/graphql-limits';

type Env = Core.Config.Shared.ConfigParams['env'];

/** The transcoding plugin's settings parser (its config/index.ts, built before the CMS); `npm run worker` reads the same names through it. */
type TranscodingSettings = {
  transcodingConfigFrom(values: Record<string, string | undefined>): object;
  TRANSCODING_VARIABLES: readonly string[];
};

/** Every transcoding setting, parsed and checked by the plugin's own parser, so the CMS and the workers agree. */
function transcoding(env: Env) {
  // required, not imported: the CMS's type check runs before the plugin is built, and the plugin ships no declarations
  const { transcodingConfigFrom, TRANSCODING_VARIABLES } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@framecast/plugin-transcoding/config') as TranscodingSettings;
  return transcodingConfigFrom(Object.fromEntries(TRANSCODING_VARIABLES.map((name) => [name, env(name)])));
}

/**
 * Strapi's media library: the same S3 bucket as the transcoding outputs when STORAGE_DRIVER=s3 (files under
 * `[S3_KEY_PREFIX/]uploads/`), else the local provider (public/uploads).
 */
function mediaLibraryUpload(env: Env) {
  if (env('STORAGE_DRIVER', 'local') !== 's3') return { config: { provider: 'local' } };
  const bucket = env('S3_BUCKET', '');
  if (!bucket) throw new Error('S3_BUCKET is required when STORAGE_DRIVER=s3');
  const endpoint = env('S3_ENDPOINT', '') || undefined;
  const accessKeyId = env('S3_ACCESS_KEY_ID', '');
  const secretAccessKey = env('S3_SECRET_ACCESS_KEY', '');
  const keyPrefix = env('S3_KEY_PREFIX', '').replace(/^\/+|\/+$/g, '');
  // media library files are downloads, never pages, on the bucket's origin too (the stored type is always an allowed one)
  const asDownload = { ContentDisposition: 'attachment' };
  return {
    config: {
      provider: 'aws-s3',
      actionOptions: { upload: asDownload, uploadStream: asDownload },
      providerOptions: {
        // unset: file URLs are the bucket's own (endpoint/bucket/key), which browsers must be able to reach
        baseUrl: env('S3_PUBLIC_URL', '') || undefined,
        rootPath: keyPrefix ? `${keyPrefix}/uploads` : 'uploads',
        s3Options: {
          region: env('S3_REGION', 'us-east-1'),
          endpoint,
          forcePathStyle: env.bool('S3_FORCE_PATH_STYLE', Boolean(endpoint)),
          // unset: the AWS default credential chain (instance role, AWS_* variables)
          credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
          // checksums only where S3 requires them, as the transcoding storage driver does (S3-compatible stores vary)
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
          // no ACL header: buckets with ACLs disabled (the AWS default) reject it; public reads come from a bucket policy
          params: { Bucket: bucket, ACL: undefined },
        },
      },
    },
  };
}

/** A whole number of requests, 0 or more, from `name` (0 turns the bucket off). */
function requestsPerWindow(env: Env, name: string, fallback: number): number {
  const raw = env(name, '').trim();
  if (raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number, 0 or more (got "${raw}")`);
  return value;
}

/**
 * The CMS's one rate limiter (plugins/rate-limits): a bucket per kind of request, each counted per minute for one
 * viewer, address or admin user, in Redis when REDIS_URL is set (shared by every instance), else in memory.
 */
function rateLimits(env: Env) {
  const perMinute = (name: string, fallback: number, label: string) => ({
    limit: requestsPerWindow(env, name, fallback),
    windowMs: 60_000,
    label,
  });
  // the one list of peers whose X-Forwarded-For is believed (the accounts plugin's sign-in limits read it from here)
  const trustedProxies = parseTrustedProxies(env('TRUSTED_PROXIES', ''));
  return {
    redisUrl: env('REDIS_URL', '') || null,
    keyPrefix: env('RATE_LIMIT_PREFIX', '') || `${env('QUEUE_PREFIX', '') || 'framecast'}:rate-limit`,
    trustedProxies,
    buckets: {
      // per address
      search: perMinute('SEARCH_RATE_LIMIT', 120, 'requests'),
      views: perMinute('VIEW_RATE_LIMIT', 60, 'requests'),
      // a player sends a beacon every 15 s or so: a household behind one address plays many
      analytics: perMinute('ANALYTICS_RATE_LIMIT', 600, 'playback beacons'),
      // per viewer
      'history-saves': perMinute('HISTORY_SAVE_RATE_LIMIT', 60, 'progress saves'),
      comments: perMinute('COMMENT_RATE_LIMIT', 20, 'comments'),
      reports: perMinute('REPORT_RATE_LIMIT', 10, 'reports'),
      ratings: perMinute('RATING_RATE_LIMIT', 30, 'ratings'),
      follows: perMinute('FOLLOW_RATE_LIMIT', 30, 'follow changes'),
      collections: perMinute('COLLECTION_RATE_LIMIT', 120, 'collection changes'),
      // per admin user
      uploads: perMinute('UPLOAD_RATE_LIMIT', 30, 'uploads'),
      // per address and hour: the feedback form is open to anonymous visitors, and one person has little to say hourly
      feedback: {
        limit: requestsPerWindow(env, 'FEEDBACK_RATE_LIMIT', 5),
        windowMs: 3_600_000,
        label: 'feedback messages',
      },
    },
  };
}

/** A number from `name`, unset: undefined (the plugin's default applies); a bad value is left for the plugin's check. */
function numberFrom(env: Env, name: string): number | undefined {
  const raw = env(name);
  return raw === undefined ? undefined : Number(raw);
}

/** true/false/1/0 from `name` (empty or unset: `fallback`); anything else is left for the plugin's check. */
function flagFrom(env: Env, name: string, fallback: boolean): boolean | string {
  const raw = env(name, '');
  if (raw === '') return fallback;
  return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
}

/** A trimmed string from `name`, or undefined when unset or blank. */
function textFrom(env: Env, name: string): string | undefined {
  return env(name, '').trim() || undefined;
}

/**
 * Viewer accounts (plugins/accounts): links in mails, the SMTP relay or local outbox, sign-in limits, reset-link
 * lifetime. Unset values take the plugin's defaults (plugins/accounts/server/src/config), which checks them all.
 */
function accounts(env: Env) {
  const smtpHost = textFrom(env, 'SMTP_HOST');
  const cmsPort = textFrom(env, 'CMS_PORT');
  return {
    siteUrl: (textFrom(env, 'SITE_URL') || textFrom(env, 'PUBLIC_SITE_URL'))?.replace(/\/+$/, ''),
    publicApiUrl: (textFrom(env, 'PUBLIC_CMS_URL') || (cmsPort && `http://localhost:${cmsPort}`))?.replace(/\/+$/, ''),
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: numberFrom(env, 'SMTP_PORT') ?? 587,
          secure: flagFrom(env, 'SMTP_SECURE', false),
          ignoreTls: flagFrom(env, 'SMTP_IGNORE_TLS', false),
          user: env('SMTP_USER', '') || undefined,
          pass: env('SMTP_PASS', '') || undefined,
        }
      : null,
    outboxDir: textFrom(env, 'MAIL_OUTBOX_DIR'),
    mailFrom: textFrom(env, 'MAIL_FROM'),
    signInMaxFailures: numberFrom(env, 'SIGN_IN_MAX_FAILURES'),
    signInLockMinutes: numberFrom(env, 'SIGN_IN_LOCK_MINUTES'),
    signInLockMaxMinutes: numberFrom(env, 'SIGN_IN_LOCK_MAX_MINUTES'),
    signInWindowMinutes: numberFrom(env, 'SIGN_IN_WINDOW_MINUTES'),
    signInAddressFreeFailures: numberFrom(env, 'SIGN_IN_ADDRESS_FREE_FAILURES'),
    signInAddressSlowSeconds: numberFrom(env, 'SIGN_IN_ADDRESS_SLOW_SECONDS'),
    passwordResetMinutes: numberFrom(env, 'PASSWORD_RESET_MINUTES'),
    // the same list as the rate limiter's: one answer to whose X-Forwarded-For is believed
    trustedProxies: parseTrustedProxies(env('TRUSTED_PROXIES', '')),
  };
}

/**
 * Comment and video moderation (plugins/community): extra blocked words, how old an account must be to post links,
 * and how many viewers' reports hold a video for review.
 */
function community(env: Env) {
  return {
    blockedWords: env('COMMENT_BLOCKED_WORDS', '')
      .split(',')
      .map((word) => word.trim().toLowerCase())
      .filter(Boolean),
    linkMinAccountDays: numberFrom(env, 'COMMENT_LINK_MIN_ACCOUNT_DAYS'),
    videoReportsToHold: numberFrom(env, 'VIDEO_REPORTS_TO_HOLD'),
  };
}

/**
 * Search, related videos, trending and view counting (plugins/discovery): Meilisearch when MEILI_HOST is set, else
 * the embedded engine. Checked at boot by the plugin (its config/index.ts), with a message naming the variable.
 */
function discovery(env: Env) {
  return {
    meiliHost: env('MEILI_HOST', '').trim() || null,
    // compose gives the CMS the master key; a dedicated key set in MEILI_API_KEY wins
    meiliApiKey: env('MEILI_API_KEY', '').trim() || env('MEILI_MASTER_KEY', '').trim() || null,
    meiliIndex: env('MEILI_INDEX', 'videos').trim(),
    meiliTimeoutMs: numberFrom(env, 'MEILI_TIMEOUT_MS') ?? 2000,
    trendingHalfLifeHours: numberFrom(env, 'TRENDING_HALF_LIFE_HOURS') ?? 24,
    syncDelayMs: numberFrom(env, 'SEARCH_SYNC_DELAY_MS') ?? 50,
    // the site signs the viewer ids of view beacons with it; unset, no view is counted
    viewSigningSecret: env('VIEW_SIGNING_SECRET', '').trim() || null,
  };
}

/**
 * Creator analytics (plugins/analytics): raw events kept ANALYTICS_RAW_RETENTION_DAYS, the rollup every
 * ANALYTICS_ROLLUP_SECONDS (a BullMQ repeatable job with REDIS_URL, else a timer), the site's hosts (a referrer from
 * them is on-site). Unset values take the plugin's defaults; the plugin checks them all at boot.
 */
function analytics(env: Env) {
  const hosts = [textFrom(env, 'SITE_URL'), textFrom(env, 'PUBLIC_SITE_URL')].flatMap((url) => {
    try {
      return url ? [new URL(url).hostname] : [];
    } catch {
      return [];
    }
  });
  return {
    rawRetentionDays: numberFrom(env, 'ANALYTICS_RAW_RETENTION_DAYS'),
    rollupEverySeconds: numberFrom(env, 'ANALYTICS_ROLLUP_SECONDS'),
    saltRotationHours: numberFrom(env, 'ANALYTICS_SALT_HOURS'),
    siteId: textFrom(env, 'ANALYTICS_SITE_ID'),
    ownHosts: [...new Set(hosts)],
    redisUrl: env('REDIS_URL', '') || null,
    queuePrefix: env('QUEUE_PREFIX', '') || undefined,
    trustedProxies: parseTrustedProxies(env('TRUSTED_PROXIES', '')),
  };
}

/**
 * Scheduled publishing (plugins/publishing): with REDIS_URL each scheduled time is a BullMQ delayed job, else a timer
 * that looks at the schedule at least every PUBLISHING_POLL_SECONDS (5).
 */
function publishing(env: Env) {
  return {
    pollSeconds: numberFrom(env, 'PUBLISHING_POLL_SECONDS'),
    redisUrl: env('REDIS_URL', '') || null,
    queuePrefix: env('QUEUE_PREFIX', '') || undefined,
  };
}

/**
 * Moderation (plugins/moderation): which new creators' videos wait for a moderator (PREMODERATION_POLICY none, first or
 * all; PREMODERATION_FIRST_VIDEOS with `first`, 3). The creator's mails link to the admin at PUBLIC_URL.
 */
function moderation(env: Env) {
  return {
    premoderation: textFrom(env, 'PREMODERATION_POLICY'),
    premoderationFirst: numberFrom(env, 'PREMODERATION_FIRST_VIDEOS'),
  };
}

/**
 * Backups (plugins/backups): where they go, the daily schedule and how many are kept, pg_dump's folder, and the storage
 * settings transcoding gets (where the media are). `npm run backup` and `npm run restore` read this same object from
 * the built config. A CMS booted by a command (TRANSCODE_JOBS=off: diagnose, reindex) never runs the schedule.
 */
function backups(env: Env, storage: unknown) {
  const bootedByCommand = env('TRANSCODE_JOBS', 'on') === 'off';
  return {
    dir: textFrom(env, 'BACKUP_DIR'),
    schedule: bootedByCommand ? 'off' : textFrom(env, 'BACKUP_SCHEDULE'),
    time: textFrom(env, 'BACKUP_TIME'),
    keep: numberFrom(env, 'BACKUP_KEEP'),
    archive: flagFrom(env, 'BACKUP_ARCHIVE', true),
    postgresBinDir: textFrom(env, 'BACKUP_PG_BIN_DIR') ?? null,
    // pg_dump and pg_restore get these and the connection's own variables, nothing else of the environment
    toolEnvironment: Object.fromEntries(
      ['PATH', 'HOME'].flatMap((name) => (env(name) ? [[name, env(name) as string]] : [])),
    ),
    storage,
    // a BACKUP_DIR of s3://bucket/prefix is on the media's S3 service, whatever STORAGE_DRIVER is
    s3Service: {
      region: env('S3_REGION', 'us-east-1'),
      endpoint: textFrom(env, 'S3_ENDPOINT'),
      accessKeyId: textFrom(env, 'S3_ACCESS_KEY_ID'),
      secretAccessKey: textFrom(env, 'S3_SECRET_ACCESS_KEY'),
      forcePathStyle: flagFrom(env, 'S3_FORCE_PATH_STYLE', Boolean(textFrom(env, 'S3_ENDPOINT'))),
    },
  };
}

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const production = env('NODE_ENV') === 'production';
  const transcodingConfig = transcoding(env) as { storage: unknown };
  // landing page (playground) and introspection are development aids, off in production
  return {
    upload: mediaLibraryUpload(env),
    'users-permissions': {
      config: {
        jwtSecret: env('JWT_SECRET'),
        // short-lived access tokens and refresh tokens returned in the body: the site keeps both in its server-side session
        jwtManagement: 'refresh',
        jwt: { algorithm: 'HS256' },
        sessions: {
          accessTokenLifespan: env.int('ACCESS_TOKEN_TTL_S', 300),
          maxRefreshTokenLifespan: env.int('REFRESH_TOKEN_MAX_DAYS', 30) * 86_400,
          idleRefreshTokenLifespan: env.int('REFRESH_TOKEN_IDLE_DAYS', 30) * 86_400,
          httpOnly: false,
        },
      },
    },
    // before the plugins whose routes use its middleware
    'rate-limits': {
      enabled: true,
      resolve: '../plugins/rate-limits',
      config: rateLimits(env),
    },
    // the email plugin's provider (SMTP, or a local outbox) is set by the accounts plugin from SMTP_* and MAIL_*
    accounts: {
      enabled: true,
      resolve: '../plugins/accounts',
      config: accounts(env),
    },
    community: {
      enabled: true,
      resolve: '../plugins/community',
      config: community(env),
    },
    library: {
      enabled: true,
      resolve: '../plugins/library',
    },
    graphql: {
      config: {
        endpoint: '/graphql',
        shadowCRUD: true,
        landingPage: !production,
        depthLimit: env.int('GRAPHQL_DEPTH_LIMIT', 7),
        defaultLimit: 24,
        maxLimit: env.int('GRAPHQL_AMOUNT_LIMIT', 100),
        apolloServer: {
          introspection: !production,
          validationRules: graphqlValidationRules({
            maxDepth: env.int('GRAPHQL_DEPTH_LIMIT', 7),
            maxFields: env.int('GRAPHQL_MAX_COST', 500),
            maxAnswerSize: env.int('GRAPHQL_MAX_ANSWER_SIZE', 10_000),
            defaultPageSize: 24,
            maxPageSize: env.int('GRAPHQL_AMOUNT_LIMIT', 100),
          }),
        },
      },
    },
    diagnostics: {
      enabled: true,
      resolve: '../plugins/diagnostics',
      config: {
        production,
        siteUrl: (textFrom(env, 'SITE_URL') || textFrom(env, 'PUBLIC_SITE_URL'))?.replace(/\/+$/, '') ?? null,
        publicUrl: textFrom(env, 'PUBLIC_URL') ?? null,
        trustedProxies: env('TRUSTED_PROXIES', ''),
        proxied: env.bool('IS_PROXIED', false),
        metricsToken: textFrom(env, 'METRICS_TOKEN') ?? null,
      },
    },
    transcoding: {
      enabled: true,
      resolve: '../plugins/transcoding',
      config: transcodingConfig,
    },
    backups: {
      enabled: true,
      resolve: '../plugins/backups',
      config: backups(env, transcodingConfig.storage),
    },
    discovery: {
      enabled: true,
      resolve: '../plugins/discovery',
      config: discovery(env),
    },
    analytics: {
      enabled: true,
      resolve: '../plugins/analytics',
      config: analytics(env),
    },
    publishing: {
      enabled: true,
      resolve: '../plugins/publishing',
      config: publishing(env),
    },
    moderation: {
      enabled: true,
      resolve: '../plugins/moderation',
      config: moderation(env),
    },
    onboarding: {
      enabled: true,
      resolve: '../plugins/onboarding',
      // the admin pages' help links point at the site's help center
      config: { siteUrl: (textFrom(env, 'SITE_URL') || textFrom(env, 'PUBLIC_SITE_URL'))?.replace(/\/+$/, '') ?? null },
    },
    // its send route uses the rate-limits bucket `feedback` (FEEDBACK_RATE_LIMIT, above); no settings of its own
    feedback: {
      enabled: true,
      resolve: '../plugins/feedback',
    },
    collaboration: {
      enabled: true,
      resolve: '../plugins/collaboration',
    },
  };
};
