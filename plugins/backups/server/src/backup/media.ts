/**
 * The media half of a backup and a restore: the local folders (MEDIA_ROOT's sources and HLS outputs, the media
 * library's uploads/) or the S3 bucket (everything under the key prefix). Files are read one at a time with the size
 * of what was opened, so a file replaced meanwhile is read whole, old or new; a file removed meanwhile is skipped.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BackupDamagedError } from './errors';
import { fileHasher, isSafeRelativePath, type ManifestFile } from './manifest';
import type { MediaTarget, S3Location } from './platform';

/** Folders a restore works in inside a media folder; never part of the media. */
const WORK_FOLDER = /^\.framecast-(restoring|replaced)-/;

export interface StoredMedia {
  area: string;
  /** '/'-separated, relative to the area. */
  key: string;
}

export interface OpenedMedia {
  size: number;
  body: Readable;
  contentType?: string;
  contentDisposition?: string;
  cacheControl?: string;
}

export interface MediaReader {
  /** Every file, area by area, in a stable order; `skipped` gets keys no restore could write back. */
  list(skipped: (what: string) => void): Promise<StoredMedia[]>;
  /** The file's bytes and headers, or null when it was removed since it was listed. */
  open(item: StoredMedia): Promise<OpenedMedia | null>;
  close(): void;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const name = (error as { name?: string } | undefined)?.name;
  return code === 'ENOENT' || code === 'ENOTDIR' || name === 'NoSuchKey' || name === 'NotFound';
}

/** Every regular file below `dir` (links followed), '/'-separated and sorted; a missing folder has none. */
async function localFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string, relative: string[]): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true }).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (relative.length === 0 && WORK_FOLDER.test(entry.name)) continue;
      const absolute = path.join(current, entry.name);
      const info = await stat(absolute).catch(() => null);
      if (info?.isDirectory()) await walk(absolute, [...relative, entry.name]);
      else if (info?.isFile()) found.push([...relative, entry.name].join('/'));
    }
  };
  await walk(dir, []);
  return found;
}

export function s3ClientFor(s3: S3Location): S3Client {
  return new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle ?? Boolean(s3.endpoint),
    credentials:
      s3.accessKeyId && s3.secretAccessKey
        ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
        : undefined,
    // as the transcoding storage driver: many S3-compatible stores cannot parse the SDK's streaming checksum trailers
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const prefixOf = (s3: S3Location) => (s3.keyPrefix ? `${s3.keyPrefix}/` : '');

async function s3Keys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix || undefined })) {
    for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
  }
  return keys.sort();
}

export function mediaReader(target: MediaTarget): MediaReader {
  if (target.driver === 'local') {
    const dirOf = (area: string) => target.areas.find((candidate) => candidate.name === area)!.dir;
    return {
      async list() {
        const items: StoredMedia[] = [];
        for (const area of target.areas) {
          for (const key of await localFiles(area.dir)) items.push({ area: area.name, key });
        }
        return items;
      },
      async open(item) {
        const handle = await open(path.join(dirOf(item.area), ...item.key.split('/')), 'r').catch((error: unknown) => {
          if (isMissing(error)) return null;
          throw error;
        });
        if (!handle) return null;
        const { size } = await handle.stat();
        return { size, body: handle.createReadStream() };
      },
      close() {},
    };
  }
  const { s3 } = target;
  const client = s3ClientFor(s3);
  const prefix = prefixOf(s3);
  return {
    async list(skipped) {
      const items: StoredMedia[] = [];
      for (const objectKey of await s3Keys(client, s3.bucket, prefix)) {
        const key = objectKey.slice(prefix.length);
        if (isSafeRelativePath(key)) items.push({ area: 'bucket', key });
        else skipped(objectKey);
      }
      return items;
    },
    async open(item) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: prefix + item.key }));
        return {
          size: object.ContentLength ?? 0,
          body: object.Body as Readable,
          contentType: object.ContentType,
          contentDisposition: object.ContentDisposition,
          cacheControl: object.CacheControl,
        };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    close() {
      client.destroy();
    },
  };
}

/** How many files the target's media holds, and the first one (for the message that refuses a restore onto it). */
export async function mediaContents(target: MediaTarget): Promise<{ files: number; example: string | null }> {
  const reader = mediaReader(target);
  try {
    const items = await reader.list(() => undefined);
    const located = items.map((item) =>
      target.driver === 'local'
        ? path.join(target.areas.find((area) => area.name === item.area)!.dir, item.key)
        : `s3://${target.s3.bucket}/${prefixOf(target.s3)}${item.key}`,
    );
    return { files: items.length, example: located[0] ?? null };
  } finally {
    reader.close();
  }
}

/**
 * A media restore: `put()` writes each file where nothing reads it yet (local: a work folder inside each media folder;
 * S3: its key, the target's own objects first copied aside when replacing), checking its sha256 as it goes; `apply()`
 * makes the restored set the only one; `finish()` drops what was kept aside; `undo()` returns to what was there.
 */
export interface MediaRestore {
  put(area: string, key: string, file: ManifestFile, body: Readable): Promise<void>;
  apply(): Promise<void>;
  finish(): Promise<void>;
  undo(): Promise<void>;
}

