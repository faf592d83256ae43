/**
 * The plugin's settings, parsed once from the environment. Shared by the CMS side and the stateless workers
 * (which do not boot Strapi), so it reads `process.env` and nothing of Strapi's.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_VALIDATION_OPTIONS, type ValidationOptions } from './media/validate-source';
import { storageConfigFromEnv } from './storage';
import type { StorageConfig } from './storage/types';

/** The repository root: this file is plugins/transcoding/{server/src,dist/server/src}/config.*. */
const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../../..' : '../../../..');

const GIB = 1024 ** 3;

export const ACCEPTED_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi', '.ts', '.mts'] as const;

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
  validation: ValidationOptions;
  /** Where the worker's GET /health listens. */
  workerHealthPort: number;
  /** Lifetime of signed media URLs, seconds. */
  signedUrlTtlS: number;
  /** Absolute base URL media URLs are built on (a CDN in front of the gateway, or the CMS itself). */
  mediaBaseUrl: string;
  /** Folder for downloads and encoder output while a job runs. */
  workDir: string;
}

const positiveInt = (name: string, fallback: number) =>
  z.coerce.number({ message: `${name} must be a number` }).int(`${name} must be a whole number`).positive(`${name} must be above 0`).default(fallback);

const nonNegativeInt = (name: string, fallback: number) =>
  z.coerce.number({ message: `${name} must be a number` }).int(`${name} must be a whole number`).min(0, `${name} must be 0 or more`).default(fallback);

const envSchema = z.object({
  UPLOAD_MAX_BYTES: positiveInt('UPLOAD_MAX_BYTES', 4 * GIB),
  UPLOAD_TMP_DIR: z.string().min(1).optional(),
  UPLOAD_EXPIRY_HOURS: positiveInt('UPLOAD_EXPIRY_HOURS', 24),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://').optional(),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/, 'QUEUE_PREFIX may hold letters, digits, ":", "_" and "-"').default('framecast'),
  TRANSCODE_CONCURRENCY: positiveInt('TRANSCODE_CONCURRENCY', 1),
  TRANSCODE_ATTEMPTS: positiveInt('TRANSCODE_ATTEMPTS', 3),
  TRANSCODE_BACKOFF_MS: nonNegativeInt('TRANSCODE_BACKOFF_MS', 10_000),
  TRANSCODE_LOCK_MS: positiveInt('TRANSCODE_LOCK_MS', 30_000),
  TRANSCODE_PRESET: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow']).default('veryfast'),
  TRANSCODE_THREADS: positiveInt('TRANSCODE_THREADS', os.availableParallelism()),
  TRANSCODE_WORK_DIR: z.string().min(1).optional(),
  VIDEO_MIN_DURATION_S: z.coerce.number().positive().default(DEFAULT_VALIDATION_OPTIONS.minDurationS),
  VIDEO_MAX_DURATION_S: z.coerce.number().positive().default(DEFAULT_VALIDATION_OPTIONS.maxDurationS),
  VIDEO_MIN_HEIGHT: positiveInt('VIDEO_MIN_HEIGHT', DEFAULT_VALIDATION_OPTIONS.minHeight),
  VIDEO_MAX_HEIGHT: positiveInt('VIDEO_MAX_HEIGHT', DEFAULT_VALIDATION_OPTIONS.maxHeight),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(1338),
  MEDIA_URL_TTL_S: positiveInt('MEDIA_URL_TTL_S', 4 * 60 * 60),
  CDN_URL: z.url({ message: 'CDN_URL must be an absolute URL' }).optional(),
  PUBLIC_URL: z.string().optional(),
  PORT: z.coerce.number().int().optional(),
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, as in .env files where `NAME=` is common. */
function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}

export function loadTranscodingConfig(env: NodeJS.ProcessEnv = process.env): TranscodingConfig {
  const parsed = envSchema.safeParse(definedOnly(env));
  if (!parsed.success) {
    throw new ConfigError(`Transcoding settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const values = parsed.data;
  if (values.VIDEO_MIN_DURATION_S >= values.VIDEO_MAX_DURATION_S) throw new ConfigError('VIDEO_MIN_DURATION_S must be below VIDEO_MAX_DURATION_S');
  if (values.VIDEO_MIN_HEIGHT >= values.VIDEO_MAX_HEIGHT) throw new ConfigError('VIDEO_MIN_HEIGHT must be below VIDEO_MAX_HEIGHT');
  const publicUrl = values.PUBLIC_URL || `http://localhost:${values.PORT ?? 1337}`;
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
    validation: {
      ...DEFAULT_VALIDATION_OPTIONS,
      minDurationS: values.VIDEO_MIN_DURATION_S,
      maxDurationS: values.VIDEO_MAX_DURATION_S,
      minHeight: values.VIDEO_MIN_HEIGHT,
      maxHeight: values.VIDEO_MAX_HEIGHT,
    },
    workerHealthPort: values.WORKER_HEALTH_PORT,
    signedUrlTtlS: values.MEDIA_URL_TTL_S,
    mediaBaseUrl: (values.CDN_URL ?? publicUrl).replace(/\/+$/, ''),
    workDir: path.resolve(REPO_ROOT, values.TRANSCODE_WORK_DIR ?? path.join(os.tmpdir(), 'framecast-transcode')),
  };
}
