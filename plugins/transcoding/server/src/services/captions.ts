/**
 * Caption files of the media library as text: discovery indexes what is said in a video (search into videos), and
 * the caption checks read a track when it is attached to a video. Reads from where the file is (upload-location.ts),
 * never more than CAPTION_LIMITS.maxBytes.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CAPTION_LIMITS } from '@framecast/contracts';
import type { Core } from '@strapi/strapi';
import { uploadFileLocation, type UploadFile } from '../storage/upload-location';
import { getService } from '../utils';

const FETCH_TIMEOUT_MS = 5_000;

export class CaptionFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptionFileError';
  }
}

async function readStream(body: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new CaptionFileError(`larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const captions = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The text of a caption file; throws CaptionFileError when it is missing, unreadable or too large. */
  async readText(file: UploadFile, maxBytes: number = CAPTION_LIMITS.maxBytes): Promise<string> {
    const pipeline = getService(strapi, 'pipeline');
    const location = uploadFileLocation(file, strapi.dirs.static.public, pipeline.config.storage.driver);
    if (location.kind === 'file') {
      const info = await stat(location.path).catch(() => null);
      if (!info?.isFile()) throw new CaptionFileError('the file is missing from the media library');
      if (info.size > maxBytes) throw new CaptionFileError(`larger than ${maxBytes} bytes`);
      return readFile(location.path, 'utf8');
    }
    if (location.kind === 'storage') {
      const object = await pipeline.storage.read(location.key);
      if (!object) throw new CaptionFileError('the file is missing from the bucket');
      if (object.info.size > maxBytes) {
        object.body.destroy();
        throw new CaptionFileError(`larger than ${maxBytes} bytes`);
      }
      return readStream(object.body, maxBytes);
    }
    const response = await fetch(location.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }).catch(
      (error: unknown) => {
        throw new CaptionFileError(error instanceof Error ? error.message : String(error));
      },
    );
    if (!response.ok) throw new CaptionFileError(`HTTP ${response.status} from ${location.url}`);
    const text = await response.text();
    if (text.length > maxBytes) throw new CaptionFileError(`larger than ${maxBytes} bytes`);
    return text;
  },
});

export type CaptionsService = ReturnType<typeof captions>;
export default captions;
