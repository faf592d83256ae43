/** The source a chunk worker keeps for a video's next chunks: fetched once, replaced by another video's, dropped idle. */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SourceCache } from '../jobs/source-cache';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'framecast-source-cache-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Counts fetches; each writes `bytes` where it is asked to. */
function fetcher(bytes: string) {
  const calls: string[] = [];
  return {
    calls,
    fetch: async (file: string) => {
      calls.push(file);
      await writeFile(file, bytes);
    },
  };
}

const cachedFolders = async () => (await readdir(root)).filter((name) => name.startsWith('source-cache.'));

it('fetches a video once for all its chunks, each job getting its own link to it', async () => {
  const cache = new SourceCache({ workDir: root });
  const source = fetcher('video A');
  const jobs = ['job-1', 'job-2', 'job-3'].map((job) => path.join(root, job, 'source.mp4'));
  // two at once wait for the one download
  const fetched = await Promise.all(jobs.slice(0, 2).map((target) => cache.provide('a/1', target, source.fetch)));
  fetched.push(await cache.provide('a/1', jobs[2], source.fetch));
  expect(source.calls).toHaveLength(1);
  expect(fetched.filter(Boolean)).toHaveLength(1);
  for (const target of jobs) expect(await readFile(target, 'utf8')).toBe('video A');
  // a job's folder removed (its chunk done) takes nothing from the kept copy
  await rm(path.dirname(jobs[0]), { recursive: true });
  expect(await cache.provide('a/1', path.join(root, 'job-4', 'source.mp4'), source.fetch)).toBe(false);
  await cache.clear();
  expect(await cachedFolders()).toEqual([]);
});

it('keeps one source: another video replaces it, and a failed fetch leaves nothing', async () => {
  const cache = new SourceCache({ workDir: root });
  const a = fetcher('video A');
  const b = fetcher('video B');
  await cache.provide('a/1', path.join(root, 'job-1', 'source.mp4'), a.fetch);
  const [first] = await cachedFolders();
  await cache.provide('b/1', path.join(root, 'job-2', 'source.mp4'), b.fetch);
  expect(await cachedFolders()).not.toContain(first);
  expect(await cachedFolders()).toHaveLength(1);
  // an encode still holding video A's link keeps its bytes
  expect(await readFile(path.join(root, 'job-1', 'source.mp4'), 'utf8')).toBe('video A');

  await expect(
    cache.provide('c/1', path.join(root, 'job-3', 'source.mp4'), async () => {
      throw new Error('the bucket did not answer');
    }),
  ).rejects.toThrow('the bucket did not answer');
  expect(await cachedFolders()).toEqual([]);
  expect(existsSync(path.join(root, 'job-3', 'source.mp4'))).toBe(false);
  // and the next chunk fetches again
  const c = fetcher('video C');
  expect(await cache.provide('c/1', path.join(root, 'job-4', 'source.mp4'), c.fetch)).toBe(true);
  await cache.clear();
});

it('drops the source once no chunk has used it for a while', async () => {
  const cache = new SourceCache({ workDir: root, idleMs: 50 });
  await cache.provide('a/1', path.join(root, 'job-1', 'source.mp4'), fetcher('video A').fetch);
  expect(await cachedFolders()).toHaveLength(1);
  for (let waited = 0; (await cachedFolders()).length > 0; waited += 25) {
    if (waited > 10_000) throw new Error('the idle source was never dropped');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(await cachedFolders()).toEqual([]);
});
