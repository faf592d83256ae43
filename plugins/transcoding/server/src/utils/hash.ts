import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 of a file (hex), streamed: sources can be gigabytes. */
export async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
