/**
 * The plugin's settings. `transcodingConfigFrom` turns environment-shaped values into the one validated
 * settings object; it is called by the two process entry points, never inside the plugin: cms/config/plugins.ts
 * (with Strapi's `env`) and jobs/worker-main.ts (the stateless worker, which does not boot Strapi). Strapi then
 * checks what cms/config/plugins.ts passed with `validator` below.
 */
import os from 'node:os';
import path from 'node:path';
import { mediaLadder } from '@framecast/contracts';
import { z } from 'zod';
import { mediaToolsFrom, type MediaTools } from '../media/ffmpeg';
import { DEFAULT_VALIDATION_OPTIONS, type ValidationOptions } from '../media/validate-source';
import type { StorageConfig } from '../storage/types';
import { STORAGE_VARIABLES, storageConfigFromEnv } from './storage';

/** The repository root: this file is plugins/transcoding/{server/src,dist/server/src}/config/index.*. */
const REPO_ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../../../..' : '../../../../..',
);

const GIB = 1024 ** 3;

export interface TranscodingConfig {
  storage: StorageConfig;
  /** Largest upload accepted (tus and media library), bytes. */
  maxUploadBytes: number;
  /** Local folder for tus uploads in progress. */
  uploadDir: string;
  /** Partial uploads untouched this long are deleted. */
  uploadExpiryMs: number;
  /** Set: BullMQ on this Redis; unset: the in-process runner. */
  redisUrl: string | null;
  /** Namespace of every BullMQ key, so several deployments (or test runs) can share one Redis. */
  queuePrefix: string;
  /** Jobs one process runs at the same time. */
  concurrency: number;
  attempts: number;
  /** First retry delay; doubles each attempt. */
  backoffMs: number;
  /** A BullMQ job whose worker stops renewing its lock for this long is handed to another worker. */
  lockDurationMs: number;
  preset: string;
  threads: number;
  /**
   * Split encodes (BullMQ only): a source at least `minDurationS` long is cut into chunks of about `chunkS` that the
   * workers encode side by side (media/chunks.ts); `chunkS` 0 turns it off. The in-process runner keeps one pass.
   */
  chunking: { chunkS: number; minDurationS: number };
  validation: ValidationOptions;
  /** Where the worker's GET /health and GET /metrics listen. */
  workerHealthPort: number;
  /** METRICS_TOKEN: the bearer token the worker's GET /metrics asks for (`@framecast/contracts` metricsAccess). */
  metricsToken: string | null;
  /** NODE_ENV is production: without a metrics token, the worker's /metrics answers nobody. */
  production: boolean;
  /** Lifetime of signed media URLs, seconds. */
  signedUrlTtlS: number;
  /** Absolute base URL of media URLs (CDN_URL, a CDN in front of the gateway); '' keeps them root-relative on the CMS origin. */
  mediaBaseUrl: string;
  /** MEDIA_SIGNING_SECRET; null: derived from the admin JWT secret (services/playback.ts). */
  signingSecret: string | null;
  /** Folder for downloads and encoder output while a job runs. */
  workDir: string;
  /**
   * This process runs jobs (in process) and applies their outcomes (BullMQ). Off (TRANSCODE_JOBS=off) for a CMS
   * booted by a command such as `npm run diagnose`, which must not take over the running platform's work.
   */
  processJobs: boolean;
  /** The ffmpeg, ffprobe and nice binaries (absolute paths, resolved once here) and the environment they run with. */
  mediaTools: MediaTools;
}

/** Every variable `transcodingConfigFrom` reads (the entry points pass these). */
export const TRANSCODING_VARIABLES = [
  ...STORAGE_VARIABLES,
  'UPLOAD_MAX_BYTES',
  'UPLOAD_TMP_DIR',
  'UPLOAD_EXPIRY_HOURS',
  'REDIS_URL',
  'QUEUE_PREFIX',
  'TRANSCODE_CONCURRENCY',
  'TRANSCODE_ATTEMPTS',
  'TRANSCODE_BACKOFF_MS',
  'TRANSCODE_LOCK_MS',
  'TRANSCODE_PRESET',
  'TRANSCODE_THREADS',
  'TRANSCODE_CHUNK_S',
  'TRANSCODE_CHUNK_MIN_S',
  'TRANSCODE_WORK_DIR',
  'TRANSCODE_JOBS',
  'VIDEO_MIN_DURATION_S',
  'VIDEO_MAX_DURATION_S',
  'VIDEO_MIN_HEIGHT',
  'VIDEO_MAX_HEIGHT',
  'WORKER_HEALTH_PORT',
  'MEDIA_URL_TTL_S',
  'CDN_URL',
  'MEDIA_SIGNING_SECRET',
  'METRICS_TOKEN',
  'NODE_ENV',
  'FFMPEG_PATH',
  'FFPROBE_PATH',
  'PATH',
  'LD_LIBRARY_PATH',
  'DYLD_LIBRARY_PATH',
  'SYSTEMROOT',
] as const;

