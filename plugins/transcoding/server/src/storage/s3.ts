/** The `s3` storage driver: an S3-compatible bucket (AWS, MinIO, s3rver) through the AWS SDK v3. */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
  type GetObjectCommandOutput,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertByteRange,
  assertStorageKey,
  concurrencyOption,
  contentTypeForKey,
  forEachLimited,
  listLocalFiles,
  StorageRangeError,
  StoredObjectMissingError,
  temporarySuffix,
  type LocalFile,
} from './shared';
import type { ByteRange, MediaStorage, StorageConfig, StoredObjectInfo } from './types';

export type S3StorageConfig = Extract<StorageConfig, { driver: 's3' }>;

/** Files above one part go up as multipart uploads, four parts at a time. */
const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
const UPLOAD_PARTS_IN_FLIGHT = 4;
/** The most one CopyObject request can copy. */
const MAX_COPY_BYTES = 5 * 1024 ** 3;
/** The most keys one DeleteObjects request takes. */
const DELETE_BATCH = 1000;

function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function isMissingObjectError(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'NotFound' || name === 'NoSuchKey' || httpStatusOf(error) === 404;
}

function quotedEtag(etag: string | undefined): string {
  if (!etag) return '""';
  return etag.startsWith('"') ? etag : `"${etag}"`;
}

/** Total object size from a `Content-Range: bytes a-b/total` header. */
function totalFromContentRange(contentRange: string | undefined): number | undefined {
  const total = contentRange?.split('/')[1];
  return total && /^\d+$/.test(total) ? Number(total) : undefined;
}

/** Copy order: every media file first, then playlists from the deepest up, so no playlist is visible before what it lists. */
function publicationBatches(files: LocalFile[]): LocalFile[][] {
  const isPlaylist = (file: LocalFile) => file.relativeKey.toLowerCase().endsWith('.m3u8');
  const depthOf = (file: LocalFile) => file.relativeKey.split('/').length;
  const playlists = files.filter(isPlaylist);
  const depths = [...new Set(playlists.map(depthOf))].sort((a, b) => b - a);
  const batches = [
    files.filter((file) => !isPlaylist(file)),
    ...depths.map((depth) => playlists.filter((file) => depthOf(file) === depth)),
  ];
  return batches.filter((batch) => batch.length > 0);
}

/** URL-encodes each segment of a key, keeping the '/' separators (the form CopySource wants). */
function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

export class S3MediaStorage implements MediaStorage {
  readonly driver = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;
  /** '' or the configured prefix followed by '/'. */
  private readonly keyPrefix: string;

