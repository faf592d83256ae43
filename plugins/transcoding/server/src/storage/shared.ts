/** What both storage drivers share: the rules for keys, content types by extension, and the listing of a local folder. */
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { StorageKeyError } from './types';

/** Throws StorageKeyError unless `key` is a relative '/'-separated path with no empty, '.' or '..' segments. */
export function assertStorageKey(key: string): void {
  if (typeof key !== 'string' || key === '' || key.includes('\\') || key.includes('\0')) throw new StorageKeyError(key);
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') throw new StorageKeyError(key);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.avi': 'video/x-msvideo',
  '.vtt': 'text/vtt; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.png': 'image/png',
  '.json': 'application/json',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function contentTypeForKey(key: string): string {
  return CONTENT_TYPES[path.posix.extname(key).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}

export interface LocalFile {
  /** '/'-separated path below the listed folder. */
  relativeKey: string;
  absolutePath: string;
  size: number;
}

/** Every regular file below `dir` (symbolic links are followed), in a stable order. */
export async function listLocalFiles(dir: string): Promise<LocalFile[]> {
  const found: LocalFile[] = [];
  const walk = async (current: string, relative: string[]): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolutePath = path.join(current, entry.name);
      const info = await stat(absolutePath);
      if (info.isDirectory()) await walk(absolutePath, [...relative, entry.name]);
      else if (info.isFile())
        found.push({ relativeKey: [...relative, entry.name].join('/'), absolutePath, size: info.size });
    }
  };
  await walk(dir, []);
  for (const file of found) assertStorageKey(file.relativeKey);
  return found;
}

/** Runs `task` on every item with at most `limit` running at once; the first failure rejects (after the running ones settle). */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const item = items[next++];
      try {
        await task(item);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failures.length > 0) throw failures[0];
}

/** Validates an optional concurrency option (default 8). */
export function concurrencyOption(options?: { concurrency?: number }): number {
  const value = options?.concurrency ?? 8;
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`concurrency must be a whole number above 0 (got ${value})`);
  return value;
}

/** Validates a byte range before any I/O. */
export function assertByteRange(range: { start: number; end: number }): void {
  if (
    !Number.isSafeInteger(range.start) ||
    !Number.isSafeInteger(range.end) ||
    range.start < 0 ||
    range.end < range.start
  ) {
    throw new RangeError(`Invalid byte range ${range.start}-${range.end}`);
  }
}

/** A read range that starts past the end of the object (HTTP 416). */
export class StorageRangeError extends RangeError {
  constructor(range: { start: number; end: number }, size?: number) {
    super(
      `Byte range ${range.start}-${range.end} is not satisfiable${size === undefined ? '' : ` for an object of ${size} bytes`}`,
    );
    this.name = 'StorageRangeError';
  }
}

/** The range to read from an object of `size` bytes: `end` is clamped to the last byte, as HTTP does. */
export function satisfiableRange(range: { start: number; end: number }, size: number): { start: number; end: number } {
  if (range.start >= size) throw new StorageRangeError(range, size);
  return { start: range.start, end: Math.min(range.end, size - 1) };
}

/** Thrown by downloadToFile when there is nothing at the key. */
export class StoredObjectMissingError extends Error {
  constructor(readonly key: string) {
    super(`No stored object at ${JSON.stringify(key)}`);
    this.name = 'StoredObjectMissingError';
  }
}

/** A suffix for temporary names that cannot collide with a concurrent writer. */
export function temporarySuffix(): string {
  return randomBytes(8).toString('hex');
}