export type TranscodingVariables = Partial<Record<string, string | undefined>>;

const positiveInt = (name: string, fallback: number) =>
  z.coerce
    .number({ message: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be above 0`)
    .default(fallback);

const nonNegativeInt = (name: string, fallback: number) =>
  z.coerce
    .number({ message: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(0, `${name} must be 0 or more`)
    .default(fallback);

const PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
] as const;

const envSchema = z.object({
  UPLOAD_MAX_BYTES: positiveInt('UPLOAD_MAX_BYTES', 4 * GIB),
  UPLOAD_TMP_DIR: z.string().min(1).optional(),
  UPLOAD_EXPIRY_HOURS: positiveInt('UPLOAD_EXPIRY_HOURS', 24),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/, 'QUEUE_PREFIX may hold letters, digits, ":", "_" and "-"')
    .default('framecast'),
  TRANSCODE_CONCURRENCY: positiveInt('TRANSCODE_CONCURRENCY', 1),
  TRANSCODE_ATTEMPTS: positiveInt('TRANSCODE_ATTEMPTS', 3),
  TRANSCODE_BACKOFF_MS: nonNegativeInt('TRANSCODE_BACKOFF_MS', 10_000),
  TRANSCODE_LOCK_MS: positiveInt('TRANSCODE_LOCK_MS', 30_000),
  TRANSCODE_PRESET: z.enum(PRESETS).default('veryfast'),
  TRANSCODE_JOBS: z.enum(['on', 'off'], { message: 'TRANSCODE_JOBS must be on or off' }).default('on'),
  TRANSCODE_THREADS: positiveInt('TRANSCODE_THREADS', os.availableParallelism()),
  TRANSCODE_CHUNK_S: nonNegativeInt('TRANSCODE_CHUNK_S', 60).refine(
    (value) => value % mediaLadder.keyframeIntervalS === 0,
    `TRANSCODE_CHUNK_S must be a multiple of the ${mediaLadder.keyframeIntervalS} s keyframe interval (or 0: no split encodes)`,
  ),
  TRANSCODE_CHUNK_MIN_S: positiveInt('TRANSCODE_CHUNK_MIN_S', 240),
  TRANSCODE_WORK_DIR: z.string().min(1).optional(),
  VIDEO_MIN_DURATION_S: z.coerce.number().positive().default(DEFAULT_VALIDATION_OPTIONS.minDurationS),
  VIDEO_MAX_DURATION_S: z.coerce.number().positive().default(DEFAULT_VALIDATION_OPTIONS.maxDurationS),
  VIDEO_MIN_HEIGHT: positiveInt('VIDEO_MIN_HEIGHT', DEFAULT_VALIDATION_OPTIONS.minHeight),
  VIDEO_MAX_HEIGHT: positiveInt('VIDEO_MAX_HEIGHT', DEFAULT_VALIDATION_OPTIONS.maxHeight),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(1338),
  MEDIA_URL_TTL_S: positiveInt('MEDIA_URL_TTL_S', 4 * 60 * 60),
  CDN_URL: z.url({ message: 'CDN_URL must be an absolute URL' }).optional(),
  MEDIA_SIGNING_SECRET: z.string().optional(),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters (`openssl rand -hex 24`)').optional(),
  NODE_ENV: z.string().optional(),
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, as in .env files where `NAME=` is common. */
function definedOnly(env: TranscodingVariables): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''),
  );
}

/** The settings from environment-shaped values (`process.env`, or what Strapi's `env` reads); throws a ConfigError naming the variable. */
export function transcodingConfigFrom(env: TranscodingVariables): TranscodingConfig {
  const parsed = envSchema.safeParse(definedOnly(env));
  if (!parsed.success) {
    throw new ConfigError(
      `Transcoding settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  const values = parsed.data;
  if (values.VIDEO_MIN_DURATION_S >= values.VIDEO_MAX_DURATION_S)
    throw new ConfigError('VIDEO_MIN_DURATION_S must be below VIDEO_MAX_DURATION_S');
  if (values.VIDEO_MIN_HEIGHT >= values.VIDEO_MAX_HEIGHT)
    throw new ConfigError('VIDEO_MIN_HEIGHT must be below VIDEO_MAX_HEIGHT');
  return {
    storage: storageConfigFromEnv(env, { localRoot: path.join(REPO_ROOT, 'media') }),
    maxUploadBytes: values.UPLOAD_MAX_BYTES,
    uploadDir: path.resolve(REPO_ROOT, values.UPLOAD_TMP_DIR ?? '.cache/uploads'),
    uploadExpiryMs: values.UPLOAD_EXPIRY_HOURS * 60 * 60 * 1000,
    redisUrl: values.REDIS_URL ?? null,
    queuePrefix: values.QUEUE_PREFIX,
    concurrency: values.TRANSCODE_CONCURRENCY,
    attempts: values.TRANSCODE_ATTEMPTS,
    backoffMs: values.TRANSCODE_BACKOFF_MS,
    lockDurationMs: values.TRANSCODE_LOCK_MS,
    preset: values.TRANSCODE_PRESET,
    threads: values.TRANSCODE_THREADS,
    chunking: { chunkS: values.TRANSCODE_CHUNK_S, minDurationS: values.TRANSCODE_CHUNK_MIN_S },
    validation: {
      ...DEFAULT_VALIDATION_OPTIONS,
      minDurationS: values.VIDEO_MIN_DURATION_S,
      maxDurationS: values.VIDEO_MAX_DURATION_S,
      minHeight: values.VIDEO_MIN_HEIGHT,
      maxHeight: values.VIDEO_MAX_HEIGHT,
    },
    workerHealthPort: values.WORKER_HEALTH_PORT,
    metricsToken: values.METRICS_TOKEN ?? null,
    production: values.NODE_ENV === 'production',
    signedUrlTtlS: values.MEDIA_URL_TTL_S,
    mediaBaseUrl: (values.CDN_URL ?? '').replace(/\/+$/, ''),
    signingSecret: values.MEDIA_SIGNING_SECRET ?? null,
    workDir: path.resolve(REPO_ROOT, values.TRANSCODE_WORK_DIR ?? path.join(os.tmpdir(), 'framecast-transcode')),
    processJobs: values.TRANSCODE_JOBS === 'on',
    mediaTools: mediaToolsFrom(env),
  };
}

const whole = z.number().int().positive();
const storageSchema = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('local'), root: z.string().min(1) }),
  z.object({ driver: z.literal('s3'), bucket: z.string().min(1), region: z.string().min(1) }).loose(),
]);

