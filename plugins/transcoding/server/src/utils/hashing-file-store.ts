/**
 * tus's FileStore, hashing each upload as its PATCHes arrive: when the last byte is in, the source's sha256 is
 * already known, and adopting a gigabyte upload does not read it all again (about 3 s for 1 GB) before the
 * job can start. The running hash is kept only while every byte written went through it in order; a PATCH
 * that fails, a resume at another offset or a restarted CMS drops it, and the caller hashes the file instead.
 */
import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pipeline, Transform, type Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';

interface RunningHash {
  hash: Hash;
  /** Bytes hashed: the upload's offset while the hash is good. */
  offset: number;
}

export class HashingFileStore extends FileStore {
  private readonly running = new Map<string, RunningHash>();

  override async write(readable: IncomingMessage | Readable, id: string, offset: number): Promise<number> {
    const state = offset === 0 ? { hash: createHash('sha256'), offset: 0 } : this.running.get(id);
    const usable = state && state.offset === offset ? state : undefined;
    if (usable) this.running.set(id, usable);
    else this.running.delete(id);

    let hashed = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        usable?.hash.update(chunk);
        hashed += chunk.length;
        callback(null, chunk);
      },
    });
    // an error on the request destroys the tap, and FileStore's own pipeline fails with it
    pipeline(readable, tap, () => undefined);
    try {
      const written = await super.write(tap, id, offset);
      if (usable && written === offset + hashed) usable.offset = written;
      else this.running.delete(id);
      return written;
    } catch (error) {
      this.running.delete(id);
      throw error;
    }
  }

  /** The upload's sha256 (hex) when every one of its `size` bytes was hashed on the way in, else null. Once. */
  takeChecksum(id: string, size: number): string | null {
    const state = this.running.get(id);
    this.running.delete(id);
    return state && state.offset === size ? state.hash.digest('hex') : null;
  }

  override async remove(id: string): Promise<void> {
    this.running.delete(id);
    return super.remove(id);
  }
}
