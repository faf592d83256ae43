/** The storage part of the settings: which driver, and its bucket or folder (see storageConfigFrom). */
import path from 'node:path';
import { z } from 'zod';
import { assertStorageKey } from '../storage/shared';
import type { StorageConfig } from '../storage/types';

export const STORAGE_VARIABLES = [
  'STORAGE_DRIVER',
  'MEDIA_ROOT',
  'S3_BUCKET',
  'S3_REGION',
  'S3_ENDPOINT',
  'S3_FORCE_PATH_STYLE',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_KEY_PREFIX',
] as const;

const isStorageKey = (value: string): boolean => {
  try {
    assertStorageKey(value);
    return true;
  } catch {
    return false;
  }
};

const driverSchema = z.object({
  STORAGE_DRIVER: z.enum(['local', 's3'], { message: 'STORAGE_DRIVER must be "local" or "s3"' }).default('local'),
});

const localEnvSchema = z.object({
  MEDIA_ROOT: z
    .string()
    .refine((value) => path.isAbsolute(value), 'MEDIA_ROOT must be an absolute path')
    .optional(),
});

const s3EnvSchema = z
  .object({
    S3_BUCKET: z
      .string({ message: 'S3_BUCKET is required when STORAGE_DRIVER=s3' })
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'S3_BUCKET must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens',
      ),
    S3_REGION: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'S3_REGION must be a region name such as us-east-1')
      .default('us-east-1'),
    S3_ENDPOINT: z.url({ protocol: /^https?$/, message: 'S3_ENDPOINT must be an http(s) URL' }).optional(),
    S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false'], { message: 'S3_FORCE_PATH_STYLE must be "true" or "false"' })
      .optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_KEY_PREFIX: z
      .string()
      .transform((value) => value.replace(/^\/+|\/+$/g, ''))
      .refine(
        (value) => value === '' || isStorageKey(value),
        'S3_KEY_PREFIX must be "/"-separated names without empty, "." or ".." parts',
      )
      .optional(),
  })
  .refine((values) => Boolean(values.S3_ACCESS_KEY_ID) === Boolean(values.S3_SECRET_ACCESS_KEY), {
    message:
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS default credential chain',
  });

function parseStorageEnv<T>(schema: z.ZodType<T>, values: Record<string, string>): T {
  const parsed = schema.safeParse(values);
  if (!parsed.success)
    throw new Error(`Storage settings: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}

/** Empty strings count as unset, as in .env files where `NAME=` is common. */
function setValuesOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '',
    ),
  );
}

/**
 * Storage settings from STORAGE_DRIVER (local | s3), MEDIA_ROOT, S3_BUCKET, S3_REGION, S3_ENDPOINT,
 * S3_FORCE_PATH_STYLE, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_KEY_PREFIX. Throws an Error naming the variable.
 */
export function storageConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: { localRoot: string },
): StorageConfig {
  const values = setValuesOnly(env);
  const { STORAGE_DRIVER } = parseStorageEnv(driverSchema, values);
  if (STORAGE_DRIVER === 'local') {
    const local = parseStorageEnv(localEnvSchema, values);
    return { driver: 'local', root: local.MEDIA_ROOT ?? path.resolve(defaults.localRoot) };
  }
  const s3 = parseStorageEnv(s3EnvSchema, values);
  return {
    driver: 's3',
    bucket: s3.S3_BUCKET,
    region: s3.S3_REGION,
    ...(s3.S3_ENDPOINT ? { endpoint: s3.S3_ENDPOINT } : {}),
    ...(s3.S3_FORCE_PATH_STYLE ? { forcePathStyle: s3.S3_FORCE_PATH_STYLE === 'true' } : {}),
    ...(s3.S3_ACCESS_KEY_ID && s3.S3_SECRET_ACCESS_KEY
      ? { accessKeyId: s3.S3_ACCESS_KEY_ID, secretAccessKey: s3.S3_SECRET_ACCESS_KEY }
      : {}),
    ...(s3.S3_KEY_PREFIX ? { keyPrefix: s3.S3_KEY_PREFIX } : {}),
  };
}
