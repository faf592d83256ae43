/**
 * The restore drill, on this project's database (api:sqlite, api:postgres), real media and the real commands: videos
 * transcoded by real ffmpeg and a media library image; `npm run backup` while the CMS serves and writes; the instance
 * wiped; `npm run restore` onto an empty one; then every ready video's master playlist and first segment served
 * through the media gateway, and every restored file's sha256 equal to the manifest's. Also refused, with nothing
 * changed: a damaged backup (naming the file), a mismatched one (another database kind, a newer Framecast), a target
 * that is not empty; a replace whose database part fails leaves the instance as it was; the daily schedule makes one
 * backup a day whichever instance asks, and keeps BACKUP_KEEP.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { adminToken, adminUser } from '../setup/catalog-fixture';
import { createDatabase, dropDatabase } from '../setup/postgres-server';
import { repoRoot, startTestCms, type ExistingInstance, type TestCms } from '../setup/strapi';
import { makeTestClip } from '../setup/test-clip';
import { until } from '../setup/until';

type ManifestFile = { path: string; size: number; sha256: string };
type Manifest = {
  framecastVersion: string;
  database: { kind: 'sqlite' | 'postgres'; file: string };
  media: { driver: string; areas: Array<{ name: string; files: number }> };
  files: ManifestFile[];
};
type PlaybackAssets = { prefix: string; master: string };
type VideoRow = { documentId: string; title: string; processingStatus: string; playbackAssets: PlaybackAssets | null };
/** What a command works on: a database (a PostgreSQL URL or a SQLite file), a public folder, a media root. */
type Instance = { publicDir: string; mediaRoot: string; url?: string; file?: string };

const kind = process.env.FRAMECAST_TEST_DB_KIND === 'postgres' ? 'postgres' : 'sqlite';
const SETTINGS = ['MEDIA_ROOT', 'UPLOAD_TMP_DIR', 'TRANSCODE_WORK_DIR', 'BACKUP_DIR', 'BACKUP_KEEP'];

let cms: TestCms | null = null;
let workDir: string;
let mediaRoot: string;
let backupDir: string;
let drill: string;
let manifest: Manifest;
let clipPath: string;
let imagePath: string;
/** A loopback port nothing listens on: where the commands look for a running CMS. */
let idlePort: number;
const seeded: { videos: Array<{ documentId: string; title: string }>; image: string; adminEmail: string } = {
  videos: [],
  image: '',
  adminEmail: 'backup-owner@fixture.test',
};
/** PostgreSQL databases the drill created, dropped at the end (IF EXISTS: the test CMS drops the one it owns). */
const createdDatabases: string[] = [];

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A new, empty instance: a database with no tables (SQLite: no file yet), an empty public folder and media root. */
async function emptyInstance(
  media: string = path.join(mkdtempSync(path.join(workDir, 'media-')), 'media'),
): Promise<Instance & ExistingInstance> {
  const dir = mkdtempSync(path.join(workDir, 'target-'));
  const publicDir = path.join(dir, 'public');
  if (kind === 'sqlite') {
    const file = path.join(dir, 'db', 'cms.db');
    const existing: ExistingInstance = { database: { sqliteFile: file }, publicDir };
    return { ...existing, mediaRoot: media, file };
  }
  const name = `framecast_restore_${process.env.FRAMECAST_TEST_RUN_ID ?? 'x'}_${createdDatabases.length}`.toLowerCase();
  createdDatabases.push(name);
  const url = await createDatabase(process.env.FRAMECAST_TEST_PG_SERVER!, name);
  const existing: ExistingInstance = { database: { postgresName: name }, publicDir };
  return { ...existing, mediaRoot: media, url };
}

/** The settings a command gets for an instance: what the test CMS reads, nothing of the developer's shell. */
function commandEnv(instance: Instance): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    MEDIA_ROOT: instance.mediaRoot,
    PUBLIC_DIR: instance.publicDir,
    BACKUP_DIR: backupDir,
    ...(instance.url
      ? { FRAMECAST_TEST_DATABASE_URL: instance.url }
      : { FRAMECAST_TEST_DATABASE_FILENAME: instance.file! }),
    // where the command looks for a running CMS: a port nothing listens on (not a developer's CMS on 1337)
    PORT: String(idlePort),
  };
}

