/**
 * The folders jobs work in (under TRANSCODE_WORK_DIR: the downloaded source, the encoder's output before upload). Each
 * is named after its job and the process that made it, `<jobId>.<pid>.<random>`; a job removes its folder when it
 * ends, but a process killed mid-encode (kill -9, a lost machine) cannot. `sweepStaleWorkFolders` runs where jobs run,
 * at start: it removes the folders whose process is gone, and leaves those of processes still running (another worker
 * on this host). The folder must be local to the host: a pid means nothing on another one.
 */
import { randomUUID } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const OWNED = /\.(\d+)\.[0-9a-f]{8}$/;
/**
 * A folder named as jobs named theirs before names carried their process (`video-<id>-<random>`): removed once it is
 * this old. Nothing else in the folder is touched, whatever its age: TRANSCODE_WORK_DIR may point at a shared one.
 */
const UNOWNED = /^video-[A-Za-z0-9_-]+-[0-9a-f]{8}$/;
const UNOWNED_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function workFolderFor(workDir: string, jobId: string): string {
  return path.join(workDir, `${jobId}.${process.pid}.${randomUUID().slice(0, 8)}`);
}

const processRuns = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes the work folders left by processes that are gone; answers the folders removed. Never throws. */
export async function sweepStaleWorkFolders(
  workDir: string,
  { now = Date.now(), isRunning = processRuns }: { now?: number; isRunning?: (pid: number) => boolean } = {},
): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(workDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const folder = path.join(workDir, entry);
    try {
      if (!(await stat(folder)).isDirectory()) continue;
      const owner = OWNED.exec(entry);
      const stale = owner
        ? Number(owner[1]) !== process.pid && !isRunning(Number(owner[1]))
        : UNOWNED.test(entry) && now - (await stat(folder)).mtimeMs > UNOWNED_MAX_AGE_MS;
      if (!stale) continue;
      await rm(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // gone already, or not ours to remove: the next start tries again
    }
  }
  return removed;
}
