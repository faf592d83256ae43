/**
 * Logs and the audit trail through a real CMS with LOG_FORMAT=json (what production writes), its output read from
 * stdout: the request id (kept when the caller's looks sane, answered in X-Request-Id, on every line of the request
 * and of the transcoding job an upload starts), one JSON object per line, admin sign-ins in the accounts audit trail
 * (success, failure, lockout), the media gateway's line per request for media that is not public, and no password,
 * token, cookie, Authorization header or media signature in any line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { PASSWORD, adminToken, adminUser, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleTranscoding, startTestCms, type TestCms } from '../setup/strapi';
import { makeTestClip } from '../setup/test-clip';
import { until } from '../setup/until';
import { VIEWER_PASSWORD, createViewer } from '../setup/viewers';

type Line = Record<string, unknown> & { level: number; time: number; msg: string; reqId?: string };

let cms: TestCms;
let fixture: Fixture;
let workDir: string;
let stdoutSpy: jest.SpyInstance;
const written: string[] = [];
let partial = '';
/** Secrets the tests below send or receive; none may appear in any line. */
const secrets = new Set<string>();

const LOG_ENV = ['LOG_FORMAT', 'LOG_LEVEL', 'MEDIA_ROOT', 'UPLOAD_TMP_DIR', 'TRANSCODE_WORK_DIR'];
const lines = (): Line[] => written.map((text) => JSON.parse(text) as Line);
const linesOf = (reqId: string) => lines().filter((line) => line.reqId === reqId);
const AUDIT = 'plugin::accounts.audit-entry';
const auditRows = (where: Record<string, unknown>) =>
  cms.strapi.db.query(AUDIT).findMany({ where, orderBy: { id: 'asc' } }) as Promise<Array<Record<string, unknown>>>;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'framecast-logs-'));
  Object.assign(process.env, {
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    MEDIA_ROOT: path.join(workDir, 'media'),
    UPLOAD_TMP_DIR: path.join(workDir, 'uploads'),
    TRANSCODE_WORK_DIR: path.join(workDir, 'work'),
  });
  delete process.env.REDIS_URL;
  delete process.env.STORAGE_DRIVER;
  // every line the CMS writes in this process, kept instead of printed
  stdoutSpy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const parts = partial.split('\n');
    partial = parts.pop()!;
    written.push(...parts.filter((part) => part.length > 0));
    return true;
  }) as typeof process.stdout.write);
  cms = await startTestCms();
  // the test harness quiets Strapi's logger; this file reads what it writes at the production level
  cms.strapi.log.level = 'info';
  fixture = await createCatalogFixture(cms.strapi);
  await settleTranscoding(cms.strapi);
}, 120_000);

