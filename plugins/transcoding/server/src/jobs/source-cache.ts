/**
 * The source a worker last fetched for a chunk job, kept while that video's chunks keep coming: a worker that takes
 * several chunks of one video (the usual case) fetches its source once, not once a chunk (with S3, a gigabyte each
 * time). One source is kept per process, in a work folder of its own (named after the process, so one left by a killed
 * worker is swept at the next start, work-folders.ts); it goes when another video's chunk comes, after `idleMs`
 * without a chunk, or when the worker stops. A job gets its own hard link to the file, so evicting it never pulls the
 * file from under an encode.
 */
import { link, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { workFolderFor } from './work-folders';

export interface SourceCacheOptions {
  /** TRANSCODE_WORK_DIR. */
  workDir: string;
  /** Kept this long after the last chunk that used it. */
  idleMs?: number;
}

const DEFAULT_IDLE_MS = 10 * 60_000;

export class SourceCache {
  private entry: { key: string; folder: string; file: string; timer?: NodeJS.Timeout } | null = null;
  /** One fetch at a time: two jobs of one video wait for the same download. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SourceCacheOptions) {}

  /**
   * Puts the source known by `key` (the video and its checksum) at `target`: linked from the kept copy, or fetched by
   * `fetch` into a new kept copy first. Answers whether it was fetched.
   */
  provide(key: string, target: string, fetch: (file: string) => Promise<void>): Promise<boolean> {
    const run = this.pending.then(() => this.provideNow(key, target, fetch));
    this.pending = run.catch(() => undefined);
    return run;
  }

  private async provideNow(key: string, target: string, fetch: (file: string) => Promise<void>): Promise<boolean> {
    let fetched = false;
    const kept = this.entry?.key === key && (await stat(this.entry.file).catch(() => null)) ? this.entry : null;
    let entry = kept;
    if (!entry) {
      await this.clear();
      const folder = workFolderFor(this.options.workDir, 'source-cache');
      await mkdir(folder, { recursive: true });
      const file = path.join(folder, `source${path.extname(target)}`);
      try {
        await fetch(file);
      } catch (error) {
        await rm(folder, { recursive: true, force: true });
        throw error;
      }
      entry = { key, folder, file };
      this.entry = entry;
      fetched = true;
    }
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.clear(), this.options.idleMs ?? DEFAULT_IDLE_MS);
    entry.timer.unref();
    await mkdir(path.dirname(target), { recursive: true });
    await rm(target, { force: true });
    await link(entry.file, target);
    return fetched;
  }

  /** Drops the kept source (another video's chunk came, the worker stops). */
  async clear(): Promise<void> {
    const entry = this.entry;
    this.entry = null;
    if (!entry) return;
    clearTimeout(entry.timer);
    await rm(entry.folder, { recursive: true, force: true });
  }
}