function runCommand(task: 'backup' | 'restore', args: string[], env: NodeJS.ProcessEnv) {
  const script = path.join(repoRoot, 'scripts', 'tasks', `${task}.mjs`);
  return spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, env, encoding: 'utf8', timeout: 170_000 });
}

/** The same, leaving this process free to serve meanwhile (the test CMS answers the command's requests). */
async function runCommandServing(task: 'backup' | 'restore', args: string[], env: NodeJS.ProcessEnv) {
  const script = path.join(repoRoot, 'scripts', 'tasks', `${task}.mjs`);
  const child = spawn(process.execPath, [script, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [status] = (await once(child, 'exit')) as [number | null];
  return { status, stdout, stderr };
}

/** The running test CMS as a command's target. */
function currentInstance(): Instance {
  return {
    publicDir: cms!.publicDir,
    mediaRoot,
    ...(kind === 'postgres'
      ? { url: process.env.FRAMECAST_TEST_DATABASE_URL }
      : { file: process.env.FRAMECAST_TEST_DATABASE_FILENAME }),
  };
}

/** Every file below `dir` by '/'-separated path, with its sha256. */
function hashesBelow(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (current: string, relative: string) => {
    if (!existsSync(current)) return;
    for (const entry of readdirSync(current)) {
      const full = path.join(current, entry);
      const name = relative ? `${relative}/${entry}` : entry;
      if (statSync(full).isDirectory()) walk(full, name);
      else found.set(name, sha256(readFileSync(full)));
    }
  };
  walk(dir, '');
  return found;
}

/** The media as a backup names them: media/media/<key> (MEDIA_ROOT) and media/uploads/<file> (the media library). */
function mediaHashes(instance: Instance): Map<string, string> {
  const all = new Map<string, string>();
  for (const [name, hash] of hashesBelow(instance.mediaRoot)) all.set(`media/media/${name}`, hash);
  for (const [name, hash] of hashesBelow(path.join(instance.publicDir, 'uploads')))
    all.set(`media/uploads/${name}`, hash);
  return all;
}

function manifestMedia(of: Manifest): Map<string, string> {
  return new Map(of.files.filter((file) => file.path.startsWith('media/')).map((file) => [file.path, file.sha256]));
}

/** Rows of the tables the drill seeds, to compare an instance before and after a refused or failed restore. */
async function databaseSnapshot(instance: Instance): Promise<string> {
  const query = 'select (select count(*) from videos) as videos, (select count(*) from tags) as tags';
  if (instance.url) {
    const client = new Client({ connectionString: instance.url });
    await client.connect();
    try {
      return JSON.stringify((await client.query(query)).rows[0]);
    } finally {
      await client.end();
    }
  }
  return execFileSync('sqlite3', ['-readonly', instance.file!, query], { encoding: 'utf8' });
}

/** How many tables an instance's database has (0: a restore may go there). */
async function tableCount(instance: Instance): Promise<number> {
  if (instance.url) {
    const client = new Client({ connectionString: instance.url });
    await client.connect();
    try {
      const result = await client.query("select count(*)::int as n from pg_tables where schemaname = 'public'");
      return result.rows[0].n as number;
    } finally {
      await client.end();
    }
  }
  if (!existsSync(instance.file!)) return 0;
  const query = "select count(*) from sqlite_master where type = 'table'";
  return Number(execFileSync('sqlite3', ['-readonly', instance.file!, query], { encoding: 'utf8' }));
}

const binary = (response: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

/** GETs a video's master playlist, its first rendition playlist and that rendition's first segment; answers the segment. */
async function firstSegment(server: TestCms['server'], masterUrl: string): Promise<{ url: string; body: Buffer }> {
  const base = 'http://cms.test';
  const firstUri = (playlist: string) => playlist.split('\n').find((line) => line.trim() && !line.startsWith('#'))!;
  const master = await request(server).get(masterUrl).expect(200);
  expect(master.headers['content-type']).toMatch(/mpegurl/);
  const renditionUrl = new URL(firstUri(master.text), base + masterUrl);
  const rendition = await request(server)
    .get(renditionUrl.pathname + renditionUrl.search)
    .expect(200);
  const segmentUrl = new URL(firstUri(rendition.text), renditionUrl);
  const segment = await request(server)
    .get(segmentUrl.pathname + segmentUrl.search)
    .buffer(true)
    .parse(binary)
    .expect(200);
  return { url: segmentUrl.pathname, body: segment.body as Buffer };
}

async function readyVideos(server: TestCms): Promise<VideoRow[]> {
  const rows = (await server.strapi.db.query('api::video.video').findMany({
    where: { processingStatus: 'ready' },
    select: ['documentId', 'title', 'processingStatus', 'playbackAssets'],
  })) as VideoRow[];
  // a published video has two rows (draft and published) with the same outputs
  return [...new Map(rows.map((row) => [row.documentId, row])).values()];
}

function ffmpeg(args: string[]) {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'framecast-backups-'));
  mediaRoot = path.join(workDir, 'media');
  backupDir = path.join(workDir, 'backups');
  drill = path.join(workDir, 'drill.tar');
  Object.assign(process.env, {
    MEDIA_ROOT: mediaRoot,
    UPLOAD_TMP_DIR: path.join(workDir, 'uploads'),
    TRANSCODE_WORK_DIR: path.join(workDir, 'work'),
    BACKUP_DIR: backupDir,
    BACKUP_KEEP: '2',
  });
  delete process.env.REDIS_URL;
  delete process.env.STORAGE_DRIVER;
  idlePort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  clipPath = path.join(workDir, 'clip.mp4');
  makeTestClip(clipPath, { size: '426x240', rate: 25, seconds: 2, toneHz: 330 });
  imagePath = path.join(workDir, 'cover.png');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180', '-frames:v', '1', imagePath]);

  cms = await startTestCms();
  const strapi = cms.strapi;
  const owner = await adminUser(strapi, seeded.adminEmail, 'framecast-creator');
  const creator = await strapi.documents('api::creator.creator').create({
    data: { handle: 'keeper', displayName: 'Kept Safe', owner: owner.id } as never,
  });
  const upload = async (file: string, name: string, mimetype: string) => {
    const copy = path.join(workDir, name);
    writeFileSync(copy, readFileSync(file));
    const [stored] = await strapi
      .plugin('upload')
      .service('upload')
      .upload({ data: {}, files: { filepath: copy, originalFilename: name, mimetype, size: statSync(copy).size } });
    return stored as { id: number; url: string };
  };
  const image = await upload(imagePath, 'cover.png', 'image/png');
  seeded.image = image.url;
  const shapes = [
    { title: 'Kept in public', slug: 'kept-in-public', visibility: 'public', publish: true },
    { title: 'Kept in private', slug: 'kept-in-private', visibility: 'private', publish: false },
  ];
  for (const shape of shapes) {
    const source = await upload(clipPath, `${shape.slug}.mp4`, 'video/mp4');
    const video = await strapi.documents('api::video.video').create({
      data: {
        title: shape.title,
        slug: shape.slug,
        visibility: shape.visibility,
        moderationState: 'approved',
        source: source.id,
        creator: creator.documentId,
      } as never,
    });
    seeded.videos.push({ documentId: video.documentId, title: shape.title });
  }
  await until(
    'both videos transcoded',
    async () => {
      const rows = await readyVideos(cms!);
      const failed = (await strapi.db
        .query('api::video.video')
        .findMany({ where: { processingStatus: 'failed' } })) as VideoRow[];
      if (failed.length > 0) throw new Error(`a video failed: ${JSON.stringify(failed)}`);
      return seeded.videos.every((video) => rows.some((row) => row.documentId === video.documentId));
    },
    150_000,
  );
  await strapi.documents('api::video.video').publish({ documentId: seeded.videos[0]!.documentId });
}, 240_000);

