/**
 * Where sources and HLS outputs live. Two drivers behind this one interface: `local` (a folder, default)
 * and `s3` (an S3-compatible bucket through the AWS SDK). Keys are '/'-separated, never start with '/',
 * and never contain '..' segments (drivers reject such keys with StorageKeyError).
 */
import type { Readable } from 'node:stream';
import type { StorageSettings } from '@framecast/contracts';

export interface StoredObjectInfo {
  key: string;
  size: number;
  contentType: string;
  /** Strong validator for conditional requests (quoted, as an HTTP ETag). */
  etag: string;
  lastModified: Date;
}

export interface ByteRange {
  /** Inclusive. */
  start: number;
  /** Inclusive. */
  end: number;
}

export interface MediaStorage {
  readonly driver: 'local' | 's3';
  /** Stores a local file under `key` (the content type is guessed from the extension unless given). */
  putFile(key: string, filePath: string, contentType?: string): Promise<void>;
  /**
   * Stores every file below `dir` under `prefix/<relative path>`, first under a temporary prefix, then moves
   * them into place, so readers never see a partial set at `prefix`. Replaces whatever was at `prefix`.
   */
  putDirectory(
    prefix: string,
    dir: string,
    options?: { concurrency?: number },
  ): Promise<{ files: number; bytes: number }>;
  /** Copies the object at `key` to a local file (used by workers to fetch sources). */
  downloadToFile(key: string, filePath: string): Promise<void>;
  /** null when there is no object at `key`. */
  stat(key: string): Promise<StoredObjectInfo | null>;
  /** A stream of the object (or of one inclusive byte range of it); null when missing. */
  read(key: string, range?: ByteRange): Promise<{ info: StoredObjectInfo; body: Readable } | null>;
  /** Deletes the object at `key` only (a refused source). Missing is fine. */
  delete(key: string): Promise<void>;
  /** Deletes every object whose key starts with `prefix` + '/' (and `prefix` itself). Missing is fine. */
  deletePrefix(prefix: string): Promise<void>;
  /** Releases clients and sockets. */
  close(): Promise<void>;
}

export class StorageKeyError extends Error {
  constructor(key: string) {
    super(`Invalid storage key: ${JSON.stringify(key)}`);
    this.name = 'StorageKeyError';
  }
}

export type StorageConfig = StorageSettings;
