/**
 * Work folders (jobs/work-folders.ts): a job's folder names its process; the sweep at start removes the folders of
 * processes that are gone (a worker killed mid-encode), keeps those of running processes and this one, removes old
 * folders of the earlier naming after a day, and never touches anything else in the folder.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sweepStaleWorkFolders, workFolderFor } from '../jobs/work-folders';

let workDir: string;
beforeEach(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'framecast-work-folders-'));
});
afterEach(() => rmSync(workDir, { recursive: true, force: true }));

// which processes run is decided here, not by the machine: on a busy one (pid_max 32768) a pid that just exited can be
// handed to a new process before the sweep looks; the real check, process.kill(pid, 0), runs in the BullMQ kill test
const GONE = 4_000_001;
const OTHER_WORKER = 4_000_002;
const isRunning = (pid: number) => pid === OTHER_WORKER;

test('a job folder names its job and its process', () => {
  const folder = workFolderFor(workDir, 'video-abc-123');
  expect(path.dirname(folder)).toBe(workDir);
  expect(path.basename(folder)).toMatch(new RegExp(`^video-abc-123\\.${process.pid}\\.[0-9a-f]{8}$`));
});

test('the sweep removes what stopped processes left, and only that', async () => {
  const make = (name: string, ageDays = 0) => {
    const folder = path.join(workDir, name);
    mkdirSync(path.join(folder, 'out'), { recursive: true });
    writeFileSync(path.join(folder, 'out', 'segment.m4s'), 'x');
    if (ageDays) {
      const then = new Date(Date.now() - ageDays * 24 * 60 * 60 * 1000);
      utimesSync(folder, then, then);
    }
    return folder;
  };
  const killed = make(`video-a-1.${GONE}.0a1b2c3d`);
  const mine = make(path.basename(workFolderFor(workDir, 'video-b-2')));
  // another worker's encode in progress on this host
  const other = make(`video-c-3.${OTHER_WORKER}.0a1b2c3d`);
  const oldStyleOld = make('video-d-4-0a1b2c3d', 2);
  const oldStyleNew = make('video-e-5-0a1b2c3d');
  const unrelated = make('someone-elses-folder', 30);
  writeFileSync(path.join(workDir, `video-f-6.${GONE}.0a1b2c3d`), 'a file, not a folder');

  const removed = await sweepStaleWorkFolders(workDir, { isRunning });
  expect(removed.sort()).toEqual([killed, oldStyleOld].sort());
  for (const kept of [mine, other, oldStyleNew, unrelated]) expect(existsSync(kept)).toBe(true);
  expect(existsSync(killed)).toBe(false);
});

test('a work folder that does not exist yet is nothing to sweep', async () => {
  expect(await sweepStaleWorkFolders(path.join(workDir, 'not-made-yet'))).toEqual([]);
});
