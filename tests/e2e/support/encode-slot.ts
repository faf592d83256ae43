/**
 * One encode at a time across Playwright's workers. The desktop and phone runs of the upload spec land on two
 * workers at once, and each upload sets off a full 1080p ladder on the main stack or the BullMQ twin: on 2 cores
 * two ladders plus two browsers starve each other and the admin's views. A test holding the slot runs its encode
 * alone; the time spent waiting for it is added to that test's timeout, so waiting never counts against it.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, watch, writeSync, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestInfo } from '@playwright/test';
import { E2E_CMS_PORT } from '../playwright.config';

// one slot per e2e run (its port), so two checkouts running their own suites do not wait on each other
const SLOT_FILE = path.join(tmpdir(), `framecast-e2e-encode-slot-${E2E_CMS_PORT}`);

function holderAlive(): boolean {
  let text: string;
  try {
    text = readFileSync(SLOT_FILE, 'utf8');
  } catch {
    return true; // just removed: ask again
  }
  // created but its pid not written yet, unless whoever created it died in between
  if (text === '') return Date.now() - (statSync(SLOT_FILE, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 10_000;
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Resolves when the slot file changes or goes (its holder is done), or after `recheckMs` at the latest, so that a
 * holder that died without freeing it is noticed.
 */
function slotChanged(recheckMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    let watcher: FSWatcher | undefined;
    const done = () => {
      clearTimeout(timer);
      watcher?.close();
      resolve();
    };
    const timer = setTimeout(done, recheckMs);
    try {
      watcher = watch(SLOT_FILE, done);
    } catch {
      done(); // gone already: try to take it
    }
  });
}

/** Waits for the slot (a file created exclusively, naming this worker's pid), runs `work`, and frees it. */
export async function withEncodeSlot<T>(testInfo: TestInfo, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      const fd = openSync(SLOT_FILE, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // a worker that died holding the slot (killed run) leaves its file behind
      if (!holderAlive()) rmSync(SLOT_FILE, { force: true });
      else await slotChanged();
    }
  }
  const waited = Date.now() - started;
  if (waited > 0) testInfo.setTimeout(testInfo.timeout + waited);
  try {
    return await work();
  } finally {
    rmSync(SLOT_FILE, { force: true });
  }
}