afterAll(async () => {
  await cms?.stop();
  stdoutSpy?.mockRestore();
  for (const key of LOG_ENV) delete process.env[key];
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('request ids', () => {
  it('keeps a sane X-Request-Id, answers it, and replaces one that is not sane', async () => {
    const kept = await request(cms.server).get('/api/health').set('X-Request-Id', 'site-7f3a.01:b_c-d').expect(200);
    expect(kept.headers['x-request-id']).toBe('site-7f3a.01:b_c-d');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const insane of ['a b', 'x'.repeat(129), '<script>', '"quoted"', 'ünïcode']) {
      const replaced = await request(cms.server).get('/api/health').set('X-Request-Id', insane).expect(200);
      expect(replaced.headers['x-request-id']).toMatch(uuid);
    }
    const generated = await request(cms.server).get('/api/health').expect(200);
    expect(generated.headers['x-request-id']).toMatch(uuid);
    expect(generated.headers['x-request-id']).not.toBe(kept.headers['x-request-id']);
  });

  it('writes one JSON object per line, with level, time, msg, and the request id on the lines of a request', async () => {
    const reqId = 'json-lines-check-1';
    await request(cms.server).get('/api/videos?pagination[pageSize]=1&token=query-secret-1').set('X-Request-Id', reqId);
    secrets.add('query-secret-1');
    await until('the request line', async () => linesOf(reqId).some((line) => line.msg === 'request'));
    const [line] = linesOf(reqId).filter((entry) => entry.msg === 'request');
    expect(line).toMatchObject({ level: 30, name: 'cms', method: 'GET', path: '/api/videos', status: 200 });
    expect(typeof line!.time).toBe('number');
    expect(Math.abs(line!.time - Date.now())).toBeLessThan(60_000);
    expect(typeof line!.durationMs).toBe('number');
    for (const text of written) {
      const entry = JSON.parse(text) as Line;
      expect(typeof entry.level).toBe('number');
      expect(typeof entry.time).toBe('number');
      expect(typeof entry.msg).toBe('string');
    }
  });

  it('carries the id of the request that uploaded a video to the job it starts and the job’s lines', async () => {
    const reqId = 'site-upload-42';
    const clipPath = path.join(workDir, 'clip.mp4');
    const clip = makeTestClip(clipPath, { size: '320x240', rate: 25, seconds: 1 });
    const token = await adminToken(cms, 'alice@fixture.test');
    secrets.add(token);
    const ticket = (
      await request(cms.server).post('/transcoding/upload-tickets').set('Authorization', `Bearer ${token}`).expect(200)
    ).body.ticket as string;
    secrets.add(ticket);
    const tus = { 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': ticket, 'X-Request-Id': reqId };
    const created = await request(cms.server)
      .post('/transcoding/tus')
      .set({
        ...tus,
        'Upload-Length': String(clip.length),
        'Upload-Metadata': `filename ${Buffer.from('request-id.mp4').toString('base64')}`,
      })
      .expect(201);
    const finished = await request(cms.server)
      .patch(created.headers.location)
      .set({ ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' })
      .send(clip)
      .expect(204);
    expect(finished.headers['x-request-id']).toBe(reqId);
    const video = finished.headers['framecast-video'] as string;

    await until(
      'the video to be processed',
      async () => linesOf(reqId).some((line) => line.msg === '[transcoding] video ready' && line.video === video),
      120_000,
    );
    const job = linesOf(reqId).filter((line) => line.video === video);
    expect(job.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['transcode job started', 'transcode job done', '[transcoding] video ready']),
    );
    expect(job.find((line) => line.msg === 'transcode job started')).toMatchObject({ attempt: 1, level: 30 });
    // the job ran after its request had been answered: its lines carry the id because the job data holds it
    expect(linesOf(reqId).some((line) => line.msg === 'request' && line.method === 'PATCH')).toBe(true);
  }, 180_000);
});

describe('admin sign-ins in the audit trail', () => {
  it('records a success with the admin’s id and the email typed', async () => {
    const moderator = (await cms.strapi.db.query('admin::user').findOne({ where: { email: 'mod@fixture.test' } })) as {
      id: number;
    };
    const response = await request(cms.server)
      .post('/admin/login')
      .set('User-Agent', 'AuditTest/1')
      .send({ email: 'mod@fixture.test', password: PASSWORD })
      .expect(200);
    secrets.add(response.body.data.token);
    const rows = await auditRows({ accountType: 'admin', event: 'sign-in', userId: moderator.id });
    expect(rows.at(-1)).toMatchObject({
      identifier: 'mod@fixture.test',
      address: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'AuditTest/1',
    });
    // viewers' entries are the same rows, told apart by accountType
    expect(rows.every((row) => row.accountType === 'admin')).toBe(true);
  });

  it('records a failure, and a lockout when a failure used the last attempt; attempts while locked are refused', async () => {
    const locked = await adminUser(cms.strapi, 'locked-admin@fixture.test', 'framecast-creator');
    const unknown = await request(cms.server)
      .post('/admin/login')
      .send({ email: 'nobody@fixture.test', password: 'Wrong-password-0' });
    expect(unknown.status).toBe(400);
    expect(await auditRows({ accountType: 'admin', identifier: 'nobody@fixture.test' })).toEqual([
      expect.objectContaining({ event: 'sign-in-failed', reason: 'invalid_credentials', userId: null }),
    ]);

    // Strapi's admin limit: 5 attempts per email and address in 5 minutes
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = `Wrong-password-${attempt}`;
      secrets.add(wrong);
      const response = await request(cms.server)
        .post('/admin/login')
        .send({ email: 'locked-admin@fixture.test', password: wrong });
      expect(response.status).toBe(400);
      const lockouts = await auditRows({ accountType: 'admin', event: 'lockout', userId: locked.id });
      expect(lockouts).toHaveLength(attempt === 5 ? 1 : 0);
    }
    const whileLocked = await request(cms.server)
      .post('/admin/login')
      .send({ email: 'locked-admin@fixture.test', password: PASSWORD });
    expect(whileLocked.status).toBe(429);

    const rows = await auditRows({ accountType: 'admin', userId: locked.id });
    expect(rows.map((row) => [row.event, row.reason])).toEqual([
      ['sign-in-failed', 'invalid_credentials'],
      ['sign-in-failed', 'invalid_credentials'],
      ['sign-in-failed', 'invalid_credentials'],
      ['sign-in-failed', 'invalid_credentials'],
      ['sign-in-failed', 'invalid_credentials'],
      ['lockout', expect.stringMatching(/^for-\d+s$/)],
      ['sign-in-failed', 'locked'],
    ]);
    expect(rows.every((row) => row.identifier === 'locked-admin@fixture.test')).toBe(true);
    // and each is one structured line
    await until('the audit lines', async () =>
      lines().some((line) => line.msg === 'account audit' && line.event === 'lockout'),
    );
    expect(
      lines().filter((line) => line.msg === 'account audit' && line.identifier === 'locked-admin@fixture.test'),
    ).toHaveLength(7);
  });
});

describe('the media gateway’s access lines', () => {
  const VERSION = 'logcheck1';
  let signedPath = '';
  const assetsOf = (documentId: string) => ({
    prefix: `videos/${documentId}/${VERSION}`,
    checksum: 'c',
    master: 'master.m3u8',
    renditions: [],
    posters: [],
    storyboard: null,
  });

  beforeAll(async () => {
    // outputs for three of the fixture's videos, as the pipeline records them
    const videos = [fixture.videos.alicePublic, fixture.videos.aliceUnlisted, fixture.videos.alicePrivate];
    for (const { documentId } of videos) {
      const assets = assetsOf(documentId);
      mkdirSync(path.join(workDir, 'media', assets.prefix), { recursive: true });
      writeFileSync(path.join(workDir, 'media', assets.prefix, 'master.m3u8'), '#EXTM3U\n');
      await cms.strapi.db
        .query('api::video.video')
        .updateMany({ where: { documentId }, data: { playbackAssets: assets } });
    }
    const playback = cms.strapi.plugin('transcoding').service('playback') as {
      clearAccessCache(): void;
      playbackFor(id: string, assets: unknown, options: { signed: boolean }): { hls: string };
    };
    playback.clearAccessCache();
    const { documentId } = fixture.videos.alicePrivate;
    signedPath = playback.playbackFor(documentId, assetsOf(documentId), { signed: true }).hls;
    secrets.add(/\/media\/s\/\d+\.([\w-]{43})\//.exec(signedPath)![1]!);
  });

  const fetchMedia = async (mediaPath: string, reqId: string, status: number) => {
    await request(cms.server)
      .get(mediaPath)
      .set({ 'X-Request-Id': reqId, 'User-Agent': 'GatewayTest/2' })
      .expect(status);
    await until(`the request line of ${reqId}`, async () => linesOf(reqId).some((line) => line.msg === 'request'));
    return linesOf(reqId).filter((line) => line.msg === 'media access');
  };
  const plain = (video: { documentId: string }, version = VERSION) =>
    `/media/videos/${video.documentId}/${version}/master.m3u8`;

  it('logs who fetched unlisted media, granted', async () => {
    const [line, ...more] = await fetchMedia(plain(fixture.videos.aliceUnlisted), 'gw-unlisted', 200);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      video: fixture.videos.aliceUnlisted.documentId,
      file: 'master.m3u8',
      media: 'unlisted',
      signed: false,
      granted: true,
      address: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'GatewayTest/2',
    });
  });

  it('logs private media fetched with a signed link as granted, and every refusal with its reason', async () => {
    const [granted] = await fetchMedia(signedPath, 'gw-signed', 200);
    expect(granted).toMatchObject({
      video: fixture.videos.alicePrivate.documentId,
      media: 'restricted',
      signed: true,
      granted: true,
      linkExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const [unsigned] = await fetchMedia(plain(fixture.videos.alicePrivate), 'gw-unsigned', 404);
    expect(unsigned).toMatchObject({ granted: false, reason: 'not-open', signed: false, level: 40 });
    const forged = signedPath.replace(/\.[\w-]{43}\//, `.${'A'.repeat(43)}/`);
    const [refused] = await fetchMedia(forged, 'gw-forged', 403);
    expect(refused).toMatchObject({ granted: false, reason: 'link-invalid', signed: true });
    const [stale] = await fetchMedia(plain(fixture.videos.alicePrivate, 'oldversion'), 'gw-version', 404);
    expect(stale).toMatchObject({ granted: false, reason: 'unknown-version' });
    // the line of the signed request names no signature, not even in its path
    const signedRequest = linesOf('gw-signed').find((line) => line.msg === 'request');
    expect(signedRequest!.path).toMatch(/^\/media\/s\/\[redacted\]\/videos\//);
  });

  it('writes no access line for public media', async () => {
    expect(await fetchMedia(plain(fixture.videos.alicePublic), 'gw-public', 200)).toEqual([]);
  });
});

describe('secrets', () => {
  it('drops secret fields a caller logs by name', async () => {
    cms.strapi.log.info('careless call', {
      password: 'direct-password-1',
      authorization: 'Bearer direct-token-1',
      request: { headers: 'x', cookie: 'sid=direct-cookie-1', token: 'direct-token-2' },
    });
    ['direct-password-1', 'direct-token-1', 'direct-cookie-1', 'direct-token-2'].forEach((secret) =>
      secrets.add(secret),
    );
    await until('the careless line', async () => lines().some((line) => line.msg === 'careless call'));
    expect(lines().find((line) => line.msg === 'careless call')).toMatchObject({
      password: '[redacted]',
      authorization: '[redacted]',
      request: { cookie: '[redacted]', token: '[redacted]' },
    });
  });

  it('never writes a password, token, cookie, Authorization header, reset code or media signature', async () => {
    const viewer = await createViewer(cms, 'logsviewer');
    secrets.add(VIEWER_PASSWORD).add(viewer.jwt).add(viewer.refreshToken).add(PASSWORD);
    await request(cms.server)
      .get('/api/users/me')
      .set({ ...viewer.auth, Cookie: 'session=cookie-secret-77; other=cookie-secret-78' })
      .expect(200);
    secrets.add('cookie-secret-77').add('cookie-secret-78');
    const changed = 'A-new password for logs 9';
    await request(cms.server)
      .post('/api/auth/change-password')
      .set(viewer.auth)
      .send({ currentPassword: VIEWER_PASSWORD, password: changed, passwordConfirmation: changed })
      .expect(200);
    secrets.add(changed);
    const typed = 'typed-wrong-password-5';
    await request(cms.server)
      .post('/api/auth/local')
      .set('X-Forwarded-For', '10.88.0.1')
      .send({ identifier: 'logsviewer', password: typed })
      .expect(400);
    secrets.add(typed);
    await request(cms.server).get('/api/auth/email-confirmation?confirmation=confirmation-code-secret-3');
    secrets.add('confirmation-code-secret-3');
    const admin = await request(cms.server)
      .post('/admin/login')
      .send({ email: 'bob@fixture.test', password: PASSWORD })
      .expect(200);
    secrets.add(admin.body.data.token);
    for (const cookie of ([] as string[]).concat(admin.headers['set-cookie'] ?? [])) {
      const value = /^[^=]+=([^;]+)/.exec(cookie)?.[1];
      if (value && value.length > 8) secrets.add(value);
    }
    await request(cms.server).get('/admin/users/me').set('Authorization', `Bearer ${admin.body.data.token}`);

    await until('the sign-in audit line', async () =>
      lines().some((line) => line.msg === 'account audit' && line.identifier === 'bob@fixture.test'),
    );
    expect(secrets.size).toBeGreaterThan(20);
    const all = written.join('\n');
    for (const secret of secrets) expect({ secret, found: all.includes(secret) }).toEqual({ secret, found: false });
    // and what was checked is what the CMS wrote: the requests above are in it
    expect(lines().some((line) => line.path === '/api/auth/change-password')).toBe(true);
    expect(lines().some((line) => line.path === '/api/auth/email-confirmation')).toBe(true);
  });
});
