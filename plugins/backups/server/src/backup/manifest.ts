/**
 * A backup's table of contents (manifest.json): what made it (Framecast and Strapi versions, the database kind and its
 * schema state, the media driver), when, and every file with its size and sha256. A restore trusts nothing the
 * manifest does not vouch for.
 */
import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';
import { BackupDamagedError } from './errors';

export const MANIFEST_NAME = 'manifest.json';
export const FORMAT = 'framecast-backup';
/** The manifest's layout; a restore refuses a later one (made by a newer Framecast). */
export const FORMAT_VERSION = 1;

/** Where the database lives inside a backup, by kind. */
export const DATABASE_FILES = { sqlite: 'database/framecast.sqlite', postgres: 'database/framecast.pgdump' } as const;

/** A relative '/'-separated path with no empty, '.' or '..' part: nothing in a backup may point outside it. */
export function isSafeRelativePath(value: string): boolean {
  if (value === '' || value.includes('\\') || value.includes('\0')) return false;
  return value.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hexadecimal digits');

const fileSchema = z.object({
  path: z.string().refine(isSafeRelativePath, 'must be a relative path inside the backup'),
  size: z.number().int().min(0),
  sha256,
  /** S3 objects: the headers they are served with, put back on restore. */
  contentType: z.string().optional(),
  contentDisposition: z.string().optional(),
  cacheControl: z.string().optional(),
});

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.number().int().positive(),
  framecastVersion: z.string(),
  strapiVersion: z.string(),
  createdAt: z.iso.datetime(),
  database: z.object({
    kind: z.enum(['sqlite', 'postgres']),
    file: z.string(),
    /** Strapi's hash of the schema it last synchronised (strapi_database_schema), null when it never did. */
    schemaHash: z.string().nullable(),
    /** The migrations the database has run: Strapi's own (strapi_migrations_internal) and the app's (strapi_migrations). */
    migrations: z.object({ internal: z.array(z.string()), app: z.array(z.string()) }),
  }),
  media: z.object({
    driver: z.enum(['local', 's3']),
    /** local: `media` (MEDIA_ROOT) and `uploads` (the media library); s3: `bucket` (everything under the key prefix). */
    areas: z.array(z.object({ name: z.string(), files: z.number().int().min(0), bytes: z.number().int().min(0) })),
    bucket: z.string().optional(),
    keyPrefix: z.string().optional(),
  }),
  files: z.array(fileSchema),
  totals: z.object({ files: z.number().int().min(0), bytes: z.number().int().min(0) }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof fileSchema>;
export type DatabaseKind = Manifest['database']['kind'];
export type MediaDriver = Manifest['media']['driver'];

/** The manifest in `text`, or BackupDamagedError saying what is wrong with it. */
export function parseManifest(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BackupDamagedError(`${MANIFEST_NAME} is damaged: ${(error as Error).message}`, MANIFEST_NAME);
  }
  const format = (json as { format?: unknown; formatVersion?: unknown } | null) ?? {};
  if (format.format === FORMAT && typeof format.formatVersion === 'number' && format.formatVersion > FORMAT_VERSION) {
    // read before the schema check: a later layout may not match this one, and saying so is the useful message
    return json as Manifest;
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupDamagedError(
      `${MANIFEST_NAME} is not a Framecast backup manifest (${issue.path.join('.') || 'the whole file'}: ${issue.message})`,
      MANIFEST_NAME,
    );
  }
  const paths = new Set<string>();
  for (const file of parsed.data.files) {
    if (paths.has(file.path)) throw new BackupDamagedError(`${MANIFEST_NAME} lists ${file.path} twice`, MANIFEST_NAME);
    paths.add(file.path);
  }
  if (!paths.has(parsed.data.database.file))
    throw new BackupDamagedError(`${MANIFEST_NAME} does not list the database file it names`, MANIFEST_NAME);
  return parsed.data;
}

/** A sha256 fed chunk by chunk, with the byte count. */
export function fileHasher(): { update(chunk: Buffer): void; digest(): { sha256: string; size: number } } {
  const hash: Hash = createHash('sha256');
  let size = 0;
  return {
    update(chunk) {
      hash.update(chunk);
      size += chunk.length;
    },
    digest: () => ({ sha256: hash.digest('hex'), size }),
  };
}