  constructor(config: S3StorageConfig) {
    if (config.keyPrefix) assertStorageKey(config.keyPrefix);
    if (Boolean(config.accessKeyId) !== Boolean(config.secretAccessKey)) {
      throw new Error('S3 storage: set both the access key id and the secret access key, or neither');
    }
    this.bucket = config.bucket;
    this.keyPrefix = config.keyPrefix ? `${config.keyPrefix}/` : '';
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle ?? Boolean(config.endpoint),
      credentials:
        config.accessKeyId && config.secretAccessKey
          ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
          : undefined,
      // Checksums only where S3 requires them: many S3-compatible stores cannot parse the SDK's streaming checksum trailers
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private objectKey(key: string): string {
    assertStorageKey(key);
    return this.keyPrefix + key;
  }

  private describe(
    key: string,
    head: HeadObjectCommandOutput | GetObjectCommandOutput,
    size: number,
  ): StoredObjectInfo {
    return {
      key,
      size,
      contentType: head.ContentType || contentTypeForKey(key),
      etag: quotedEtag(head.ETag),
      lastModified: head.LastModified ?? new Date(0),
    };
  }

  private async uploadFile(objectKey: string, filePath: string, contentType: string): Promise<void> {
    await stat(filePath); // fail with the file system's own error before any request
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: objectKey, Body: createReadStream(filePath), ContentType: contentType },
      partSize: UPLOAD_PART_BYTES,
      queueSize: UPLOAD_PARTS_IN_FLIGHT,
    });
    await upload.done();
  }

  private async copyObject(fromObjectKey: string, toObjectKey: string): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: toObjectKey,
        CopySource: `${encodeURIComponent(this.bucket)}/${encodeKeyPath(fromObjectKey)}`,
        MetadataDirective: 'COPY',
      }),
    );
  }

  /** Every object key that starts with `objectKeyPrefix` (a raw prefix: callers add the '/'). */
  private async listObjectKeys(objectKeyPrefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: objectKeyPrefix },
    )) {
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    }
    return keys;
  }

  private async deleteObjectKeys(objectKeys: string[]): Promise<void> {
    for (let offset = 0; offset < objectKeys.length; offset += DELETE_BATCH) {
      const batch = objectKeys.slice(offset, offset + DELETE_BATCH);
      const result = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        throw new Error(
          `S3 storage: could not delete ${failed.length} object(s), first ${JSON.stringify(failed[0].Key)}: ${failed[0].Code} ${failed[0].Message ?? ''}`.trim(),
        );
      }
    }
  }

  /** The object at `objectKey` itself and every object below `objectKey/`. */
  private async deleteObjectTree(objectKey: string): Promise<void> {
    await this.deleteObjectKeys([objectKey, ...(await this.listObjectKeys(`${objectKey}/`))]);
  }

  async putFile(key: string, filePath: string, contentType?: string): Promise<void> {
    await this.uploadFile(this.objectKey(key), filePath, contentType ?? contentTypeForKey(key));
  }

  async putDirectory(
    prefix: string,
    dir: string,
    options?: { concurrency?: number },
  ): Promise<{ files: number; bytes: number }> {
    const finalPrefix = this.objectKey(prefix);
    const concurrency = concurrencyOption(options);
    const files = await listLocalFiles(dir);
    const tooLarge = files.find((file) => file.size > MAX_COPY_BYTES);
    if (tooLarge)
      throw new Error(`S3 storage: ${tooLarge.relativeKey} is over 5 GiB, the most one CopyObject can move into place`);

    const stagingPrefix = `${finalPrefix}.tmp-${temporarySuffix()}`;
    try {
      await forEachLimited(files, concurrency, (file) =>
        this.uploadFile(`${stagingPrefix}/${file.relativeKey}`, file.absolutePath, contentTypeForKey(file.relativeKey)),
      );
      for (const batch of publicationBatches(files)) {
        await forEachLimited(batch, concurrency, (file) =>
          this.copyObject(`${stagingPrefix}/${file.relativeKey}`, `${finalPrefix}/${file.relativeKey}`),
        );
      }
      const published = new Set(files.map((file) => `${finalPrefix}/${file.relativeKey}`));
      const previous = (await this.listObjectKeys(`${finalPrefix}/`)).filter((objectKey) => !published.has(objectKey));
      await this.deleteObjectKeys([finalPrefix, ...previous]);
    } catch (error) {
      await this.deleteObjectTree(stagingPrefix).catch(() => undefined);
      throw error;
    }
    await this.deleteObjectTree(stagingPrefix);
    return { files: files.length, bytes: files.reduce((total, file) => total + file.size, 0) };
  }

  async downloadToFile(key: string, filePath: string): Promise<void> {
    const found = await this.read(key);
    if (!found) throw new StoredObjectMissingError(key);
    await mkdir(path.dirname(path.resolve(filePath)), { recursive: true });
    await pipeline(found.body, createWriteStream(filePath));
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return this.describe(key, head, head.ContentLength ?? 0);
    } catch (error) {
      if (isMissingObjectError(error)) return null;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<{ info: StoredObjectInfo; body: Readable } | null> {
    if (range) assertByteRange(range);
    const objectKey = this.objectKey(key);
    let response: GetObjectCommandOutput;
    try {
      response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: objectKey,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
    } catch (error) {
      if (isMissingObjectError(error)) return null;
      if (range && httpStatusOf(error) === 416) throw new StorageRangeError(range);
      throw error;
    }
    if (!(response.Body instanceof Readable))
      throw new Error('S3 storage: expected a Node.js stream as the object body');
    const size = totalFromContentRange(response.ContentRange) ?? response.ContentLength ?? 0;
    return { info: this.describe(key, response, size), body: response.Body };
  }

  async delete(key: string): Promise<void> {
    await this.deleteObjectKeys([this.objectKey(key)]);
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.deleteObjectTree(this.objectKey(prefix));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
