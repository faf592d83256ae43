/**
 * The restore drill with STORAGE_DRIVER=s3, against a real S3 protocol server (s3rver) on loopback: `npm run backup`
 * into a folder copies every object under the key prefix with the headers it is served with, and into a bucket
 * (BACKUP_DIR=s3://…) uploads one archive, keeping the newest BACKUP_KEEP; the bucket and the database wiped,
 * `npm run restore` from the bucket's archive puts every object back byte for byte (and the media library's
 * `Content-Disposition: attachment`), and the ready video plays through the gateway from the bucket. A bucket that
 * still holds objects is refused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import request from 'supertest';
import { adminUser } from '../setup/catalog-fixture';
import { createDatabase, dropDatabase } from '../setup/postgres-server';
import { s3Client, s3StorageEnv, startS3Server, type TestS3Server } from '../setup/s3-server';
import { repoRoot, startTestCms, type TestCms } from '../setup/strapi';
import { until } from '../setup/until';

type Manifest = {
  media: { driver: string; bucket: string };
  files: Array<{ path: string; sha256: string; contentDisposition?: string; contentType?: string }>;
};

const SETTINGS = [
  'STORAGE_DRIVER',
  'S3_BUCKET',
  'S3_REGION',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
  'S3_KEY_PREFIX',
  'UPLOAD_TMP_DIR',
  'TRANSCODE_WORK_DIR',
];
const PREFIX = 'platform';

let cms: TestCms | null = null;
let s3: TestS3Server;
let workDir: string;
let restoredDatabase = '';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function objects(): Promise<Map<string, { sha256: string; contentDisposition?: string }>> {
  const client = s3Client(s3);
  const found = new Map<string, { sha256: string; contentDisposition?: string }>();
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${PREFIX}/` }));
    for (const item of listed.Contents ?? []) {
      const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: item.Key! }));
      found.set(item.Key!.slice(PREFIX.length + 1), {
        sha256: sha256(Buffer.from(await object.Body!.transformToByteArray())),
        ...(object.ContentDisposition ? { contentDisposition: object.ContentDisposition } : {}),
      });
    }
  } finally {
    client.destroy();
  }
  return found;
}

function commandEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    FRAMECAST_TEST_DATABASE_URL: databaseUrl,
    PUBLIC_DIR: path.join(workDir, 'public'),
    ...s3StorageEnv(s3),
    S3_FORCE_PATH_STYLE: 'true',
    S3_KEY_PREFIX: PREFIX,
  };
}

const runCommand = (task: 'backup' | 'restore', args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'tasks', `${task}.mjs`), ...args], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: 170_000,
  });

const binary = (response: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  s3 = await startS3Server();
  workDir = mkdtempSync(path.join(tmpdir(), 'framecast-backups-s3-'));
  Object.assign(process.env, {
    ...s3StorageEnv(s3),
    S3_FORCE_PATH_STYLE: 'true',
    S3_KEY_PREFIX: PREFIX,
    UPLOAD_TMP_DIR: path.join(workDir, 'uploads'),
    TRANSCODE_WORK_DIR: path.join(workDir, 'work'),
  });
  delete process.env.REDIS_URL;
  const clip = path.join(workDir, 'bucket-clip.mp4');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=426x240:rate=25'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '2', '-c:v', 'libx264'],
    ...['-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', clip],
  ]);
  cms = await startTestCms();
  const strapi = cms.strapi;
  const owner = await adminUser(strapi, 'bucket-owner@fixture.test', 'framecast-creator');
  const creator = await strapi
    .documents('api::creator.creator')
    .create({ data: { handle: 'bucketeer', displayName: 'In the bucket', owner: owner.id } as never });
  const [source] = await strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: {},
      files: { filepath: clip, originalFilename: 'bucket-clip.mp4', mimetype: 'video/mp4', size: statSync(clip).size },
    });
  const video = await strapi.documents('api::video.video').create({
    data: {
      title: 'Kept in a bucket',
      slug: 'kept-in-a-bucket',
      source: source.id,
      creator: creator.documentId,
    } as never,
  });
  await until(
    'the video transcoded into the bucket',
    async () => {
      const row = await strapi.db
        .query('api::video.video')
        .findOne({ where: { documentId: video.documentId }, select: ['processingStatus'] });
      if (row?.processingStatus === 'failed') throw new Error('the video failed to transcode');
      return row?.processingStatus === 'ready';
    },
    150_000,
  );
}, 240_000);

afterAll(async () => {
  await cms?.stop();
  if (restoredDatabase) await dropDatabase(process.env.FRAMECAST_TEST_PG_SERVER!, restoredDatabase);
  await s3?.stop();
  for (const key of SETTINGS) delete process.env[key];
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

it('backs up the bucket, restores it onto an emptied one, and the video plays from it', async () => {
  const before = await objects();
  const backup = path.join(workDir, 'backup');
  const made = runCommand('backup', [backup], commandEnv(process.env.FRAMECAST_TEST_DATABASE_URL!));
  expect({ code: made.status, stderr: made.stderr }).toMatchObject({ code: 0 });
  const manifest = JSON.parse(readFileSync(path.join(backup, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest.media).toMatchObject({ driver: 's3', bucket: s3.bucket });
  const inBackup = new Map(
    manifest.files
      .filter((file) => file.path.startsWith('media/bucket/'))
      .map((file) => [
        file.path.slice('media/bucket/'.length),
        { sha256: file.sha256, ...(file.contentDisposition ? { contentDisposition: file.contentDisposition } : {}) },
      ]),
  );
  expect(inBackup).toEqual(before);
  // the media library's source and the HLS outputs are both there
  expect([...before.keys()].some((key) => key.startsWith('uploads/'))).toBe(true);
  expect([...before.keys()].some((key) => key.endsWith('master.m3u8'))).toBe(true);

  // BACKUP_DIR in a bucket (on the media's S3 service, beside the media's prefix): each backup is one archive there,
  // and only the newest BACKUP_KEEP stay
  const intoBucket = {
    ...commandEnv(process.env.FRAMECAST_TEST_DATABASE_URL!),
    BACKUP_DIR: `s3://${s3.bucket}/backups`,
    BACKUP_KEEP: '1',
  };
  const madeIn = (output: string) =>
    new RegExp(`^Backup made: (s3://${s3.bucket}/backups/framecast-(\\d{8}T\\d{6})Z\\.tar)$`, 'm').exec(output);
  const first = runCommand('backup', [], intoBucket);
  expect({ code: first.status, stderr: first.stderr }).toMatchObject({ code: 0 });
  const firstMade = madeIn(first.stdout)!;
  expect(firstMade).not.toBeNull();
  // backups are named by the second they were made in: the next one goes into the next second
  const stamp = () =>
    new Date()
      .toISOString()
      .replace(/\.\d{3}Z$/, '')
      .replace(/[-:]/g, '');
  await until('the next second', async () => stamp() !== firstMade[2], 5_000);
  const second = runCommand('backup', [], intoBucket);
  expect({ code: second.status, stderr: second.stderr }).toMatchObject({ code: 0 });
  const inBucket = madeIn(second.stdout)![1]!;
  expect(second.stdout).toContain(`removed   1 older backup (BACKUP_KEEP=1): ${path.basename(firstMade[1]!)}`);
  const listing = s3Client(s3);
  try {
    const kept = await listing.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'backups/' }));
    expect((kept.Contents ?? []).map((item) => `s3://${s3.bucket}/${item.Key}`)).toEqual([inBucket]);
  } finally {
    listing.destroy();
  }
  // nothing staged is left behind in the temp folder
  expect(readdirSync(tmpdir()).filter((name) => name.startsWith('.framecast-backup-'))).toEqual([]);

  // wipe: the database is dropped, the bucket emptied
  const documentId = (await cms!.strapi.db.query('api::video.video').findOne({ where: { slug: 'kept-in-a-bucket' } }))
    .documentId as string;
  await cms!.stop();
  cms = null;
  const client = s3Client(s3);
  await client.send(
    new DeleteObjectsCommand({
      Bucket: s3.bucket,
      Delete: { Objects: [...before.keys()].map((key) => ({ Key: `${PREFIX}/${key}` })) },
    }),
  );
  client.destroy();
  expect((await objects()).size).toBe(0);

  restoredDatabase = `framecast_restore_s3_${process.env.FRAMECAST_TEST_RUN_ID ?? 'x'}`.toLowerCase();
  const url = await createDatabase(process.env.FRAMECAST_TEST_PG_SERVER!, restoredDatabase);
  const restored = runCommand('restore', [inBucket], commandEnv(url));
  expect({ code: restored.status, stderr: restored.stderr }).toMatchObject({ code: 0 });
  expect(restored.stderr).toContain(`Downloading ${inBucket}`);
  expect(await objects()).toEqual(before);

  // a bucket that holds objects is not a restore's target
  const again = await createDatabase(process.env.FRAMECAST_TEST_PG_SERVER!, `${restoredDatabase}_again`);
  try {
    const refused = runCommand('restore', [backup], commandEnv(again));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/The target is not empty: the media hold \d+ files \(s3:\/\//);
  } finally {
    await dropDatabase(process.env.FRAMECAST_TEST_PG_SERVER!, `${restoredDatabase}_again`);
  }

  cms = await startTestCms({ database: { postgresName: restoredDatabase }, publicDir: path.join(workDir, 'public') });
  restoredDatabase = '';
  const row = await cms.strapi.db.query('api::video.video').findOne({ where: { documentId } });
  expect(row.processingStatus).toBe('ready');
  const hls = cms.strapi
    .plugin('transcoding')
    .service('playback')
    .playbackFor(documentId, row.playbackAssets, { signed: true }).hls as string;
  const base = 'http://cms.test';
  const firstUri = (text: string) => text.split('\n').find((line) => line.trim() && !line.startsWith('#'))!;
  const master = await request(cms.server).get(hls).expect(200);
  const renditionUrl = new URL(firstUri(master.text), base + hls);
  const rendition = await request(cms.server)
    .get(renditionUrl.pathname + renditionUrl.search)
    .expect(200);
  const segmentUrl = new URL(firstUri(rendition.text), renditionUrl);
  const segment = await request(cms.server)
    .get(segmentUrl.pathname + segmentUrl.search)
    .buffer(true)
    .parse(binary)
    .expect(200);
  const key = segmentUrl.pathname.replace(/^\/media\/s\/[^/]+\//, '');
  expect(sha256(segment.body as Buffer)).toBe(before.get(key)!.sha256);
});
