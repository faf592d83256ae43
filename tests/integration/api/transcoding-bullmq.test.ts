/**
 * The same pipeline with BullMQ on a real Redis (a throwaway redis-server of this file's own: the last test stops it
 * under the CMS and the worker, and starts it again) and real worker processes (`worker-main.js`, what
 * `npm run worker` starts). A worker killed with SIGKILL mid-encode loses nothing: another one picks the job up. The
 * request id of the upload that queued a job is in the job's data and on the worker's JSON log lines for it. Diagnostics'
 * queue checks: the workers connected (by host and process, last heard), a ping job's round trip through a worker, and
 * a Redis that stopped answering, with its fix.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import request from 'supertest';
import { adminToken, createCatalogFixture } from '../setup/catalog-fixture';
import { hasSample, sample } from '../../support/prometheus';
import { startThrowawayRedis } from '../setup/redis-server';
import { repoRoot, startTestCms, type TestCms } from '../setup/strapi';
import { makeTestClip } from '../setup/test-clip';

let cms: TestCms;
let redis: Awaited<ReturnType<typeof startThrowawayRedis>> & { keyPrefix: string };
let workDir: string;
let token = '';
const workers: ChildProcess[] = [];

const WORKER = path.join(repoRoot, 'plugins', 'transcoding', 'dist', 'server', 'src', 'jobs', 'worker-main.js');
const TUS = '/transcoding/tus';

type Worker = { child: ChildProcess; healthPort: Promise<number>; log: string[] };

function startWorker(env: Record<string, string> = {}): Worker {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, WORKER_HEALTH_PORT: '0', NODE_OPTIONS: '', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  const log: string[] = [];
  const healthPort = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        log.push(line);
        const entry = JSON.parse(line) as { msg?: string; healthPort?: number };
        if (entry.msg === 'worker ready' && entry.healthPort) resolve(entry.healthPort);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${log.join('\n')}`)));
  });
  return { child, healthPort, log };
}

async function stopWorker(worker: Worker): Promise<void> {
  // exited, or killed by a signal (no exit code then)
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.child.once('exit', resolve));
  worker.child.kill('SIGTERM');
  await exited;
}

async function upload(file: Buffer, filename: string, requestId?: string): Promise<string> {
  const named = requestId ? { 'X-Request-Id': requestId } : {};
  const ticket = (
    await request(cms.server).post('/transcoding/upload-tickets').set('Authorization', `Bearer ${token}`).expect(200)
  ).body.ticket;
  const meta = `filename ${Buffer.from(filename).toString('base64')}`;
  const created = await request(cms.server)
    .post(TUS)
    .set({
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(file.length),
      'Upload-Metadata': meta,
      'Framecast-Upload-Ticket': ticket,
      ...named,
    })
    .expect(201);
  const done = await request(cms.server)
    .patch(created.headers.location)
    .set({
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': '0',
      'Content-Type': 'application/offset+octet-stream',
      'Framecast-Upload-Ticket': ticket,
      ...named,
    })
    .send(file)
    .expect(204);
  if (requestId) expect(done.headers['x-request-id']).toBe(requestId);
  return done.headers['framecast-video'];
}

async function status(documentId: string) {
  return (
    await request(cms.server)
      .get(`/transcoding/videos/${documentId}/status`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200)
  ).body;
}

async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function makeClip(name: string, size: string, seconds: number): Buffer {
  const file = path.join(workDir, name);
  return makeTestClip(file, { size, seconds, toneHz: 330 });
}

beforeAll(async () => {
  redis = { ...(await startThrowawayRedis()), keyPrefix: 'fc-test-bullmq' };
  workDir = mkdtempSync(path.join(tmpdir(), 'framecast-bullmq-'));
  Object.assign(process.env, {
    REDIS_URL: redis.url,
    QUEUE_PREFIX: redis.keyPrefix,
    MEDIA_ROOT: path.join(workDir, 'media'),
    UPLOAD_TMP_DIR: path.join(workDir, 'uploads'),
    TRANSCODE_WORK_DIR: path.join(workDir, 'work'),
    // a dead worker's job is handed on after this long (30 s in production)
    TRANSCODE_LOCK_MS: '3000',
    TRANSCODE_BACKOFF_MS: '200',
  });
  cms = await startTestCms();
  await createCatalogFixture(cms.strapi);
  token = await adminToken(cms, 'alice@fixture.test');
}, 120_000);

afterAll(async () => {
  for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
  await cms?.stop();
  await redis?.stop();
  for (const key of [
    'REDIS_URL',
    'QUEUE_PREFIX',
    'MEDIA_ROOT',
    'UPLOAD_TMP_DIR',
    'TRANSCODE_WORK_DIR',
    'TRANSCODE_LOCK_MS',
    'TRANSCODE_BACKOFF_MS',
  ])
    delete process.env[key];
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

type Diagnose = { run(options: { only: string[] }): Promise<{ results: Array<Record<string, string>> }> };
const check = async (name: string) =>
  (await (cms.strapi.plugin('diagnostics').service('diagnose') as Diagnose).run({ only: [name] })).results[0];
const queueCheck = () => check('queue');

it('runs jobs in a separate worker process and reports its health', async () => {
  expect(cms.strapi.plugin('transcoding').service('pipeline').runnerKind).toBe('bullmq');
  // diagnostics: Redis answers, but nobody takes the jobs yet
  expect(await queueCheck()).toMatchObject({
    status: 'fail',
    detail: 'BullMQ: Redis answers, but no worker is connected: uploads wait in the queue',
    fix: expect.stringContaining('npm run worker'),
  });
  // no worker to take a ping: the round trip fails at once, with the command that starts one
  expect(await check('queue-round-trip')).toMatchObject({
    status: 'fail',
    detail: 'BullMQ: no worker is connected to take a ping job: uploads wait in the queue',
    fix: expect.stringContaining('`npm run worker`'),
  });
  const worker = startWorker();
  const port = await worker.healthPort;
  // each worker by its host and process, with how long since Redis last heard from it
  expect(await queueCheck()).toMatchObject({
    status: 'ok',
    detail: expect.stringMatching(
      new RegExp(
        `^BullMQ: Redis answers, 1 worker connected: [\\w.-]+:${worker.child.pid} \\((waiting for jobs|busy), last heard \\d+ s ago\\)$`,
      ),
    ),
  });
  // a ping job through Redis to the worker and back, also from a CMS that runs no jobs itself (as `npm run diagnose`)
  const transcoding = 'plugin::transcoding';
  const settings = cms.strapi.config.get(transcoding) as Record<string, unknown>;
  for (const processJobs of [true, false]) {
    cms.strapi.config.set(transcoding, { ...settings, processJobs });
    try {
      expect(await check('queue-round-trip')).toMatchObject({
        status: 'ok',
        detail: expect.stringMatching(
          new RegExp(`^BullMQ: a ping job was taken and answered by [\\w.-]+:${worker.child.pid} in \\d+ ms$`),
        ),
      });
    } finally {
      cms.strapi.config.set(transcoding, settings);
    }
  }
  // pings leave nothing behind: not in the queue, not on the queue page, nothing in the worker's job log
  const pings = new Queue('transcode', { connection: { url: redis.url }, prefix: redis.keyPrefix });
  try {
    const kept = await pings.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    expect(kept.filter((job) => job?.name === 'ping')).toEqual([]);
  } finally {
    await pings.close();
  }
  const page = await request(cms.server).get('/transcoding/jobs').set('Authorization', `Bearer ${token}`).expect(200);
  expect(page.body.jobs).toEqual([]);
  expect(worker.log.some((line) => line.includes('diagnostics-ping'))).toBe(false);
  const health = await fetch(`http://127.0.0.1:${port}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', redis: 'ok', storage: 'local' });
  const readiness = await fetch(`http://127.0.0.1:${port}/health/ready`);
  expect(readiness.status).toBe(200);
  expect(await readiness.json()).toEqual({ status: 'ready', redis: 'ok', taking: true });

  // as the site sends it: the upload's request id travels with the job to the worker
  const requestId = 'site-request-bullmq-1';
  const documentId = await upload(makeClip('small.mp4', '640x360', 3), 'small-clip.mp4', requestId);
  const ready = await waitFor(async () => {
    const body = await status(documentId);
    return body.processingStatus === 'ready' || body.processingStatus === 'failed' ? body : null;
  }, 'the video to be ready');
  expect(ready.processingStatus).toBe('ready');
  expect(ready.job).toMatchObject({ state: 'completed', progress: 100 });
  await waitFor(
    async () => worker.log.some((line) => line.includes('transcode job done')),
    'the worker to log the job',
    10_000,
  );
  const queue = new Queue('transcode', { connection: { url: redis.url }, prefix: redis.keyPrefix });
  try {
    expect((await queue.getJob(ready.job.id))?.data).toMatchObject({ videoDocumentId: documentId, requestId });
  } finally {
    await queue.close();
  }
  const jobLines = worker.log
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.jobId === ready.job.id);
  expect(jobLines.map((line) => line.msg)).toEqual(['transcode job started', 'transcode job done']);
  for (const line of jobLines) {
    expect(line).toMatchObject({ level: 30, name: 'worker', reqId: requestId, video: documentId });
    expect(typeof line.time).toBe('number');
  }
  // the worker's own metrics: the job's wait, duration and speed against real time, and its process
  const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(metrics.status).toBe(200);
  expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await metrics.text();
  const workerLabel = { service: 'worker' };
  expect(sample(text, 'framecast_transcode_attempts_total', { ...workerLabel, outcome: 'ready' })).toBe(1);
  expect(sample(text, 'framecast_transcode_duration_seconds_count', { ...workerLabel, outcome: 'ready' })).toBe(1);
  expect(sample(text, 'framecast_transcode_realtime_factor_count', workerLabel)).toBe(1);
  expect(sample(text, 'framecast_queue_wait_seconds_count', workerLabel)).toBe(1);
  expect(hasSample(text, 'framecast_transcode_active_jobs', workerLabel)).toBe(true);
  expect(sample(text, 'framecast_transcode_active_jobs', workerLabel)).toBe(0);
  expect(sample(text, 'process_cpu_seconds_total', workerLabel)).toBeGreaterThan(0);
  await stopWorker(worker);
}, 120_000);

it('finishes a job whose worker was killed mid-encode (SIGKILL)', async () => {
  const first = startWorker();
  await first.healthPort;
  const documentId = await upload(makeClip('long.mp4', '1280x720', 16), 'long-clip.mp4');
  // wait until the encoder is well under way, then kill the worker without warning
  const before = await waitFor(async () => {
    const body = await status(documentId);
    // under way, and its first seconds already play (the playable report came through the outcome queue)
    return body.processingStatus === 'processing' && body.processingProgress >= 15 && body.playback?.growing
      ? body
      : null;
  }, 'the job to be under way and playable');
  expect(before.processingStatus).toBe('processing');
  // what a player holds: the growing playlist as stored now; it must never list fewer segments, whatever happens
  const growing = await cms.strapi.db
    .query('api::video.video')
    .findOne({ where: { documentId }, select: ['playbackAssets'] });
  const storedSegments = () => {
    const file = path.join(workDir, 'media', growing.playbackAssets.prefix, '240p', 'index.m3u8');
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.endsWith('.ts')).length;
  };
  const held = storedSegments();
  expect(held).toBeGreaterThan(0);
  let fewest = held;
  // the killed worker's work folder (the source, the encoder's output so far) stays behind…
  const killedFolders = () =>
    readdirSync(path.join(workDir, 'work')).filter((name) => name.includes(`.${first.child.pid}.`));
  expect(killedFolders()).toHaveLength(1);
  first.child.kill('SIGKILL');
  await waitFor(async () => first.child.exitCode !== null || first.child.signalCode !== null, 'the worker to die');
  expect(killedFolders()).toHaveLength(1);

  const second = startWorker();
  await second.healthPort;
  // …until the next worker on this host starts: it sweeps what stopped processes left (unless the dead worker's pid has
  // been handed to a new process meanwhile, on a busy machine: then keeping the folder is the right, safe answer)
  let pidReused = true;
  try {
    process.kill(first.child.pid!, 0);
  } catch {
    pidReused = false;
  }
  if (!pidReused) {
    expect(killedFolders()).toEqual([]);
    expect(second.log.some((line) => line.includes('removed work folders left by stopped processes'))).toBe(true);
  }
  const ready = await waitFor(
    async () => {
      fewest = Math.min(fewest, storedSegments());
      const body = await status(documentId);
      return body.processingStatus === 'ready' || body.processingStatus === 'failed' ? body : null;
    },
    'the job to be finished by the second worker',
    180_000,
  );
  expect(ready.processingStatus).toBe('ready');
  // the second attempt started over, but the playlist players held never shrank; it ended closed at the same address
  expect(fewest).toBeGreaterThanOrEqual(held);
  expect(storedSegments()).toBeGreaterThanOrEqual(held);
  expect(ready.playback.growing).toBe(false);
  expect(ready.playback.renditions.map((r: { label: string }) => r.label)).toEqual(['240p', '360p', '480p', '720p']);
  await waitFor(
    async () => second.log.some((line) => line.includes('transcode job done')),
    'the second worker to log the job',
    10_000,
  );
  expect(first.log.some((line) => line.includes('transcode job done'))).toBe(false);

  // the outputs are complete and follow the HLS rules
  const { checkHls } = require(
    path.join(repoRoot, 'plugins', 'transcoding', 'dist', 'server', 'src', 'media', 'hls-check.js'),
  );
  const video = await cms.strapi.db
    .query('api::video.video')
    .findOne({ where: { documentId }, select: ['playbackAssets'] });
  expect(await checkHls(path.join(workDir, 'media', video.playbackAssets.prefix))).toEqual([]);
  await stopWorker(second);
}, 300_000);

it('splits a long source among the workers and stitches the chunks without a seam, leaving nothing behind', async () => {
  // sources of 12 s and more are split, into chunks of 4 s, then 6 s: a 26 s clip is cut at 4, 10, 16 and 22 s
  const split = { TRANSCODE_CHUNK_S: '6', TRANSCODE_CHUNK_MIN_S: '12' };
  const workersOfThisTest = [startWorker(split), startWorker(split)];
  try {
    await Promise.all(workersOfThisTest.map((worker) => worker.healthPort));
    const documentId = await upload(makeClip('split.mp4', '640x360', 26), 'split-clip.mp4');
    // the stitch grows the output as the chunks come: it plays before the last one is encoded
    let playedWhileProcessing = false;
    const ready = await waitFor(
      async () => {
        const body = await status(documentId);
        if (body.processingStatus === 'processing' && body.playback?.growing) playedWhileProcessing = true;
        return body.processingStatus === 'ready' || body.processingStatus === 'failed' ? body : null;
      },
      'the split video to be ready',
      240_000,
    );
    expect(ready.processingStatus).toBe('ready');
    expect(ready.job).toMatchObject({ state: 'completed', progress: 100 });
    expect(playedWhileProcessing).toBe(true);
    const jobId = ready.job.id as string;

    // every chunk encoded once, and not all by the worker that ran the video's job
    type Line = { msg?: string; jobId?: string; parent?: string; chunk?: number; by?: string; stored?: boolean };
    const linesOf = (worker: Worker) =>
      worker.log.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Line);
    await waitFor(
      async () => workersOfThisTest.some((worker) => linesOf(worker).some((l) => l.msg === 'transcode job done')),
      'the worker to log the job',
      10_000,
    );
    const parentWorker = workersOfThisTest.find((worker) =>
      linesOf(worker).some((line) => line.msg === 'transcode job started' && line.jobId === jobId),
    )!;
    const otherWorker = workersOfThisTest.find((worker) => worker !== parentWorker)!;
    const byParent = linesOf(parentWorker)
      .filter((line) => line.msg === 'chunk encoded' && line.jobId === jobId)
      .map((line) => line.chunk);
    const byOther = linesOf(otherWorker)
      .filter((line) => line.msg === 'chunk encoded' && line.parent === jobId && line.stored)
      .map((line) => line.chunk);
    expect([...byParent, ...byOther].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(byOther.length).toBeGreaterThan(0);

    // one output, as a one-pass run writes it: HLS rules, segments on the 2 s grid, the whole duration
    const { checkHls, parseMediaPlaylist } = require(
      path.join(repoRoot, 'plugins', 'transcoding', 'dist', 'server', 'src', 'media', 'hls-check.js'),
    );
    const video = await cms.strapi.db
      .query('api::video.video')
      .findOne({ where: { documentId }, select: ['playbackAssets'] });
    const output = path.join(workDir, 'media', video.playbackAssets.prefix);
    expect(await checkHls(output)).toEqual([]);
    for (const { label } of ready.playback.renditions as Array<{ label: string }>) {
      const playlist = parseMediaPlaylist(readFileSync(path.join(output, label, 'index.m3u8'), 'utf8'));
      // ffmpeg's muxer states a stream-copied segment's length to within a few audio frames (which input it read
      // first); where the pictures cut is checked frame by frame in plugins/transcoding/server/src/__tests__/chunks.test.ts
      let at = 0;
      for (const segment of playlist.segments as Array<{ durationS: number }>) {
        at += segment.durationS;
        if (at < 25.9) expect(Math.abs(at - 2 * Math.round(at / 2))).toBeLessThan(0.1);
      }
      expect(Math.abs(at - 26)).toBeLessThan(0.2);
    }

    // nothing left: no chunk in the queue or on the queue page, no chunk files in storage, no work folders
    const queue = new Queue('transcode', { connection: { url: redis.url }, prefix: redis.keyPrefix });
    try {
      const kept = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
      expect(kept.filter((job) => job?.name === 'transcode-chunk')).toEqual([]);
    } finally {
      await queue.close();
    }
    const page = await request(cms.server).get('/transcoding/jobs').set('Authorization', `Bearer ${token}`).expect(200);
    expect(page.body.jobs.filter((job: { id: string }) => job.id.includes('-chunk-'))).toEqual([]);
    expect(
      readdirSync(path.join(workDir, 'media')).includes('transcode-work')
        ? readdirSync(path.join(workDir, 'media', 'transcode-work'))
        : [],
    ).toEqual([]);
    // a worker keeps the source of the video whose chunks it took for its next ones, until it stops
    await Promise.all(workersOfThisTest.map(stopWorker));
    const pids = workersOfThisTest.map((worker) => `.${worker.child.pid}.`);
    expect(readdirSync(path.join(workDir, 'work')).filter((name) => pids.some((pid) => name.includes(pid)))).toEqual(
      [],
    );
  } finally {
    await Promise.all(workersOfThisTest.map(stopWorker));
  }
}, 300_000);

it('finishes a split encode whose chunk worker was killed mid-chunk (SIGKILL)', async () => {
  // chunks of 4, 8, 16 and 12 s: long enough at 720p to be caught half-way
  const split = { TRANSCODE_CHUNK_S: '16', TRANSCODE_CHUNK_MIN_S: '12' };
  const parentWorker = startWorker(split);
  await parentWorker.healthPort;
  const documentId = await upload(makeClip('split-kill.mp4', '1280x720', 40), 'split-kill.mp4');
  const started = await waitFor(async () => {
    const body = await status(documentId);
    return body.job?.state === 'active' ? body : null;
  }, 'the job to start on the first worker');
  const jobId = started.job.id as string;
  // the second worker comes once the job is the first one's: it can only take chunks
  const chunkWorker = startWorker(split);
  await chunkWorker.healthPort;
  const queue = new Queue('transcode', { connection: { url: redis.url }, prefix: redis.keyPrefix });
  try {
    // a chunk well under way on the second worker (its progress reported), then that worker dies without warning
    const victim = await waitFor(
      async () => {
        const active = await queue.getJobs(['active']);
        return active.find(
          (job) =>
            job?.name === 'transcode-chunk' &&
            job.processedBy?.endsWith(`:${chunkWorker.child.pid}`) &&
            typeof job.progress === 'number' &&
            job.progress > 0 &&
            job.progress < 50,
        );
      },
      'a chunk under way on the second worker',
      120_000,
    );
    chunkWorker.child.kill('SIGKILL');
    const chunk = (victim.data as { chunk: { index: number } }).chunk.index;

    const ready = await waitFor(
      async () => {
        const body = await status(documentId);
        return body.processingStatus === 'ready' || body.processingStatus === 'failed' ? body : null;
      },
      'the split video to be ready without the killed worker',
      240_000,
    );
    expect(ready.processingStatus).toBe('ready');
    // the killed chunk was taken again once its lock lapsed, by the worker that was left
    type Line = { msg?: string; jobId?: string; chunk?: number };
    const parentLines = parentWorker.log.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Line);
    expect(
      parentLines.some((line) => line.msg === 'chunk encoded' && line.jobId === jobId && line.chunk === chunk),
    ).toBe(true);
    expect(chunkWorker.log.some((line) => line.includes('"chunk encoded"') && line.includes(`"chunk":${chunk},`))).toBe(
      false,
    );
    const { checkHls } = require(
      path.join(repoRoot, 'plugins', 'transcoding', 'dist', 'server', 'src', 'media', 'hls-check.js'),
    );
    const video = await cms.strapi.db
      .query('api::video.video')
      .findOne({ where: { documentId }, select: ['playbackAssets'] });
    expect(await checkHls(path.join(workDir, 'media', video.playbackAssets.prefix))).toEqual([]);
    const kept = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized']);
    expect(kept.filter((job) => job?.name === 'transcode-chunk')).toEqual([]);
  } finally {
    await queue.close();
    await stopWorker(parentWorker);
    await stopWorker(chunkWorker);
  }
}, 300_000);

it('treats the same video and bytes as one job, and counts videos only (not chunks or pings)', async () => {
  const { BullmqRunner } = require(
    path.join(repoRoot, 'plugins', 'transcoding', 'dist', 'server', 'src', 'jobs', 'bullmq-runner.js'),
  );
  const { transcodingConfigFrom } = require(
    path.join(repoRoot, 'plugins', 'transcoding', 'dist', 'server', 'src', 'config', 'index.js'),
  );
  const runner = new BullmqRunner(transcodingConfigFrom(process.env));
  const queue = new Queue('transcode', { connection: { url: redis.url }, prefix: redis.keyPrefix });
  const data = {
    videoDocumentId: 'abcdefghij0123456789abcd',
    videoTitle: 'Twice',
    checksum: 'f'.repeat(64),
    source: { kind: 'storage', key: 'sources/none.mp4' },
    sourceName: 'none.mp4',
  };
  try {
    expect(await runner.enqueue('video-twice-ffff', data)).toEqual({ jobId: 'video-twice-ffff', created: true });
    expect(await runner.enqueue('video-twice-ffff', data)).toEqual({ jobId: 'video-twice-ffff', created: false });
    // a split encode's chunk and a diagnostics ping wait in the same queue: neither is a video's job
    await queue.add('transcode-chunk', {}, { jobId: 'video-twice-ffff-chunk-0001' });
    await queue.add('ping', {}, { jobId: 'diagnostics-ping-twice' });
    expect(await queue.getJobCountByTypes('waiting')).toBe(3);
    const { jobs, counts } = await runner.list(['waiting']);
    expect(counts.waiting).toBe(1);
    expect(jobs.map((job: { id: string }) => job.id)).toEqual(['video-twice-ffff']);
  } finally {
    for (const id of ['video-twice-ffff-chunk-0001', 'diagnostics-ping-twice']) await queue.remove(id);
    await queue.close();
    await runner.close();
  }
});

it('a Redis that stops answering fails the queue check with its fix and makes the CMS and the worker not ready; both recover when it is back', async () => {
  const worker = startWorker();
  const workerHealth = `http://127.0.0.1:${await worker.healthPort}/health/ready`;
  const cmsReady = async () => {
    const response = await request(cms.server).get('/api/health/ready');
    return { status: response.status, body: response.body };
  };
  await waitFor(async () => (await queueCheck()).status === 'ok', 'the worker to be connected');
  expect(await cmsReady()).toMatchObject({ status: 200, body: { status: 'ready', checks: { queue: 'ok' } } });

  await redis.stop();
  try {
    expect(await queueCheck()).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^BullMQ: /),
      fix: 'Start Redis, or point REDIS_URL at it (unset REDIS_URL to encode inside the CMS instead).',
    });
    // readiness (answered from a run a few seconds old at most) names the part without its detail: a load balancer
    // stops sending traffic here
    const notReady = await waitFor(async () => {
      const answer = await cmsReady();
      return answer.status === 503 ? answer : null;
    }, 'the CMS to say it is not ready');
    expect(notReady.body).toMatchObject({ status: 'not-ready', checks: { queue: 'fail', database: 'ok' } });
    const workerDown = await waitFor(async () => {
      const response = await fetch(workerHealth);
      return response.status === 503 ? response.json() : null;
    }, 'the worker to say it is not ready');
    expect(workerDown).toMatchObject({ status: 'not-ready', taking: false });
    expect(workerDown.redis).not.toBe('ok');
  } finally {
    // Redis back on the same port: the CMS's and the worker's connections find it again by themselves
    redis = { ...(await startThrowawayRedis(redis.port)), keyPrefix: redis.keyPrefix };
  }
  await waitFor(async () => (await queueCheck()).status === 'ok', 'the queue check to pass again', 60_000);
  await waitFor(async () => (await cmsReady()).status === 200, 'the CMS to be ready again', 60_000);
  await waitFor(async () => (await fetch(workerHealth)).status === 200, 'the worker to be ready again', 60_000);
  // the outage in the worker's log: one warning while its connections retried, one line when Redis came back
  await waitFor(
    async () => worker.log.some((line) => line.includes('worker: Redis answers again')),
    'the worker to log that Redis answers again',
    30_000,
  );
  const outage = worker.log.filter((line) => line.includes('Redis does not answer'));
  expect(outage.length).toBeGreaterThanOrEqual(1);
  expect(outage.length).toBeLessThanOrEqual(3);
  await stopWorker(worker);
}, 180_000);
