/**
 * Upload -> transcode -> watch through a real CMS with the in-process runner and local storage: tus uploads
 * (tickets, 413 before any bytes, resume from the server's offset), validation before the encoder, the
 * one-pass ladder with real ffmpeg, the media library path, and the media gateway (open and signed URLs).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { sample } from '../../support/prometheus';
import { startTestCms, type TestCms } from '../setup/strapi';
import { makeTestClip } from '../setup/test-clip';

let cms: TestCms;
let fixture: Fixture;
let workDir: string;
let clip: Buffer;
const tokens = { alice: '', bob: '', moderator: '' };

const TUS = '/transcoding/tus';
const MAX_BYTES = 24 * 1024 * 1024;

const metadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

async function ticketFor(who: keyof typeof tokens): Promise<string> {
  const response = await request(cms.server)
    .post('/transcoding/upload-tickets')
    .set('Authorization', `Bearer ${tokens[who]}`)
    .expect(200);
  return response.body.ticket as string;
}

/** A whole tus upload in two PATCH requests, checking the offset in between as a resuming client does. */
async function tusUpload(ticket: string, body: Buffer, fields: Record<string, string>): Promise<string> {
  const created = await request(cms.server)
    .post(TUS)
    .set({
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(body.length),
      'Upload-Metadata': metadata(fields),
      'Framecast-Upload-Ticket': ticket,
    })
    .expect(201);
  const location = created.headers.location as string;
  expect(location).toMatch(/^\/transcoding\/tus\/[\w-]+$/);
  const half = Math.floor(body.length / 2);
  await request(cms.server)
    .patch(location)
    .set({
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': '0',
      'Content-Type': 'application/offset+octet-stream',
      'Framecast-Upload-Ticket': ticket,
    })
    .send(body.subarray(0, half))
    .expect(204);
  const head = await request(cms.server)
    .head(location)
    .set({ 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': ticket })
    .expect(200);
  expect(head.headers['upload-offset']).toBe(String(half));
  const finished = await request(cms.server)
    .patch(location)
    .set({
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': String(half),
      'Content-Type': 'application/offset+octet-stream',
      'Framecast-Upload-Ticket': ticket,
    })
    .send(body.subarray(half))
    .expect(204);
  const documentId = finished.headers['framecast-video'] as string;
  expect(documentId).toMatch(/^[a-z0-9]{20,}$/);
  return documentId;
}

async function statusOf(documentId: string, who: keyof typeof tokens = 'alice') {
  const response = await request(cms.server)
    .get(`/transcoding/videos/${documentId}/status`)
    .set('Authorization', `Bearer ${tokens[who]}`);
  return response;
}

async function waitForStatus(documentId: string, wanted: string[], timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await statusOf(documentId, 'moderator');
    if (wanted.includes(response.body?.processingStatus)) return response.body;
    if (Date.now() > deadline)
      throw new Error(
        `video ${documentId} stayed ${response.body?.processingStatus}: ${JSON.stringify(response.body)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'framecast-transcoding-'));
  Object.assign(process.env, {
    MEDIA_ROOT: path.join(workDir, 'media'),
    UPLOAD_TMP_DIR: path.join(workDir, 'uploads'),
    TRANSCODE_WORK_DIR: path.join(workDir, 'work'),
    UPLOAD_MAX_BYTES: String(MAX_BYTES),
    TRANSCODE_BACKOFF_MS: '100',
    // a slow preset, so that the long clip below is still being encoded while its first seconds are watched
    TRANSCODE_PRESET: 'slower',
  });
  delete process.env.REDIS_URL;
  delete process.env.STORAGE_DRIVER;
  const clipPath = path.join(workDir, 'clip.mp4');
  clip = makeTestClip(clipPath);
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  tokens.alice = await adminToken(cms, 'alice@fixture.test');
  tokens.bob = await adminToken(cms, 'bob@fixture.test');
  tokens.moderator = await adminToken(cms, 'mod@fixture.test');
}, 120_000);

afterAll(async () => {
  await cms?.stop();
  for (const key of [
    'MEDIA_ROOT',
    'UPLOAD_TMP_DIR',
    'TRANSCODE_WORK_DIR',
    'UPLOAD_MAX_BYTES',
    'TRANSCODE_BACKOFF_MS',
    'TRANSCODE_PRESET',
  ])
    delete process.env[key];
  rmSync(workDir, { recursive: true, force: true });
});

describe('tus uploads', () => {
  it('hands out upload tickets only to signed-in admins', async () => {
    await request(cms.server).post('/transcoding/upload-tickets').expect(401);
    const response = await request(cms.server)
      .post('/transcoding/upload-tickets')
      .set('Authorization', `Bearer ${tokens.alice}`)
      .expect(200);
    expect(response.body).toMatchObject({ endpoint: '/transcoding/tus/', maxUploadBytes: MAX_BYTES });
    expect(response.body.acceptedExtensions).toContain('.mp4');
  });

  it('refuses uploads without a valid ticket', async () => {
    const headers = {
      'Tus-Resumable': '1.0.0',
      'Upload-Length': '100',
      'Upload-Metadata': metadata({ filename: 'a.mp4' }),
    };
    await request(cms.server).post(TUS).set(headers).expect(401);
    await request(cms.server)
      .post(TUS)
      .set({ ...headers, 'Framecast-Upload-Ticket': '1.9999999999.forged-signature-forged-signature-forged-sig' })
      .expect(401);
  });

  it('answers 413 for a file over the limit before any bytes are sent', async () => {
    const ticket = await ticketFor('alice');
    const response = await request(cms.server)
      .post(TUS)
      .set({
        'Tus-Resumable': '1.0.0',
        'Upload-Length': String(MAX_BYTES + 1),
        'Upload-Metadata': metadata({ filename: 'huge.mp4' }),
        'Framecast-Upload-Ticket': ticket,
      });
    expect(response.status).toBe(413);
  });

  it('refuses a file that is not a video by its name (415)', async () => {
    const ticket = await ticketFor('alice');
    const response = await request(cms.server)
      .post(TUS)
      .set({
        'Tus-Resumable': '1.0.0',
        'Upload-Length': '10',
        'Upload-Metadata': metadata({ filename: 'notes.pdf' }),
        'Framecast-Upload-Ticket': ticket,
      });
    expect(response.status).toBe(415);
    expect(response.text).toMatch(/MP4, MOV/);
  });

  it('keeps one uploader out of another’s upload', async () => {
    const alice = await ticketFor('alice');
    const bob = await ticketFor('bob');
    const created = await request(cms.server)
      .post(TUS)
      .set({
        'Tus-Resumable': '1.0.0',
        'Upload-Length': '1000',
        'Upload-Metadata': metadata({ filename: 'mine.mp4' }),
        'Framecast-Upload-Ticket': alice,
      })
      .expect(201);
    await request(cms.server)
      .head(created.headers.location)
      .set({ 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': bob })
      .expect(404);
    await request(cms.server)
      .delete(created.headers.location)
      .set({ 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': alice })
      .expect(204);
  });
});

describe('replacing a video’s source', () => {
  it('is allowed on one’s own video and refused on another creator’s', async () => {
    const create = (ticket: string, videoDocumentId: string) =>
      request(cms.server)
        .post(TUS)
        .set({
          'Tus-Resumable': '1.0.0',
          'Upload-Length': '1000',
          'Upload-Metadata': metadata({ filename: 'new-cut.mp4', videoDocumentId }),
          'Framecast-Upload-Ticket': ticket,
        });
    const alice = await ticketFor('alice');
    const mine = await create(alice, fixture.videos.alicePublic.documentId).expect(201);
    await request(cms.server)
      .delete(mine.headers.location)
      .set({ 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': alice })
      .expect(204);
    const refused = await create(await ticketFor('bob'), fixture.videos.alicePublic.documentId);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/cannot replace the source/);
    // a moderator may
    const moderator = await ticketFor('moderator');
    const theirs = await create(moderator, fixture.videos.alicePublic.documentId).expect(201);
    await request(cms.server)
      .delete(theirs.headers.location)
      .set({ 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': moderator })
      .expect(204);
  });
});

describe('abandoned uploads', () => {
  it('are deleted once a day has passed, and only then', async () => {
    const ticket = await ticketFor('alice');
    const created = await request(cms.server)
      .post(TUS)
      .set({
        'Tus-Resumable': '1.0.0',
        'Upload-Length': '4000',
        'Upload-Metadata': metadata({ filename: 'left-behind.mp4' }),
        'Framecast-Upload-Ticket': ticket,
      })
      .expect(201);
    await request(cms.server)
      .patch(created.headers.location)
      .set({
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': '0',
        'Content-Type': 'application/offset+octet-stream',
        'Framecast-Upload-Ticket': ticket,
      })
      .send(Buffer.alloc(1000, 1))
      .expect(204);
    const uploads = cms.strapi.plugin('transcoding').service('uploads');
    const hour = 60 * 60 * 1000;
    expect(await uploads.removeExpired(new Date(Date.now() + 23 * hour))).toBe(0);
    await request(cms.server)
      .head(created.headers.location)
      .set({ 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': ticket })
      .expect(200);
    expect(await uploads.removeExpired(new Date(Date.now() + 25 * hour))).toBe(1);
    await request(cms.server)
      .head(created.headers.location)
      .set({ 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': ticket })
      .expect(404);
  });
});

describe('upload -> transcode -> watch', () => {
  let documentId: string;
  let ready: {
    playback: {
      hls: string;
      posters: Array<{ jpeg: string }>;
      storyboard: string;
      renditions: Array<{ label: string }>;
    };
  };

  beforeAll(async () => {
    documentId = await tusUpload(await ticketFor('alice'), clip, {
      filename: 'My_first_clip.mp4',
      filetype: 'video/mp4',
    });
    ready = await waitForStatus(documentId, ['ready', 'failed']);
  }, 120_000);

  it('creates a draft video on the uploader’s profile and makes it ready', async () => {
    expect(ready).toMatchObject({ processingStatus: 'ready', processingProgress: 100, failureReason: null });
    const video = await cms.strapi.documents('api::video.video').findOne({ documentId, populate: ['creator'] });
    expect(video?.title).toBe('My first clip');
    // a unique slug from the title, so it can be published as it is
    expect(video?.slug).toMatch(/^my-first-clip(-\d+)?$/);
    expect((video as unknown as { creator: { documentId: string } }).creator.documentId).toBe(
      fixture.creators.alice.documentId,
    );
    expect(video).toMatchObject({ width: 640, height: 360, videoCodec: 'h264', audioCodec: 'aac' });
    expect(Number(video?.duration)).toBeCloseTo(3, 0);
    expect(ready.playback.renditions.map((r) => r.label)).toEqual(['240p', '360p']);
    // the CMS's metrics count the job it ran in process
    const metrics = (await request(cms.server).get('/metrics').expect(200)).text;
    expect(sample(metrics, 'framecast_transcode_attempts_total', { outcome: 'ready', service: 'cms' })).toBeGreaterThan(
      0,
    );
    expect(sample(metrics, 'framecast_transcode_realtime_factor_count', { service: 'cms' })).toBeGreaterThan(0);
  });

  it('shows the job to its creator and moderators, not to another creator', async () => {
    const mine = await request(cms.server)
      .get('/transcoding/jobs?state=completed')
      .set('Authorization', `Bearer ${tokens.alice}`)
      .expect(200);
    expect(mine.body.jobs.map((job: { videoDocumentId: string }) => job.videoDocumentId)).toContain(documentId);
    const theirs = await request(cms.server)
      .get('/transcoding/jobs?state=completed')
      .set('Authorization', `Bearer ${tokens.bob}`)
      .expect(200);
    expect(theirs.body.jobs.map((job: { videoDocumentId: string }) => job.videoDocumentId)).not.toContain(documentId);
    await request(cms.server)
      .get('/transcoding/jobs?state=bogus')
      .set('Authorization', `Bearer ${tokens.alice}`)
      .expect(400);
    expect((await statusOf(documentId, 'bob')).status).toBe(404);
  });

  it('serves a draft only through signed URLs', async () => {
    const signed = ready.playback.hls;
    expect(signed).toMatch(/^\/media\/s\/\d+\.[\w-]{43}\/videos\//);
    const master = await request(cms.server).get(signed).expect(200);
    expect(master.headers['content-type']).toMatch(/mpegurl/);
    expect(master.headers['cache-control']).toMatch(/^private/);
    expect(master.text).toContain('#EXT-X-STREAM-INF');
    const rendition = signed.replace('master.m3u8', '240p/index.m3u8');
    const media = await request(cms.server).get(rendition).expect(200);
    const segment = media.text.split('\n').find((line) => line.endsWith('.ts'))!;
    const ranged = await request(cms.server)
      .get(signed.replace('master.m3u8', `240p/${segment}`))
      .set('Range', 'bytes=0-187')
      .expect(206);
    expect(ranged.body.length ?? Buffer.byteLength(ranged.text ?? '')).toBe(188);
    expect(ranged.headers['content-range']).toMatch(/^bytes 0-187\//);
    // the same file without a signature, with an expired one, a forged one, or one for another video
    const unsigned = signed.replace(/\/media\/s\/[^/]+\//, '/media/');
    await request(cms.server).get(unsigned).expect(404);
    await request(cms.server)
      .get(signed.replace(/\/s\/\d+\./, '/s/1000000000.'))
      .expect(403);
    const [, expires] = /\/s\/(\d+)\./.exec(signed)!;
    await request(cms.server)
      .get(signed.replace(/\/s\/(\d+)\.[\w-]{43}\//, `/s/${expires}.${'A'.repeat(43)}/`))
      .expect(403);
    await request(cms.server).get(signed.replace(documentId, fixture.videos.bobPublic.documentId)).expect(404);
    await request(cms.server).get(signed.replace('master.m3u8', '../../../../etc/passwd')).expect(404);
  });

  it('publishes public media with immutable caching and byte ranges', async () => {
    await cms.strapi
      .documents('api::video.video')
      .update({ documentId, data: { slug: 'my-first-clip', visibility: 'public' } as never });
    await cms.strapi.documents('api::video.video').publish({ documentId });
    const response = await request(cms.server)
      .get('/api/videos/slug/my-first-clip')
      .set('Cache-Control', 'no-cache')
      .expect(200);
    const playback = response.body.data.playback;
    expect(playback.hls).toMatch(new RegExp(`^/media/videos/${documentId}/[\\w-]+/master\\.m3u8$`));
    expect(playback.expiresAt).toBeNull();
    expect(playback.storyboard).toMatch(/storyboard\.vtt$/);
    const master = await request(cms.server).get(playback.hls).expect(200);
    expect(master.headers['cache-control']).toBe('public, max-age=31536000, s-maxage=60, immutable');
    expect(master.headers['accept-ranges']).toBe('bytes');
    const poster = await request(cms.server).get(playback.posters[0].jpeg).expect(200);
    expect(poster.headers['content-type']).toBe('image/jpeg');
    await request(cms.server).get(playback.hls).set('If-None-Match', master.headers.etag).expect(304);
    await request(cms.server).get(playback.hls).set('Range', 'bytes=999999-').expect(416);
    // private again: the open URL stops working
    await cms.strapi.documents('api::video.video').update({ documentId, data: { visibility: 'private' } as never });
    await cms.strapi.documents('api::video.video').publish({ documentId });
    await request(cms.server).get(playback.hls).expect(404);
  });

  it('does not queue the same source for the same video twice', async () => {
    const pipeline = cms.strapi.plugin('transcoding').service('pipeline');
    const video = await cms.strapi.db
      .query('api::video.video')
      .findOne({ where: { documentId }, select: ['sourceKey', 'sourceChecksum', 'sourceName'] });
    const again = await pipeline.enqueueSource(documentId, {
      location: { kind: 'storage', key: video.sourceKey.replace(/^storage:/, '') },
      sourceKey: video.sourceKey,
      checksum: video.sourceChecksum,
      sourceName: video.sourceName,
    });
    expect(again.created).toBe(false);
  });
});

describe('watch while it transcodes', () => {
  const VIDEO = 'api::video.video';
  let documentId: string;
  /** The first status that had playback, and what the gateway answered for it while the video was processing. */
  let early: { processingStatus: string; playback: { hls: string; growing: boolean; storyboard: string } };

  const publishInTheAdmin = (id: string) =>
    request(cms.server)
      .post(`/content-manager/collection-types/${VIDEO}/${id}/actions/publish`)
      .set('Authorization', `Bearer ${tokens.alice}`)
      .send({});

  beforeAll(async () => {
    // long enough that its first seconds are stored well before the rest is encoded
    const long = makeTestClip(path.join(workDir, 'long.mp4'), { seconds: 50 });
    documentId = await tusUpload(await ticketFor('alice'), long, {
      filename: 'Long_lesson.mp4',
      filetype: 'video/mp4',
    });
    await cms.strapi
      .documents(VIDEO)
      .update({ documentId, data: { slug: 'long-lesson', visibility: 'public' } as never });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const body = (await statusOf(documentId)).body;
      if (body.playback || ['ready', 'failed'].includes(body.processingStatus)) {
        early = body;
        break;
      }
      if (Date.now() > deadline) throw new Error(`no playback for ${documentId}: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 180_000);

  it('plays in the creator’s preview from a growing playlist while the rest is encoded', async () => {
    expect(early).toMatchObject({ processingStatus: 'processing', playback: { growing: true } });
    const master = await request(cms.server).get(early.playback.hls).expect(200);
    expect(master.headers['cache-control']).toBe('private, no-cache');
    const playlist = await request(cms.server)
      .get(early.playback.hls.replace('master.m3u8', '240p/index.m3u8'))
      .expect(200);
    expect(playlist.headers['cache-control']).toBe('private, no-cache');
    expect(playlist.text).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    const segments = playlist.text.split('\n').filter((line) => line.endsWith('.ts'));
    expect(segments.length).toBeGreaterThan(0);
    // every listed segment is there, whole (a segment is never listed before it is stored)
    for (const segment of segments) {
      const response = await request(cms.server)
        .get(early.playback.hls.replace('master.m3u8', `240p/${segment}`))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(response.headers['content-type']).toBe('video/mp2t');
      // whole MPEG-TS packets, the first a sync byte
      expect((response.body as Buffer).length % 188).toBe(0);
      expect((response.body as Buffer)[0]).toBe(0x47);
    }
    // the storyboard grows with it: a track of single thumbnails, each one there
    expect(early.playback.storyboard).toMatch(/\/storyboard-growing\.vtt$/);
    const track = await request(cms.server).get(early.playback.storyboard).expect(200);
    expect(track.headers['cache-control']).toBe('private, no-cache');
    const thumbnails = [...track.text.matchAll(/^(thumbnails\/thumb-\d{5}\.jpg)$/gm)].map((match) => match[1]!);
    expect(thumbnails.length).toBeGreaterThan(0);
    for (const thumbnail of thumbnails) {
      const image = await request(cms.server)
        .get(early.playback.storyboard.replace('storyboard-growing.vtt', thumbnail))
        .expect(200);
      expect(image.headers['content-type']).toBe('image/jpeg');
    }
  });

  it('is published early only when the creator chose it, and then plays publicly while it grows', async () => {
    const status = (await statusOf(documentId)).body;
    expect(status.processingStatus).toBe('processing');
    const refused = await publishInTheAdmin(documentId).expect(400);
    expect(refused.body.error.message).toMatch(/still being processed .* turn on “Publish early”\.$/);
    expect(await cms.strapi.db.query(VIDEO).count({ where: { documentId, publishedAt: { $notNull: true } } })).toBe(0);

    await request(cms.server)
      .put(`/content-manager/collection-types/${VIDEO}/${documentId}`)
      .set('Authorization', `Bearer ${tokens.alice}`)
      .send({ publishEarly: true })
      .expect(200);
    await publishInTheAdmin(documentId).expect(200);

    const response = await request(cms.server)
      .get('/api/videos/slug/long-lesson')
      .set('Cache-Control', 'no-cache')
      .expect(200);
    const playback = response.body.data.playback;
    expect(playback).toMatchObject({ growing: true, expiresAt: null });
    const track = await request(cms.server).get(playback.storyboard).expect(200);
    expect(track.headers['cache-control']).toBe('public, max-age=1, s-maxage=1');
    expect(track.text).toMatch(/^WEBVTT\n/);
    // the creator's setting is theirs, not the public's
    expect(response.body.data).not.toHaveProperty('publishEarly');
    const playlist = await request(cms.server).get(playback.hls.replace('master.m3u8', '240p/index.m3u8')).expect(200);
    expect(playlist.headers['cache-control']).toBe('public, max-age=1, s-maxage=1');
    expect(playlist.text).not.toContain('#EXT-X-ENDLIST');
  });

  it('ends with the whole video at the same address, closed and cached for good', async () => {
    // a hang guard, not a timing: the slow preset on a loaded 2-core machine took about 3 minutes
    const ready = await waitForStatus(documentId, ['ready', 'failed'], 900_000);
    expect(ready).toMatchObject({ processingStatus: 'ready', playback: { growing: false } });
    const response = await request(cms.server)
      .get('/api/videos/slug/long-lesson')
      .set('Cache-Control', 'no-cache')
      .expect(200);
    const playback = response.body.data.playback;
    expect(playback.growing).toBe(false);
    expect(playback.storyboard).toMatch(/storyboard\.vtt$/);
    expect(playback.hls.replace(/^.*\/videos\//, '')).toBe(early.playback.hls.replace(/^.*\/videos\//, ''));
    const playlist = await request(cms.server).get(playback.hls.replace('master.m3u8', '240p/index.m3u8')).expect(200);
    expect(playlist.headers['cache-control']).toBe('public, max-age=31536000, s-maxage=60, immutable');
    expect(playlist.text).toMatch(/#EXT-X-ENDLIST\n$/);
    const row = await cms.strapi.db
      .query(VIDEO)
      .findOne({ where: { documentId, publishedAt: { $notNull: true } }, select: ['playbackAssets', 'duration'] });
    expect(Number(row.duration)).toBeCloseTo(50, 0);
    expect(Date.parse(row.playbackAssets.playableAt)).toBeLessThan(Date.now());
  }, 960_000);
});

describe('refused sources', () => {
  it('marks the video failed with a reason the creator understands, never encodes it, and removes its file', async () => {
    // an MP4 by its first bytes (so tus takes it), damaged after them: the pipeline's probe refuses it
    const damaged = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypisom'),
      Buffer.from([0, 0, 2, 0]),
      Buffer.from('isomiso2'),
      Buffer.from('not a movie, '.repeat(60)),
    ]);
    const documentId = await tusUpload(await ticketFor('alice'), damaged, { filename: 'holiday.mp4' });
    const status = await waitForStatus(documentId, ['failed', 'ready']);
    expect(status.processingStatus).toBe('failed');
    expect(status.failureReason).toMatch(/couldn.t read this video/i);
    expect(status.job).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect(status.playback).toBeNull();

    // the refused upload is gone from media/sources; the refusal stays on the video and on its job
    const [row] = (await cms.strapi.db
      .query('api::video.video')
      .findMany({ select: ['sourceKey', 'failureReason'], where: { documentId } })) as Array<{
      sourceKey: string;
      failureReason: string;
    }>;
    // named by the sha256 of its bytes, hashed while the two PATCHes arrived
    const sha256 = createHash('sha256').update(damaged).digest('hex');
    expect(row.sourceKey).toBe(`storage:sources/${documentId}/${sha256.slice(0, 32)}.mp4`);
    expect(existsSync(path.join(workDir, 'media', row.sourceKey.slice('storage:'.length)))).toBe(false);
    expect(readdirSync(path.join(workDir, 'media', 'sources', documentId))).toEqual([]);
    expect(row.failureReason).toBe(status.failureReason);
    expect(status.job.failedReason).toBe(status.failureReason);

    // so it cannot be retried (nothing is left to run): the creator uploads again; another creator learns nothing
    await request(cms.server)
      .post(`/transcoding/jobs/${status.job.id}/retry`)
      .set('Authorization', `Bearer ${tokens.bob}`)
      .expect(404);
    const retried = await request(cms.server)
      .post(`/transcoding/jobs/${status.job.id}/retry`)
      .set('Authorization', `Bearer ${tokens.alice}`)
      .expect(409);
    expect(retried.body.error.message).toBe(
      'The uploaded file of this job is no longer kept (a refused upload is removed): upload the video again.',
    );
    const after = await statusOf(documentId, 'alice');
    expect(after.body).toMatchObject({ processingStatus: 'failed', failureReason: status.failureReason });
    expect(after.body.job).toMatchObject({ state: 'failed' });
  });

  it('does not retry a job that did not fail', async () => {
    const jobs = await request(cms.server)
      .get('/transcoding/jobs?state=completed')
      .set('Authorization', `Bearer ${tokens.alice}`)
      .expect(200);
    await request(cms.server)
      .post(`/transcoding/jobs/${jobs.body.jobs[0].id}/retry`)
      .set('Authorization', `Bearer ${tokens.alice}`)
      .expect(409);
    await request(cms.server)
      .post('/transcoding/jobs/no-such-job/retry')
      .set('Authorization', `Bearer ${tokens.alice}`)
      .expect(404);
  });
});

describe('the media library path', () => {
  it('transcodes a video whose source is set from the media library', async () => {
    const clipPath = path.join(workDir, 'library-clip.mp4');
    writeFileSync(clipPath, clip);
    const [file] = await cms.strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: {},
        files: { filepath: clipPath, originalFilename: 'library-clip.mp4', mimetype: 'video/mp4', size: clip.length },
      });
    const video = await cms.strapi.documents('api::video.video').create({
      data: {
        title: 'From the media library',
        slug: 'from-the-media-library',
        source: file.id,
        creator: fixture.creators.alice.documentId,
      } as never,
    });
    const status = await waitForStatus(video.documentId, ['ready', 'failed']);
    expect(status.processingStatus).toBe('ready');
    expect(status.playback.renditions.length).toBe(2);
    // the source file itself is not served from /uploads once it is a video's source
    expect(file.url).toMatch(/^\/uploads\/.+\.mp4$/);
    await request(cms.server).get(file.url).expect(404);
  }, 120_000);

  it('keeps a refused media library file (it is the media library’s), so a retry runs and is refused again', async () => {
    const damagedPath = path.join(workDir, 'library-damaged.mp4');
    const damaged = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypisom'),
      Buffer.from([0, 0, 2, 0]),
      Buffer.from('isomiso2'),
      Buffer.from('not a movie either, '.repeat(40)),
    ]);
    writeFileSync(damagedPath, damaged);
    const [file] = await cms.strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: {},
        files: {
          filepath: damagedPath,
          originalFilename: 'library-damaged.mp4',
          mimetype: 'video/mp4',
          size: damaged.length,
        },
      });
    const video = await cms.strapi.documents('api::video.video').create({
      data: {
        title: 'Damaged in the media library',
        slug: 'damaged-in-the-media-library',
        source: file.id,
        creator: fixture.creators.alice.documentId,
      } as never,
    });
    const status = await waitForStatus(video.documentId, ['ready', 'failed']);
    expect(status.failureReason).toMatch(/couldn.t read this video/i);
    expect(existsSync(path.join(cms.strapi.dirs.static.public, file.url))).toBe(true);

    const retried = await request(cms.server)
      .post(`/transcoding/jobs/${status.job.id}/retry`)
      .set('Authorization', `Bearer ${tokens.alice}`)
      .expect(200);
    expect(['waiting', 'active', 'failed']).toContain(retried.body.job.state);
    const again = await waitForStatus(video.documentId, ['failed']);
    expect(again.failureReason).toBe(status.failureReason);
    expect(again.job).toMatchObject({ state: 'failed' });
    expect(existsSync(path.join(cms.strapi.dirs.static.public, file.url))).toBe(true);
  });

  it('marks a video failed, with a reason, when its media library file is missing', async () => {
    const file = await cms.strapi.db.query('plugin::upload.file').create({
      data: {
        name: 'gone.mp4',
        hash: 'gone_source_hash',
        ext: '.mp4',
        mime: 'video/mp4',
        size: 1,
        url: '/uploads/gone_source_hash.mp4',
        provider: 'local',
      },
    });
    const video = await cms.strapi.documents('api::video.video').create({
      data: {
        title: 'Source gone',
        slug: 'source-gone',
        source: file.id,
        creator: fixture.creators.alice.documentId,
      } as never,
    });
    const status = await waitForStatus(video.documentId, ['ready', 'failed']);
    expect(status.processingStatus).toBe('failed');
    expect(status.failureReason).toMatch(/could not be found in the media library\. Upload it again\./);
    // found missing before anything was queued
    expect(status.job).toBeNull();
  });
});
