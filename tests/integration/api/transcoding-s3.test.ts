/**
 * The pipeline on S3 end to end, against a real S3 protocol server (s3rver) on loopback: a tus upload's source
 * and the HLS outputs land in the bucket (never a temporary key left behind), the gateway serves them from
 * there with byte ranges, and a media library source stored by @strapi/provider-upload-aws-s3 is downloaded
 * by the job and transcoded the same way.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import request from 'supertest';
import { adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { s3Client, s3StorageEnv, startS3Server, type TestS3Server } from '../setup/s3-server';
import { startTestCms, type TestCms } from '../setup/strapi';
import { makeTestClip } from '../setup/test-clip';

let cms: TestCms;
let s3: TestS3Server;
let fixture: Fixture;
let workDir: string;
let clipPath: string;
let token = '';

const SETTINGS = [
  'STORAGE_DRIVER',
  'S3_BUCKET',
  'S3_REGION',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
  'UPLOAD_TMP_DIR',
  'TRANSCODE_WORK_DIR',
];

async function keysIn(prefix: string): Promise<string[]> {
  const client = s3Client(s3);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((item) => item.Key!));
    token = page.NextContinuationToken;
  } while (token);
  client.destroy();
  return keys;
}

async function waitForReady(documentId: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const body = (
      await request(cms.server)
        .get(`/transcoding/videos/${documentId}/status`)
        .set('Authorization', `Bearer ${token}`)
        .expect(200)
    ).body;
    if (body.processingStatus === 'ready' || body.processingStatus === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`video ${documentId} stayed ${body.processingStatus}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  s3 = await startS3Server();
  workDir = mkdtempSync(path.join(tmpdir(), 'framecast-s3-'));
  Object.assign(process.env, {
    ...s3StorageEnv(s3),
    S3_FORCE_PATH_STYLE: 'true',
    UPLOAD_TMP_DIR: path.join(workDir, 'uploads'),
    TRANSCODE_WORK_DIR: path.join(workDir, 'work'),
  });
  delete process.env.REDIS_URL;
  clipPath = path.join(workDir, 'clip.mp4');
  makeTestClip(clipPath, { size: '426x240', rate: 25, toneHz: 523 });
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  token = await adminToken(cms, 'alice@fixture.test');
}, 120_000);

afterAll(async () => {
  await cms?.stop();
  await s3?.stop();
  for (const key of SETTINGS) delete process.env[key];
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

it('stores a tus upload and its HLS ladder in the bucket and serves them through the gateway', async () => {
  const clip = readFileSync(clipPath);
  const ticket = (
    await request(cms.server).post('/transcoding/upload-tickets').set('Authorization', `Bearer ${token}`).expect(200)
  ).body.ticket;
  const created = await request(cms.server)
    .post('/transcoding/tus')
    .set({
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(clip.length),
      'Upload-Metadata': `filename ${Buffer.from('bucket-clip.mp4').toString('base64')}`,
      'Framecast-Upload-Ticket': ticket,
    })
    .expect(201);
  const done = await request(cms.server)
    .patch(created.headers.location)
    .set({
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': '0',
      'Content-Type': 'application/offset+octet-stream',
      'Framecast-Upload-Ticket': ticket,
    })
    .send(clip)
    .expect(204);
  const documentId = done.headers['framecast-video'];
  const status = await waitForReady(documentId);
  expect(status.processingStatus).toBe('ready');

  expect(await keysIn(`sources/${documentId}/`)).toHaveLength(1);
  const outputs = await keysIn(`videos/${documentId}/`);
  expect(outputs.some((key) => key.endsWith('/master.m3u8'))).toBe(true);
  expect(outputs.some((key) => key.endsWith('/240p/index.m3u8'))).toBe(true);
  expect(outputs.some((key) => key.endsWith('.ts'))).toBe(true);
  expect(outputs.filter((key) => key.includes('.tmp-'))).toEqual([]);

  const master = await request(cms.server).get(status.playback.hls).expect(200);
  expect(master.text).toContain('240p/index.m3u8');
  const media = await request(cms.server)
    .get(status.playback.hls.replace('master.m3u8', '240p/index.m3u8'))
    .expect(200);
  const segment = media.text.split('\n').find((line: string) => line.endsWith('.ts'))!;
  const ranged = await request(cms.server)
    .get(status.playback.hls.replace('master.m3u8', `240p/${segment}`))
    .set('Range', 'bytes=188-375')
    .expect(206);
  expect(ranged.headers['content-length']).toBe('188');
  expect(ranged.headers['content-range']).toMatch(/^bytes 188-375\/\d+$/);
}, 150_000);

it('transcodes a media library source stored by the S3 upload provider', async () => {
  const clip = readFileSync(clipPath);
  const [file] = await cms.strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: {},
      files: {
        filepath: clipPath,
        originalFilename: 'library-in-bucket.mp4',
        mimetype: 'video/mp4',
        size: clip.length,
      },
    });
  expect(file.provider).toBe('aws-s3');
  expect(file.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  const video = await cms.strapi.documents('api::video.video').create({
    data: {
      title: 'Library clip in the bucket',
      slug: 'library-clip-in-the-bucket',
      source: file.id,
      creator: fixture.creators.alice.documentId,
    } as never,
  });
  const status = await waitForReady(video.documentId);
  expect(status.processingStatus).toBe('ready');
  expect(await keysIn(`videos/${video.documentId}/`)).not.toHaveLength(0);
}, 150_000);

it('removes a refused upload from the bucket once the refusal is recorded on the video', async () => {
  // an MP4 by its first bytes (so tus takes it), damaged after them: the pipeline's probe refuses it
  const damaged = Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypisom'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2'),
    Buffer.from('not a movie, '.repeat(60)),
  ]);
  const ticket = (
    await request(cms.server).post('/transcoding/upload-tickets').set('Authorization', `Bearer ${token}`).expect(200)
  ).body.ticket;
  const created = await request(cms.server)
    .post('/transcoding/tus')
    .set({
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(damaged.length),
      'Upload-Metadata': `filename ${Buffer.from('refused.mp4').toString('base64')}`,
      'Framecast-Upload-Ticket': ticket,
    })
    .expect(201);
  const done = await request(cms.server)
    .patch(created.headers.location)
    .set({
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': '0',
      'Content-Type': 'application/offset+octet-stream',
      'Framecast-Upload-Ticket': ticket,
    })
    .send(damaged)
    .expect(204);
  const documentId = done.headers['framecast-video'];
  const status = await waitForReady(documentId);
  expect(status).toMatchObject({
    processingStatus: 'failed',
    failureReason: expect.stringMatching(/couldn.t read this video/i),
  });
  expect(await keysIn(`sources/${documentId}/`)).toEqual([]);
  expect(await keysIn(`videos/${documentId}/`)).toEqual([]);
}, 60_000);
