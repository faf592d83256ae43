/** Fetching a job's source into its work folder, from wherever the upload put it. */
import { createWriteStream } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StoredObjectMissingError } from '../storage/shared';
import type { MediaStorage } from '../storage/types';
import type { SourceLocation } from './types';

/** The source was refused: retrying cannot help, and the reason is for the creator. */
export class SourceRefusedError extends Error {
  readonly code: string;

  constructor(code: string, reason: string) {
    super(reason);
    this.name = 'SourceRefusedError';
    this.code = code;
  }
}

/** Where a job keeps its source in its work folder: `source` with the upload's extension when it is a plain one. */
export function sourcePathIn(workDir: string, sourceName: string): string {
  const extension = (path
    .extname(sourceName)
    .toLowerCase()
    .match(/^\.[a-z0-9]{1,5}$/) ?? [''])[0];
  return path.join(workDir, `source${extension}`);
}

const MISSING_SOURCE = 'The uploaded file is no longer in storage, so it cannot be processed. Upload the video again.';

/** Fetches the source; a source that is gone is final (retrying cannot bring it back), anything else may pass. */
export async function fetchSource(source: SourceLocation, storage: MediaStorage, target: string): Promise<void> {
  try {
    await fetchSourceOnce(source, storage, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      error instanceof StoredObjectMissingError ||
      code === 'ENOENT' ||
      (error as { status?: number }).status === 404
    ) {
      throw new SourceRefusedError('missing', MISSING_SOURCE);
    }
    throw error;
  }
}

async function fetchSourceOnce(source: SourceLocation, storage: MediaStorage, target: string): Promise<void> {
  switch (source.kind) {
    case 'storage':
      await storage.downloadToFile(source.key, target);
      return;
    case 'file':
      await copyFile(source.path, target);
      return;
    case 'url': {
      if (!/^https?:\/\//i.test(source.url)) throw new Error(`Source URL must be http(s): ${source.url}`);
      const response = await fetch(source.url, { redirect: 'follow' });
      if (!response.ok || !response.body) {
        throw Object.assign(new Error(`Could not download the source (${response.status} ${response.statusText})`), {
          status: response.status,
        });
      }
      await pipeline(
        Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
        createWriteStream(target),
      );
      return;
    }
  }
}
