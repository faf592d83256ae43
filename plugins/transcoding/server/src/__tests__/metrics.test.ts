/**
 * The transcode metrics (jobs/metrics.ts) the worker serves and the CMS merges: the folders each process reports the
 * disk of (the worker no uploads; the media root only with local storage), and their free and total bytes as statfs
 * sees them, for a folder not made yet too (its nearest existing parent's disk).
 */
import { statfsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTranscodeMetrics, mediaFolders } from '../jobs/metrics';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'framecast-metrics-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const local = {
  storage: { driver: 'local' as const, root: '/srv/media' },
  uploadDir: '/srv/uploads',
  workDir: '/tmp/w',
};

test('the CMS reports media, uploads and encodes; a worker no uploads; S3 storage no media folder', () => {
  expect(mediaFolders(local, { uploads: true })).toEqual([
    { folder: 'media', path: '/srv/media' },
    { folder: 'uploads', path: '/srv/uploads' },
    { folder: 'encodes', path: '/tmp/w' },
  ]);
  expect(mediaFolders(local, { uploads: false }).map((entry) => entry.folder)).toEqual(['media', 'encodes']);
  const s3 = { ...local, storage: { driver: 's3' } } as unknown as typeof local;
  expect(mediaFolders(s3, { uploads: false }).map((entry) => entry.folder)).toEqual(['encodes']);
});

test('free and total bytes of the disk holding each folder, the nearest existing parent for one not made yet', async () => {
  const metrics = createTranscodeMetrics({
    service: 'worker',
    folders: () => [
      { folder: 'media', path: dir },
      { folder: 'encodes', path: path.join(dir, 'not', 'made', 'yet') },
    ],
  });
  const byFolder = async (name: string) =>
    Object.fromEntries(
      (await metrics.registry.getSingleMetric(name)!.get()).values.map((value) => [value.labels.folder, value.value]),
    );
  const free = await byFolder('framecast_disk_free_bytes');
  const size = await byFolder('framecast_disk_size_bytes');
  const disk = statfsSync(dir);
  expect(size).toEqual({ media: disk.blocks * disk.bsize, encodes: disk.blocks * disk.bsize });
  for (const folder of ['media', 'encodes']) {
    expect(free[folder]).toBeGreaterThan(0);
    expect(free[folder]).toBeLessThanOrEqual(size[folder]);
  }
  expect(await metrics.registry.metrics()).toMatch(
    /^framecast_disk_free_bytes\{folder="encodes",service="worker"\} \d+$/m,
  );
});