afterAll(async () => {
  await cms?.stop();
  for (const name of createdDatabases) await dropDatabase(process.env.FRAMECAST_TEST_PG_SERVER!, name);
  for (const key of SETTINGS) delete process.env[key];
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the restore drill', () => {
  it('backs up with `npm run backup` while the CMS serves and writes', async () => {
    const instance = currentInstance();
    const before = mediaHashes(instance);
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'tasks', 'backup.mjs'), drill], {
      cwd: repoRoot,
      env: commandEnv(instance),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    let finished = false;
    void exited.then(() => (finished = true));
    // the platform keeps taking writes while the backup runs: the online backup neither blocks nor breaks them
    let writes = 0;
    while (!finished) {
      await cms!.strapi
        .documents('api::tag.tag')
        .create({ data: { name: `during backup ${writes}`, slug: `during-backup-${writes}` } });
      writes += 1;
      // SQLite answers without I/O waits: give the event loop its turn, or the command's exit is never heard
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect({ code: await exited, stderr }).toMatchObject({ code: 0 });
    expect(stdout).toMatch(/^Backup made: .*drill\.tar$/m);

    // one archive that tar reads, whose manifest vouches for every media file as it was
    manifest = JSON.parse(execFileSync('tar', ['-xOf', drill, 'manifest.json'], { encoding: 'utf8' })) as Manifest;
    expect(manifest.database.kind).toBe(kind);
    expect(manifest.media.driver).toBe('local');
    expect(manifestMedia(manifest)).toEqual(before);
    const listed = execFileSync('tar', ['-tf', drill], { encoding: 'utf8' }).trim().split('\n');
    expect(listed.sort()).toEqual([...manifest.files.map((file) => file.path), 'manifest.json'].sort());
    const databaseBytes = execFileSync('tar', ['-xOf', drill, manifest.database.file], { maxBuffer: 1 << 30 });
    expect(sha256(databaseBytes)).toBe(manifest.files.find((file) => file.path === manifest.database.file)!.sha256);
  });

  it('restores onto an empty instance, where every ready video plays through the gateway and every hash matches', async () => {
    // wipe: the database, the media library's folder and the media root are gone
    await cms!.stop();
    cms = null;
    rmSync(mediaRoot, { recursive: true, force: true });

    const target = await emptyInstance(mediaRoot);
    const restored = runCommand('restore', [drill], commandEnv(target));
    expect({ code: restored.status, stderr: restored.stderr }).toMatchObject({ code: 0 });
    expect(restored.stdout).toMatch(/^Restored .*drill\.tar$/m);

    // every file back, byte for byte as the manifest says
    expect(mediaHashes(target)).toEqual(manifestMedia(manifest));
    if (target.file) {
      const databaseEntry = manifest.files.find((file) => file.path === manifest.database.file)!;
      expect(sha256(readFileSync(target.file))).toBe(databaseEntry.sha256);
    }

    cms = await startTestCms(target);
    const ready = await readyVideos(cms);
    for (const video of seeded.videos) expect(ready.map((row) => row.documentId)).toContain(video.documentId);
    const playback = cms.strapi.plugin('transcoding').service('playback');
    const manifestByPath = new Map(manifest.files.map((file) => [file.path, file.sha256]));
    for (const video of ready) {
      const urls = playback.playbackFor(video.documentId, video.playbackAssets, { signed: true });
      expect(urls).not.toBeNull();
      const segment = await firstSegment(cms.server, urls.hls);
      expect(segment.body.length).toBeGreaterThan(0);
      // the bytes served are the ones the backup vouched for
      const key = segment.url.replace(/^\/media\/(s\/[^/]+\/)?/, '');
      expect(sha256(segment.body)).toBe(manifestByPath.get(`media/media/${key}`));
    }
    // the public video plays without a signature: its access rules came back too
    const open = ready.find((row) => row.documentId === seeded.videos[0]!.documentId)!;
    await firstSegment(
      cms.server,
      playback.playbackFor(open.documentId, open.playbackAssets, { signed: false }).hls as string,
    );
    // the media library's image, and the admin who owns the channel
    const image = await request(cms.server).get(seeded.image).buffer(true).parse(binary).expect(200);
    expect(sha256(image.body as Buffer)).toBe(manifestByPath.get(`media/uploads/${path.basename(seeded.image)}`));
    await adminToken(cms, seeded.adminEmail);
  });

  it('refuses while a CMS serves the target, changing nothing', async () => {
    const instance = currentInstance();
    const rowsBefore = await databaseSnapshot(instance);
    const mediaBefore = mediaHashes(instance);
    // the test CMS listens where the command looks for this instance's CMS (PORT on loopback)
    const server = (cms!.server as Server).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const refused = await runCommandServing('restore', [drill, '--replace'], {
        ...commandEnv(instance),
        PORT: String(port),
      });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(
        `Refused, nothing was changed: A CMS is running: http://127.0.0.1:${port}/api/health answers. Stop the CMS (and every other CMS on this database and media), then restore`,
      );
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    if (kind === 'postgres') {
      // a CMS that answers on no address the command knows (another host): its pool still holds the database
      const held = runCommand('restore', [drill, '--replace'], commandEnv(instance));
      expect(held.status).toBe(1);
      expect(held.stderr).toMatch(
        /Refused, nothing was changed: the PostgreSQL database "[\w]+" is in use: \d+ other connections? \(.+\)\. Stop the CMS/,
      );
    }
    expect(await databaseSnapshot(instance)).toBe(rowsBefore);
    expect(mediaHashes(instance)).toEqual(mediaBefore);
  });
});