/** The shape Strapi checks at boot: what cms/config/plugins.ts passed, made by `transcodingConfigFrom`. */
const configSchema = z.object({
  storage: storageSchema,
  maxUploadBytes: whole,
  uploadDir: z.string().min(1),
  uploadExpiryMs: whole,
  redisUrl: z.string().nullable(),
  queuePrefix: z.string().min(1),
  concurrency: whole,
  attempts: whole,
  backoffMs: z.number().int().min(0),
  lockDurationMs: whole,
  preset: z.enum(PRESETS),
  threads: whole,
  chunking: z.object({ chunkS: z.number().int().min(0), minDurationS: whole }),
  validation: z.object({
    minDurationS: z.number().positive(),
    maxDurationS: z.number().positive(),
    minHeight: whole,
    maxHeight: whole,
    probeTimeoutMs: whole,
  }),
  workerHealthPort: z.number().int().min(0).max(65535),
  metricsToken: z.string().min(16).nullable(),
  production: z.boolean(),
  signedUrlTtlS: whole,
  mediaBaseUrl: z.string(),
  signingSecret: z.string().nullable(),
  workDir: z.string().min(1),
  processJobs: z.boolean(),
  mediaTools: z.object({
    ffmpegPath: z.string().min(1).nullable(),
    ffprobePath: z.string().min(1).nullable(),
    nicePath: z.string().min(1).nullable(),
    env: z.record(z.string(), z.string()).nullable(),
  }),
});

export default {
  // no defaults here: they live in transcodingConfigFrom, which cms/config/plugins.ts calls
  default: {},
  validator(config: unknown) {
    const parsed = configSchema.safeParse(config);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`)
        .join('; ');
      throw new ConfigError(
        `Transcoding settings (pass transcodingConfigFrom(...) from cms/config/plugins.ts): ${problems}`,
      );
    }
  },
};