const workSuffix = () => `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** Streams `body` through a sha256 into `sink`, then compares with the manifest. */
async function checkedCopy(file: ManifestFile, body: Readable, sink: (hashed: Readable) => Promise<void>) {
  const hasher = fileHasher();
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hasher.update(chunk);
      done(null, chunk);
    },
  });
  await Promise.all([sink(hashing), pipeline(body, hashing)]);
  const digest = hasher.digest();
  if (digest.size !== file.size || digest.sha256 !== file.sha256)
    throw new BackupDamagedError(
      `${file.path} changed while it was being restored: its sha256 does not match`,
      file.path,
    );
}

export async function beginMediaRestore(target: MediaTarget): Promise<MediaRestore> {
  return target.driver === 'local' ? beginLocalRestore(target) : beginS3Restore(target.s3);
}

async function beginLocalRestore(target: Extract<MediaTarget, { driver: 'local' }>): Promise<MediaRestore> {
  const suffix = workSuffix();
  const areas = target.areas.map((area) => ({
    ...area,
    staging: path.join(area.dir, `.framecast-restoring-${suffix}`),
    aside: path.join(area.dir, `.framecast-replaced-${suffix}`),
    movedAside: [] as string[],
    movedIn: [] as string[],
  }));
  for (const area of areas) await mkdir(area.staging, { recursive: true });
  const areaNamed = (name: string) => {
    const area = areas.find((candidate) => candidate.name === name);
    if (!area) throw new BackupDamagedError(`the backup has media for "${name}", which this platform does not keep`);
    return area;
  };
  return {
    async put(areaName, key, file, body) {
      const area = areaNamed(areaName);
      const destination = path.join(area.staging, ...key.split('/'));
      await mkdir(path.dirname(destination), { recursive: true });
      await checkedCopy(file, body, (hashed) => pipeline(hashed, createWriteStream(destination, { flags: 'wx' })));
    },
    async apply() {
      // what was there (nothing but empty folders, unless replacing) goes aside, then the restored entries move in:
      // renames inside each media folder, so a folder that is a mount point works too
      for (const area of areas) {
        for (const entry of await readdir(area.dir)) {
          if (WORK_FOLDER.test(entry)) continue;
          await mkdir(area.aside, { recursive: true });
          await rename(path.join(area.dir, entry), path.join(area.aside, entry));
          area.movedAside.push(entry);
        }
        for (const entry of await readdir(area.staging)) {
          await rename(path.join(area.staging, entry), path.join(area.dir, entry));
          area.movedIn.push(entry);
        }
      }
    },
    async finish() {
      for (const area of areas) {
        await rm(area.aside, { recursive: true, force: true });
        await rm(area.staging, { recursive: true, force: true });
      }
    },
    async undo() {
      for (const area of areas) {
        for (const entry of area.movedIn) await rm(path.join(area.dir, entry), { recursive: true, force: true });
        for (const entry of area.movedAside) await rename(path.join(area.aside, entry), path.join(area.dir, entry));
        area.movedIn = [];
        area.movedAside = [];
        await rm(area.aside, { recursive: true, force: true });
        await rm(area.staging, { recursive: true, force: true });
      }
    },
  };
}

const DELETE_BATCH = 1000;

const encodeKeyPath = (key: string) => key.split('/').map(encodeURIComponent).join('/');

async function beginS3Restore(s3: S3Location): Promise<MediaRestore> {
  const client = s3ClientFor(s3);
  const prefix = prefixOf(s3);
  const asideRoot = `framecast-replaced-${workSuffix()}/`;
  const existing = await s3Keys(client, s3.bucket, prefix);
  const uploaded = new Set<string>();
  const copy = (from: string, to: string) =>
    client.send(
      new CopyObjectCommand({ Bucket: s3.bucket, CopySource: `${s3.bucket}/${encodeKeyPath(from)}`, Key: to }),
    );
  const remove = async (keys: string[]) => {
    for (let index = 0; index < keys.length; index += DELETE_BATCH) {
      const batch = keys.slice(index, index + DELETE_BATCH);
      const answer = await client.send(
        new DeleteObjectsCommand({
          Bucket: s3.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      if (answer.Errors?.length)
        throw new Error(`S3 could not delete ${answer.Errors[0]!.Key}: ${answer.Errors[0]!.Message}`);
    }
  };
  // the bucket's own objects are copied aside before any is overwritten: undo() copies them back
  for (const key of existing) await copy(key, asideRoot + key);
  return {
    async put(_area, key, file, body) {
      const objectKey = prefix + key;
      uploaded.add(objectKey);
      await checkedCopy(file, body, async (hashed) => {
        await new Upload({
          client,
          params: {
            Bucket: s3.bucket,
            Key: objectKey,
            Body: hashed,
            ContentLength: file.size,
            ContentType: file.contentType,
            ContentDisposition: file.contentDisposition,
            CacheControl: file.cacheControl,
          },
        }).done();
      });
    },
    async apply() {
      await remove(existing.filter((key) => !uploaded.has(key)));
    },
    async finish() {
      await remove(existing.map((key) => asideRoot + key));
      client.destroy();
    },
    async undo() {
      try {
        await remove([...uploaded]);
        for (const key of existing) await copy(asideRoot + key, key);
        await remove(existing.map((key) => asideRoot + key));
      } finally {
        client.destroy();
      }
    },
  };
}