describe('backups that are refused', () => {
  let folder: string;

  beforeAll(() => {
    folder = path.join(workDir, 'drill-folder');
    mkdirSync(folder);
    execFileSync('tar', ['-xf', drill, '-C', folder]);
  });

  /** A copy of the backup as a folder, changed by `change`. */
  function alteredCopy(name: string, change: (dir: string) => void): string {
    const dir = path.join(workDir, name);
    execFileSync('cp', ['-r', folder, dir]);
    change(dir);
    return dir;
  }

  async function expectRefusedOntoEmpty(backup: string, message: RegExp) {
    const target = await emptyInstance();
    const result = runCommand('restore', [backup], commandEnv(target));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    // nothing was written: no tables, no media
    expect(await tableCount(target)).toBe(0);
    expect(mediaHashes(target).size).toBe(0);
  }

  it('refuses a damaged backup, naming the file', async () => {
    const segment = manifest.files.find((file) => file.path.endsWith('.ts'))!;
    const damaged = alteredCopy('damaged', (dir) => {
      const file = path.join(dir, ...segment.path.split('/'));
      const bytes = readFileSync(file);
      bytes[bytes.length >> 1] ^= 0xff;
      writeFileSync(file, bytes);
    });
    await expectRefusedOntoEmpty(
      damaged,
      new RegExp(
        `The backup is damaged, nothing was restored: ${segment.path.replace(/[.]/g, '\\.')} is damaged: its sha256`,
      ),
    );

    const truncated = path.join(workDir, 'truncated.tar');
    writeFileSync(truncated, readFileSync(drill).subarray(0, statSync(drill).size - 4096 * 4));
    await expectRefusedOntoEmpty(truncated, /The backup is damaged, nothing was restored: .*(truncated|is missing)/);
  });

  it('refuses a backup of another database kind', async () => {
    const other = kind === 'sqlite' ? 'postgres' : 'sqlite';
    const mismatched = alteredCopy('other-kind', (dir) => {
      const file = path.join(dir, 'manifest.json');
      const edited = JSON.parse(readFileSync(file, 'utf8'));
      edited.database.kind = other;
      writeFileSync(file, JSON.stringify(edited));
    });
    await expectRefusedOntoEmpty(
      mismatched,
      new RegExp(
        `Refused, nothing was changed: This backup holds a ${other === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database`,
      ),
    );
  });

  it('refuses a backup made by a newer Framecast', async () => {
    const newer = alteredCopy('newer', (dir) => {
      const file = path.join(dir, 'manifest.json');
      const edited = JSON.parse(readFileSync(file, 'utf8'));
      edited.framecastVersion = '99.0.0';
      writeFileSync(file, JSON.stringify(edited));
    });
    await expectRefusedOntoEmpty(newer, /made by Framecast 99\.0\.0, newer than this one/);
  });

  it('puts the instance back when a replace fails half-way', async () => {
    // a database part that passes the hash check (the manifest rewritten to match) but cannot be restored
    const broken = alteredCopy('broken-database', (dir) => {
      const databaseFile = path.join(dir, ...manifest.database.file.split('/'));
      const garbage = Buffer.alloc(64 * 1024, 'not a database ');
      writeFileSync(databaseFile, garbage);
      const file = path.join(dir, 'manifest.json');
      const edited = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      const entry = edited.files.find((item) => item.path === manifest.database.file)!;
      entry.size = garbage.length;
      entry.sha256 = sha256(garbage);
      writeFileSync(file, JSON.stringify(edited));
    });
    const keep = currentInstance();
    const rowsBefore = await databaseSnapshot(keep);
    const mediaBefore = mediaHashes(keep);
    // the CMS stops, as for any restore; its database and media are what must survive (its files stay: the next
    // test CMS takes them over)
    await cms!.strapi.destroy();
    cms = null;
    // stopped, but not empty: replaced only when asked to
    const notEmpty = runCommand('restore', [drill], commandEnv(keep));
    expect(notEmpty.status).toBe(1);
    expect(notEmpty.stderr).toMatch(/Refused, nothing was changed: The target is not empty: .* has \d+ tables/);
    expect(notEmpty.stderr).toMatch(/pass --replace/);
    const failed = runCommand('restore', [broken, '--replace'], commandEnv(keep));
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/putting back what the target held/);
    expect(await databaseSnapshot(keep)).toBe(rowsBefore);
    expect(mediaHashes(keep)).toEqual(mediaBefore);
    // no work folders or set-aside copies left behind
    expect(readdirSync(mediaRoot).filter((entry) => entry.startsWith('.framecast-'))).toEqual([]);
    if (keep.file)
      expect(readdirSync(path.dirname(keep.file)).filter((entry) => /restoring|replaced/.test(entry))).toEqual([]);

    // and a replace with a sound backup goes through
    const replaced = runCommand('restore', [drill, '--replace'], commandEnv(keep));
    expect({ code: replaced.status, stderr: replaced.stderr }).toMatchObject({ code: 0 });
    expect(mediaHashes(keep)).toEqual(manifestMedia(manifest));
    cms = await startTestCms({
      database: keep.file ? { sqliteFile: keep.file } : { postgresName: new URL(keep.url!).pathname.slice(1) },
      publicDir: keep.publicDir,
    });
  });
});

