/**
 * Where backups are kept (BACKUP_DIR, or the command's target): a folder, or a bucket named `s3://bucket/prefix` on the
 * S3 service of the media settings (S3_ENDPOINT, S3_REGION, credentials, whatever STORAGE_DRIVER is). A backup for a
 * bucket is made as one archive in a staging folder, uploaded, checked by its size and removed locally; a restore from
 * a bucket downloads the archive first. Retention is the same rule in both (retention.ts names and sorts them).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Location } from '@framecast/contracts';
import { s3ClientFor } from './media';
import { backupMadeAt, listBackups, pruneBackups, type StoredBackup } from './retention';

/** The S3 service a bucket place is on: the media settings' connection, without a bucket. */
export type S3Service = Omit<S3Location, 'bucket' | 'keyPrefix'>;

export type BackupPlace = { kind: 'folder'; dir: string } | { kind: 'bucket'; s3: S3Location };

const BUCKET_URL = /^s3:\/\/([^/]+)\/?(.*)$/;

export const isBucketLocation = (location: string) => location.startsWith('s3://');

/** `s3://bucket/prefix` or a folder (relative: from `base`). */
export function backupPlace(location: string, base: string, service: S3Service | null): BackupPlace {
  const match = BUCKET_URL.exec(location.trim());
  if (!match) return { kind: 'folder', dir: path.resolve(base, location) };
  if (!service)
    throw new Error(
      `${location} is a bucket: set S3_REGION (and S3_ENDPOINT, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY for a store other than AWS with its default credentials)`,
    );
  const keyPrefix = match[2]!.replace(/\/+$/, '');
  return { kind: 'bucket', s3: { ...service, bucket: match[1]!, keyPrefix } };
}

export function describePlace(place: BackupPlace): string {
  return place.kind === 'folder' ? place.dir : `s3://${place.s3.bucket}/${place.s3.keyPrefix ?? ''}`;
}

const keyOf = (s3: S3Location, name: string) => (s3.keyPrefix ? `${s3.keyPrefix}/${name}` : name);

/** `s3://bucket/key` split into a place (the key's folder) and the backup's name. */
function bucketObject(location: string, service: S3Service | null): { place: S3Location; name: string } {
  const place = backupPlace(location, '/', service);
  if (place.kind !== 'bucket') throw new Error(`${location} is not a bucket address`);
  const key = place.s3.keyPrefix ?? '';
  const name = key.split('/').pop() ?? '';
  if (!name) throw new Error(`${location} names a bucket, not a backup in it: add the backup's name`);
  return { place: { ...place.s3, keyPrefix: key.split('/').slice(0, -1).join('/') }, name };
}

async function withClient<T>(s3: S3Location, work: (client: S3Client) => Promise<T>): Promise<T> {
  const client = s3ClientFor(s3);
  try {
    return await work(client);
  } catch (error) {
    if ((error as Error).name === 'CredentialsProviderError')
      throw new Error(
        `s3://${s3.bucket}: no credentials for the bucket (${(error as Error).message}): set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY`,
        { cause: error },
      );
    throw error;
  } finally {
    client.destroy();
  }
}

/** The backups in a place, newest first. */
export async function listStored(place: BackupPlace): Promise<StoredBackup[]> {
  if (place.kind === 'folder') return listBackups(place.dir);
  return withClient(place.s3, async (client) => {
    const found: StoredBackup[] = [];
    const prefix = place.s3.keyPrefix ? `${place.s3.keyPrefix}/` : '';
    for await (const page of paginateListObjectsV2(
      { client },
      { Bucket: place.s3.bucket, Prefix: prefix || undefined, Delimiter: '/' },
    )) {
      for (const item of page.Contents ?? []) {
        const name = item.Key!.slice(prefix.length);
        const madeAt = backupMadeAt(name);
        if (madeAt) found.push({ name, location: `s3://${place.s3.bucket}/${item.Key}`, madeAt });
      }
    }
    return found.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  });
}

/** All but the newest `keep` backups removed (and, in a folder, day-old leftovers); answers what was removed. */
export async function pruneStored(place: BackupPlace, keep: number, now: Date = new Date()): Promise<string[]> {
  if (place.kind === 'folder') return pruneBackups(place.dir, keep, now);
  const old = (await listStored(place)).slice(keep);
  await withClient(place.s3, async (client) => {
    for (const backup of old)
      await client.send(new DeleteObjectCommand({ Bucket: place.s3.bucket, Key: keyOf(place.s3, backup.name) }));
  });
  return old.map((backup) => backup.location);
}

/**
 * Makes a backup named `name` in a place: `make` writes it to the local path it is given (in the folder itself, or a
 * staging folder for a bucket, then uploaded; the archive is refused when the bucket already has that name).
 * Answers where it is.
 */
export async function storeBackup<T>(
  place: BackupPlace,
  name: string,
  make: (target: string) => Promise<T>,
  staging: string = tmpdir(),
): Promise<{ location: string; made: T }> {
  if (place.kind === 'folder') {
    const target = path.join(place.dir, name);
    return { location: target, made: await make(target) };
  }
  if (!name.endsWith('.tar'))
    throw new Error(`a backup in a bucket is one archive: name it s3://${place.s3.bucket}/…/${name}.tar`);
  const { s3 } = place;
  const key = keyOf(s3, name);
  const location = `s3://${s3.bucket}/${key}`;
  return withClient(s3, async (client) => {
    const taken = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key })).then(
      () => true,
      (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
        if (error.name === 'NotFound' || error.$metadata?.httpStatusCode === 404) return false;
        throw error;
      },
    );
    if (taken) throw new Error(`${location} already exists: choose a new name for the backup`);
    const folder = await mkdtemp(path.join(staging, '.framecast-backup-'));
    try {
      const file = path.join(folder, name);
      const made = await make(file);
      const { size } = await stat(file);
      await new Upload({
        client,
        params: { Bucket: s3.bucket, Key: key, Body: createReadStream(file), ContentType: 'application/x-tar' },
        // 16 MiB parts, two at a time: a large archive is never held in memory
        partSize: 16 * 1024 * 1024,
        queueSize: 2,
      }).done();
      const stored = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
      if (stored.ContentLength !== size)
        throw new Error(`${location} holds ${stored.ContentLength} bytes after the upload, not ${size}`);
      return { location, made };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
}

/**
 * A backup to read: a local folder or archive as it is, or an archive in a bucket downloaded into a staging folder
 * (`release` removes the copy).
 */
export async function fetchStored(
  location: string,
  service: S3Service | null,
  staging: string = tmpdir(),
): Promise<{ path: string; release: () => Promise<void> }> {
  if (!isBucketLocation(location)) return { path: location, release: async () => undefined };
  const { place, name } = bucketObject(location, service);
  const folder = await mkdtemp(path.join(staging, '.framecast-restore-'));
  const file = path.join(folder, name);
  try {
    await withClient(place, async (client) => {
      const object = await client
        .send(new GetObjectCommand({ Bucket: place.bucket, Key: keyOf(place, name) }))
        .catch((error: { name?: string }) => {
          if (error.name === 'NoSuchKey') throw new Error(`${location}: no such backup in the bucket`);
          throw error;
        });
      await pipeline(object.Body as Readable, createWriteStream(file));
    });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { path: file, release: () => rm(folder, { recursive: true, force: true }) };
}
