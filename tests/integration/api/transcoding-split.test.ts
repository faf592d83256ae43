/**
 * A split encode whose chunk fails for good, on a real Redis and BullMQ: the video's job (the parent, run here as a
 * worker runs it) queues its chunks; a worker that fails every chunk takes them; the parent fails with the chunk's
 * reason, stops, and leaves nothing behind: no chunk job in the queue, no chunk file in storage, no work folder.
 * (The happy roads, two workers sharing a video and a chunk worker killed mid-chunk, are in transcoding-bullmq.)
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { resolveTestRedis, type TestRedis } from '../setup/redis-server';
import { repoRoot } from '../setup/strapi';
import { makeTestClip } from '../setup/test-clip';

const dist = path.join(repoRoot, 'plugins', 'transcoding', 'dist', 'server', 'src');
const { transcodingConfigFrom } = require(path.join(dist, 'config', 'index.js'));
const { createMediaStorage } = require(path.join(dist, 'storage', 'index.js'));
const { processTranscodeJob } = require(path.join(dist, 'jobs', 'process-job.js'));
const { BullmqChunkDispatcher } = require(path.join(dist, 'jobs', 'bullmq-chunks.js'));

let redis: TestRedis;
let root: string;

beforeAll(async () => {
  redis = await resolveTestRedis();
  root = mkdtempSync(path.join(tmpdir(), 'framecast-split-'));
});

afterAll(async () => {
  await redis?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

it('fails the video with the reason of a chunk that failed for good, and leaves nothing behind', async () => {
  const config = transcodingConfigFrom({
    ...process.env,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: redis.keyPrefix,
    MEDIA_ROOT: path.join(root, 'media'),
    TRANSCODE_WORK_DIR: path.join(root, 'work'),
    TRANSCODE_ATTEMPTS: '1',
    TRANSCODE_CHUNK_S: '6',
    TRANSCODE_CHUNK_MIN_S: '12',
    TRANSCODE_PRESET: 'ultrafast',
  });
  const storage = createMediaStorage(config.storage);
  const clip = path.join(root, 'clip.mp4');
  makeTestClip(clip, { seconds: 20 });
  await storage.putFile('sources/clip.mp4', clip);

  const connection = { url: redis.url, maxRetriesPerRequest: null };
  const queue = new Queue('transcode', { connection, prefix: redis.keyPrefix });
  // a worker whose every chunk fails: its disk is full
  const taken: number[] = [];
  const failing = new Worker(
    'transcode',
    async (job) => {
      taken.push(job.data.chunk.index);
      throw new Error('no space left on device');
    },
    { connection, prefix: redis.keyPrefix, concurrency: 8 },
  );
  await failing.waitUntilReady();
  const jobId = 'video-split-failing-0123';
  try {
    const run = processTranscodeJob(
      {
        videoDocumentId: 'split-failing',
        videoTitle: 'Split, failing',
        checksum: '0123',
        source: { kind: 'storage', key: 'sources/clip.mp4' },
        sourceName: 'clip.mp4',
      },
      { jobId, config, storage, chunks: new BullmqChunkDispatcher(queue, jobId, config) },
    );
    await expect(run).rejects.toThrow(/chunk \d+ \([\d.]+-[\d.]+ s\) failed: no space left on device/);
    expect(taken.length).toBeGreaterThan(0);
    // nothing left: the chunk jobs, their folder in storage, the job's work folder, an output
    const kept = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
    expect(kept.filter((job) => job?.name === 'transcode-chunk')).toEqual([]);
    const media = path.join(root, 'media');
    expect(readdirSync(media)).toEqual(['sources']);
    expect(readdirSync(path.join(root, 'work'))).toEqual([]);
  } finally {
    await failing.close();
    await queue.close();
    await storage.close();
  }
}, 180_000);