describe('the daily schedule', () => {
  it('makes one backup a day whichever instance asks, and keeps BACKUP_KEEP', async () => {
    const schedule = cms!.strapi.plugin('backups').service('schedule');
    // two instances asking for the same day at once: one claims it
    const claims = await Promise.all([schedule.claim('2030-01-01'), schedule.claim('2030-01-01')]);
    expect(claims.filter(Boolean)).toHaveLength(1);

    const first = await schedule.runDue(new Date('2030-01-02T03:30:00Z'));
    expect(first).toMatchObject({ ran: true, slot: '2030-01-02' });
    expect(await schedule.runDue(new Date('2030-01-02T23:00:00Z'))).toMatchObject({ ran: false });
    // before the day's time, the day before is the one due, and it is older than what was made
    expect(await schedule.runDue(new Date('2030-01-03T01:00:00Z'))).toMatchObject({ ran: false, slot: '2030-01-02' });
    await schedule.runDue(new Date('2030-01-03T03:00:00Z'));
    const third = await schedule.runDue(new Date('2030-01-04T04:00:00Z'));
    expect(third).toMatchObject({ ran: true, slot: '2030-01-04' });
    expect(third.removed.map((item: string) => path.basename(item))).toEqual(['framecast-20300102T033000Z.tar']);
    expect(readdirSync(backupDir).sort()).toEqual(['framecast-20300103T030000Z.tar', 'framecast-20300104T040000Z.tar']);

    // a scheduled backup is a whole one: its manifest vouches for what the instance holds
    const made = JSON.parse(
      execFileSync('tar', ['-xOf', path.join(backupDir, 'framecast-20300104T040000Z.tar'), 'manifest.json'], {
        encoding: 'utf8',
      }),
    ) as Manifest;
    expect(manifestMedia(made)).toEqual(mediaHashes(currentInstance()));
  });
});
