/** The `local` storage driver: one folder on this machine, a key being a path below it. */
import type { BigIntStats } from 'node:fs';
import { copyFile, link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  assertByteRange,
  assertStorageKey,
  concurrencyOption,
  contentTypeForKey,
  forEachLimited,
  listLocalFiles,
  satisfiableRange,
  StoredObjectMissingError,
  temporarySuffix,
} from './shared';
import type { ByteRange, MediaStorage, StoredObjectInfo } from './types';

function isMissingPathError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function nullWhenMissing(error: unknown): null {
  if (isMissingPathError(error)) return null;
  throw error;
}

function describeFile(key: string, info: BigIntStats): StoredObjectInfo {
  return {
    key,
    size: Number(info.size),
    contentType: contentTypeForKey(key),
    // size + nanosecond mtime: stable while the file is untouched, new on every rewrite (writes go through rename)
    etag: `"${info.size.toString(16)}-${info.mtimeNs.toString(16)}"`,
    lastModified: new Date(Number(info.mtimeMs)),
  };
}

/**
 * A new name for a finished file: a hard link where both are on one file system (no bytes copied: a 1 GB upload is
 * stored at once), else a copy. Only for files nobody writes again (finished uploads, segments, sources read by
 * ffmpeg): both names are the same bytes.
 */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP') throw error;
    await copyFile(from, to);
  }
}

export class LocalMediaStorage implements MediaStorage {
  readonly driver = 'local' as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathFor(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  /** The content type is not kept: this driver derives it from the key's extension on every read. */
  async putFile(key: string, filePath: string, _contentType?: string): Promise<void> {
    const target = this.pathFor(key);
    await mkdir(path.dirname(target), { recursive: true });
    const staging = `${target}.tmp-${temporarySuffix()}`;
    try {
      await linkOrCopy(filePath, staging);
      await rename(staging, target);
    } catch (error) {
      await rm(staging, { force: true });
      throw error;
    }
  }

  async putDirectory(
    prefix: string,
    dir: string,
    options?: { concurrency?: number },
  ): Promise<{ files: number; bytes: number }> {
    const target = this.pathFor(prefix);
    const concurrency = concurrencyOption(options);
    const files = await listLocalFiles(dir);
    const staging = `${target}.tmp-${temporarySuffix()}`;
    const retired = `${target}.old-${temporarySuffix()}`;
    try {
      await mkdir(staging, { recursive: true });
      await forEachLimited(files, concurrency, async (file) => {
        const destination = path.join(staging, ...file.relativeKey.split('/'));
        await mkdir(path.dirname(destination), { recursive: true });
        await copyFile(file.absolutePath, destination);
      });
      // rename() cannot replace a non-empty folder, so the old one steps aside first (readers may see a 404 in between)
      await rename(target, retired).catch((error: unknown) => {
        if (!isMissingPathError(error)) throw error;
      });
      await rename(staging, target);
    } finally {
      await rm(staging, { recursive: true, force: true });
      await rm(retired, { recursive: true, force: true });
    }
    return { files: files.length, bytes: files.reduce((total, file) => total + file.size, 0) };
  }

  async downloadToFile(key: string, filePath: string): Promise<void> {
    const source = this.pathFor(key);
    if (!(await this.stat(key))) throw new StoredObjectMissingError(key);
    await mkdir(path.dirname(path.resolve(filePath)), { recursive: true });
    await rm(filePath, { force: true });
    await linkOrCopy(source, filePath);
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    const info = await stat(this.pathFor(key), { bigint: true }).catch(nullWhenMissing);
    return info?.isFile() ? describeFile(key, info) : null;
  }

  async read(key: string, range?: ByteRange): Promise<{ info: StoredObjectInfo; body: Readable } | null> {
    if (range) assertByteRange(range);
    const handle = await open(this.pathFor(key), 'r').catch(nullWhenMissing);
    if (!handle) return null;
    try {
      // describe the opened file, not the path, so a concurrent replace cannot mix two versions
      const stats = await handle.stat({ bigint: true });
      if (!stats.isFile()) {
        await handle.close();
        return null;
      }
      const info = describeFile(key, stats);
      const bounds = range ? satisfiableRange(range, info.size) : {};
      return { info, body: handle.createReadStream(bounds) };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const target = this.pathFor(key);
    // a file only: a folder at `key` holds other keys, which S3 keeps too
    if ((await stat(target).catch(nullWhenMissing))?.isFile()) await rm(target, { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.pathFor(prefix), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    // Nothing is held open between calls.
  }
}
