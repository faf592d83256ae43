/**
 * The MediaStorage contract, run against both drivers for real: `local` on a temp folder, `s3` on an s3rver
 * instance (a real S3 API on 127.0.0.1) with a fresh bucket.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { startS3Server, type TestS3Server } from '../../../../../tests/integration/setup/s3-server';
import {
  createMediaStorage,
  StorageKeyError,
  StorageRangeError,
  StoredObjectMissingError,
  type MediaStorage,
  type StorageConfig,
} from '../storage';
import { storageConfigFromEnv } from '../config/storage';
import { LocalMediaStorage } from '../storage/local';

let workDir: string;
let s3: TestS3Server;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'framecast-storage-'));
  s3 = await startS3Server();
});

afterAll(async () => {
  await s3?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Writes `files` (relative path -> content) below a new folder and returns it. */
async function writeTree(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(workDir, 'tree-'));
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
    await writeFile(path.join(dir, relative), content);
  }
  return dir;
}

async function writeSource(content: string | Buffer, name = 'source.bin'): Promise<string> {
  const dir = await mkdtemp(path.join(workDir, 'file-'));
  await writeFile(path.join(dir, name), content);
  return path.join(dir, name);
}

async function localKeys(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  const keys: string[] = [];
  for (const entry of entries) {
    const key = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) keys.push(...(await localKeys(root, key)));
    else keys.push(key);
  }
  return keys.sort();
}

async function bucketKeys(prefix = ''): Promise<string[]> {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client }, { Bucket: s3.bucket, Prefix: prefix })) {
      keys.push(...(page.Contents ?? []).map((object) => object.Key as string));
    }
    return keys.sort();
  } finally {
    client.destroy();
  }
}

interface DriverUnderTest {
  storage: MediaStorage;
  /** Every key the backing store holds for this storage (temp objects included), sorted. */
  allKeys(): Promise<string[]>;
}

const drivers: Record<'local' | 's3', () => Promise<DriverUnderTest>> = {
  async local() {
    const root = await mkdtemp(path.join(workDir, 'media-'));
    return { storage: createMediaStorage({ driver: 'local', root }), allKeys: () => localKeys(root) };
  },
  async s3() {
    const keyPrefix = `run-${randomBytes(4).toString('hex')}`;
    const config: StorageConfig = {
      driver: 's3',
      bucket: s3.bucket,
      region: s3.region,
      endpoint: s3.endpoint,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      keyPrefix,
    };
    const allKeys = async () => (await bucketKeys(`${keyPrefix}/`)).map((key) => key.slice(keyPrefix.length + 1));
    return { storage: createMediaStorage(config), allKeys };
  },
};

describe.each(['local', 's3'] as const)('media storage contract: %s driver', (driverName) => {
  let driver: DriverUnderTest;
  let storage: MediaStorage;

  beforeAll(async () => {
    driver = await drivers[driverName]();
    storage = driver.storage;
  });
  afterAll(async () => {
    await storage?.close();
  });

  test('reports its driver name', () => {
    expect(storage.driver).toBe(driverName);
  });

  test('stores a file, describes it and reads it back whole', async () => {
    const content = Buffer.from('#EXTM3U\n#EXT-X-VERSION:7\n');
    await storage.putFile('videos/v1/master.m3u8', await writeSource(content));

    const info = await storage.stat('videos/v1/master.m3u8');
    expect(info).toMatchObject({
      key: 'videos/v1/master.m3u8',
      size: content.length,
      contentType: 'application/vnd.apple.mpegurl',
    });
    expect(info?.etag).toMatch(/^".+"$/);
    expect(info?.lastModified).toBeInstanceOf(Date);
    expect(Math.abs((info?.lastModified.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect((await storage.stat('videos/v1/master.m3u8'))?.etag).toBe(info?.etag);

    const read = await storage.read('videos/v1/master.m3u8');
    expect(read?.info).toEqual(info);
    expect(await readAll(read!.body)).toEqual(content);
  });

  test('gives a rewritten object a new etag', async () => {
    await storage.putFile('etag/object.bin', await writeSource('first version'));
    const first = await storage.stat('etag/object.bin');
    await storage.putFile('etag/object.bin', await writeSource('the second, longer version'));
    const second = await storage.stat('etag/object.bin');
    expect(second?.size).toBe('the second, longer version'.length);
    expect(second?.etag).not.toBe(first?.etag);
  });

  test('reads an inclusive byte range, clamping an end past the last byte', async () => {
    const content = randomBytes(1000);
    await storage.putFile('ranges/segment.ts', await writeSource(content));

    const middle = await storage.read('ranges/segment.ts', { start: 100, end: 199 });
    expect(middle?.info.size).toBe(1000);
    expect(await readAll(middle!.body)).toEqual(content.subarray(100, 200));

    // 0-1 rather than 0-0: s3rver reads an end of 0 as "to the last byte" (real S3 does not)
    const head = await storage.read('ranges/segment.ts', { start: 0, end: 1 });
    expect(await readAll(head!.body)).toEqual(content.subarray(0, 2));

    const tail = await storage.read('ranges/segment.ts', { start: 990, end: 5000 });
    expect(await readAll(tail!.body)).toEqual(content.subarray(990));
  });

  test('rejects a range that starts past the end or runs backwards', async () => {
    await storage.putFile('ranges/short.ts', await writeSource('0123456789'));
    await expect(storage.read('ranges/short.ts', { start: 10, end: 20 })).rejects.toBeInstanceOf(StorageRangeError);
    await expect(storage.read('ranges/short.ts', { start: 5, end: 4 })).rejects.toBeInstanceOf(RangeError);
    await expect(storage.read('ranges/short.ts', { start: -1, end: 4 })).rejects.toBeInstanceOf(RangeError);
  });

  test('answers null for a missing key and refuses to download it', async () => {
    expect(await storage.stat('missing/nothing.ts')).toBeNull();
    expect(await storage.read('missing/nothing.ts')).toBeNull();
    expect(await storage.read('missing/nothing.ts', { start: 0, end: 10 })).toBeNull();
    await expect(storage.downloadToFile('missing/nothing.ts', path.join(workDir, 'never.bin'))).rejects.toBeInstanceOf(
      StoredObjectMissingError,
    );
    await storage.putFile('missing-parent/file.txt', await writeSource('x'));
    expect(await storage.stat('missing-parent/file.txt/below')).toBeNull();
    expect(await storage.stat('missing-parent')).toBeNull();
  });

  test.each(['', '/absolute', 'a/../b', '..', '.', 'a/./b', 'a//b', 'a/', 'a\\b', 'a\0b'])(
    'rejects the key %j',
    async (key) => {
      const source = await writeSource('x');
      const tree = await writeTree({ 'a.txt': 'x' });
      await expect(storage.putFile(key, source)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.putDirectory(key, tree)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.stat(key)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.read(key)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.downloadToFile(key, path.join(workDir, 'never.bin'))).rejects.toBeInstanceOf(
        StorageKeyError,
      );
      await expect(storage.delete(key)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(storage.deletePrefix(key)).rejects.toBeInstanceOf(StorageKeyError);
    },
  );

  test('putDirectory replaces everything at the prefix and leaves no temporary objects', async () => {
    const prefix = 'videos/v2/out';
    const first = await storage.putDirectory(
      prefix,
      await writeTree({
        'master.m3u8': 'old master',
        '720p/index.m3u8': 'old 720p',
        '720p/seg-0.ts': 'old segment',
        'only-in-old.txt': 'stale',
      }),
    );
    expect(first).toEqual({
      files: 4,
      bytes: 'old master'.length + 'old 720p'.length + 'old segment'.length + 'stale'.length,
    });

    const second = await storage.putDirectory(
      prefix,
      await writeTree({
        'master.m3u8': 'new master',
        '360p/index.m3u8': 'new 360p',
        '360p/seg-0.m4s': 'new segment',
        'storyboard.vtt': '',
      }),
      { concurrency: 2 },
    );
    expect(second).toEqual({ files: 4, bytes: 'new master'.length + 'new 360p'.length + 'new segment'.length });

    const keys = await driver.allKeys();
    expect(keys.filter((key) => key.startsWith(`${prefix}/`))).toEqual([
      `${prefix}/360p/index.m3u8`,
      `${prefix}/360p/seg-0.m4s`,
      `${prefix}/master.m3u8`,
      `${prefix}/storyboard.vtt`,
    ]);
    expect(keys.filter((key) => /\.(tmp|old)-/.test(key))).toEqual([]);
    expect(await readAll((await storage.read(`${prefix}/master.m3u8`))!.body)).toEqual(Buffer.from('new master'));
    expect((await storage.stat(`${prefix}/storyboard.vtt`))?.size).toBe(0);
    expect(await storage.stat(`${prefix}/720p/seg-0.ts`)).toBeNull();
  });

  test('putDirectory with an empty folder leaves nothing at the prefix', async () => {
    await storage.putDirectory('videos/v3', await writeTree({ 'a.ts': 'a' }));
    expect(await storage.putDirectory('videos/v3', await writeTree({}))).toEqual({ files: 0, bytes: 0 });
    expect((await driver.allKeys()).filter((key) => key.startsWith('videos/v3'))).toEqual([]);
  });

  test('deletePrefix removes the prefix and everything below it, but not a sibling sharing its first letters', async () => {
    for (const key of [
      'tree/a/b/one.ts',
      'tree/a/b/deeper/two.ts',
      'tree/a/bc',
      'tree/a/bcd/three.ts',
      'tree/a/keep.ts',
    ]) {
      await storage.putFile(key, await writeSource(key));
    }
    await storage.deletePrefix('tree/a/b');
    expect((await driver.allKeys()).filter((key) => key.startsWith('tree/'))).toEqual([
      'tree/a/bc',
      'tree/a/bcd/three.ts',
      'tree/a/keep.ts',
    ]);

    await storage.deletePrefix('tree/a/bc');
    expect((await driver.allKeys()).filter((key) => key.startsWith('tree/'))).toEqual([
      'tree/a/bcd/three.ts',
      'tree/a/keep.ts',
    ]);
    await expect(storage.deletePrefix('tree/never-existed')).resolves.toBeUndefined();
  });

  test('delete removes one object, and nothing beside or below its key; a missing one is fine', async () => {
    for (const key of ['one/source.mp4', 'one/source.mp4.json', 'one/nested/below.ts', 'one/other.mp4']) {
      await storage.putFile(key, await writeSource(key));
    }
    await storage.delete('one/source.mp4');
    await storage.delete('one/nested');
    expect(await storage.stat('one/source.mp4')).toBeNull();
    expect((await driver.allKeys()).filter((key) => key.startsWith('one/'))).toEqual([
      'one/nested/below.ts',
      'one/other.mp4',
      'one/source.mp4.json',
    ]);
    await expect(storage.delete('one/source.mp4')).resolves.toBeUndefined();
    await expect(storage.delete('one/other.mp4/never')).resolves.toBeUndefined();
  });

  test('deletePrefix goes through more objects than one listing page holds', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 1010 }, (_, index) => [`s/${String(index).padStart(4, '0')}.ts`, `${index}`]),
    );
    expect(await storage.putDirectory('many', await writeTree(files), { concurrency: 32 })).toMatchObject({
      files: 1010,
    });
    expect((await driver.allKeys()).filter((key) => key.startsWith('many/'))).toHaveLength(1010);
    await storage.deletePrefix('many');
    expect((await driver.allKeys()).filter((key) => key.startsWith('many'))).toEqual([]);
  }, 120_000);

  test('downloadToFile copies the object into a new folder', async () => {
    const content = randomBytes(64 * 1024);
    await storage.putFile('sources/upload-1/source.mp4', await writeSource(content));
    const target = path.join(workDir, `download-${driverName}`, 'nested', 'source.mp4');
    await storage.downloadToFile('sources/upload-1/source.mp4', target);
    expect(await readFile(target)).toEqual(content);
  });

  test('round-trips a 12 MiB file', async () => {
    const content = randomBytes(12 * 1024 * 1024);
    const requestsBefore = s3.requests.length;
    await storage.putFile('sources/large/source.mkv', await writeSource(content));

    expect((await storage.stat('sources/large/source.mkv'))?.size).toBe(content.length);
    const target = path.join(workDir, `large-${driverName}.mkv`);
    await storage.downloadToFile('sources/large/source.mkv', target);
    const digest = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    expect(digest(await readFile(target))).toBe(digest(content));
    if (driverName === 's3') {
      const upload = s3.requests.slice(requestsBefore);
      expect(upload.some((request) => request.method === 'POST' && request.url.includes('uploads'))).toBe(true);
      expect(
        upload.filter((request) => request.method === 'PUT' && request.url.includes('partNumber=')).length,
      ).toBeGreaterThanOrEqual(2);
    }
  });

  test('guesses content types from the extension', async () => {
    const expected: Record<string, string> = {
      'types/master.m3u8': 'application/vnd.apple.mpegurl',
      'types/seg.ts': 'video/mp2t',
      'types/seg.m4s': 'video/iso.segment',
      'types/init.mp4': 'video/mp4',
      'types/thumbs.vtt': 'text/vtt; charset=utf-8',
      'types/poster.jpg': 'image/jpeg',
      'types/poster.webp': 'image/webp',
      'types/sprite.png': 'image/png',
      'types/meta.json': 'application/json',
      'types/source.mov': 'video/quicktime',
      'types/source.mkv': 'video/x-matroska',
      'types/source.webm': 'video/webm',
      'types/source.avi': 'video/x-msvideo',
      'types/POSTER.JPG': 'image/jpeg',
      'types/unknown.xyz': 'application/octet-stream',
      'types/no-extension': 'application/octet-stream',
    };
    const source = await writeSource('x');
    for (const key of Object.keys(expected)) await storage.putFile(key, source);
    const actual = Object.fromEntries(
      await Promise.all(Object.keys(expected).map(async (key) => [key, (await storage.stat(key))?.contentType])),
    );
    expect(actual).toEqual(expected);
  });
});

describe('media storage: local driver specifics', () => {
  test('stores a finished file without copying its bytes (a hard link): it outlives the source name, and a new file under that name is not it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'framecast-local-link-'));
    try {
      const storage = new LocalMediaStorage(path.join(dir, 'media'));
      const source = path.join(dir, 'upload.bin');
      await writeFile(source, 'the whole upload');
      await storage.putFile('sources/v1/a.mp4', source);
      const stored = path.join(dir, 'media', 'sources', 'v1', 'a.mp4');
      expect((await stat(stored)).ino).toBe((await stat(source)).ino);
      await rm(source);
      await writeFile(source, 'another file by the same name');
      expect(await readFile(stored, 'utf8')).toBe('the whole upload');
      // and back out to a job's work folder the same way, replacing what was there
      const work = path.join(dir, 'work', 'source.mp4');
      await mkdir(path.dirname(work), { recursive: true });
      await writeFile(work, 'stale');
      await storage.downloadToFile('sources/v1/a.mp4', work);
      expect(await readFile(work, 'utf8')).toBe('the whole upload');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('media storage: s3 driver specifics', () => {
  test('keeps an explicit content type', async () => {
    const storage = createMediaStorage({
      driver: 's3',
      bucket: s3.bucket,
      region: s3.region,
      endpoint: s3.endpoint,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
    });
    try {
      await storage.putFile('explicit/upload.bin', await writeSource('x'), 'video/mp4');
      expect((await storage.stat('explicit/upload.bin'))?.contentType).toBe('video/mp4');
    } finally {
      await storage.close();
    }
  });

  test('puts every key under keyPrefix', async () => {
    const config = {
      driver: 's3',
      bucket: s3.bucket,
      region: s3.region,
      endpoint: s3.endpoint,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
    } as const;
    const prefixed = createMediaStorage({ ...config, keyPrefix: 'tenants/one' });
    const plain = createMediaStorage(config);
    try {
      await prefixed.putFile('videos/x/master.m3u8', await writeSource('#EXTM3U\n'));
      expect(await bucketKeys('tenants/')).toEqual(['tenants/one/videos/x/master.m3u8']);
      expect((await plain.stat('tenants/one/videos/x/master.m3u8'))?.size).toBe(8);
      await prefixed.deletePrefix('videos');
      expect(await bucketKeys('tenants/')).toEqual([]);
    } finally {
      await Promise.all([prefixed.close(), plain.close()]);
    }
  });

  test('rejects an invalid keyPrefix', () => {
    expect(() =>
      createMediaStorage({ driver: 's3', bucket: s3.bucket, region: s3.region, keyPrefix: '../up' }),
    ).toThrow(StorageKeyError);
  });
});

describe('storageConfigFromEnv', () => {
  const defaults = { localRoot: '/srv/framecast/media' };

  test('defaults to the local driver on the caller’s folder', () => {
    expect(storageConfigFromEnv({}, defaults)).toEqual({ driver: 'local', root: '/srv/framecast/media' });
    expect(storageConfigFromEnv({ STORAGE_DRIVER: '', MEDIA_ROOT: '' }, defaults)).toEqual({
      driver: 'local',
      root: '/srv/framecast/media',
    });
    expect(storageConfigFromEnv({ STORAGE_DRIVER: 'local', MEDIA_ROOT: '/data/media' }, defaults)).toEqual({
      driver: 'local',
      root: '/data/media',
    });
  });

  test('reads the S3 settings', () => {
    expect(
      storageConfigFromEnv(
        {
          STORAGE_DRIVER: 's3',
          S3_BUCKET: 'framecast',
          S3_ENDPOINT: 'http://minio:9000',
          S3_FORCE_PATH_STYLE: 'true',
          S3_ACCESS_KEY_ID: 'key',
          S3_SECRET_ACCESS_KEY: 'secret',
          S3_KEY_PREFIX: '/prod/media/',
        },
        defaults,
      ),
    ).toEqual({
      driver: 's3',
      bucket: 'framecast',
      region: 'us-east-1',
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      keyPrefix: 'prod/media',
    });
    expect(
      storageConfigFromEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: 'media.example', S3_REGION: 'eu-west-3' }, defaults),
    ).toEqual({ driver: 's3', bucket: 'media.example', region: 'eu-west-3' });
  });

  test('ignores the settings of the driver it does not use', () => {
    expect(storageConfigFromEnv({ S3_ENDPOINT: 'not a url', S3_ACCESS_KEY_ID: 'only-one' }, defaults)).toEqual({
      driver: 'local',
      root: '/srv/framecast/media',
    });
  });

  test.each([
    [{ STORAGE_DRIVER: 'gcs' }, /STORAGE_DRIVER/],
    [{ MEDIA_ROOT: 'relative/media' }, /MEDIA_ROOT/],
    [{ STORAGE_DRIVER: 's3' }, /S3_BUCKET/],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'Bad_Bucket' }, /S3_BUCKET/],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'framecast', S3_ENDPOINT: 'minio:9000' }, /S3_ENDPOINT/],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'framecast', S3_ENDPOINT: 'ftp://minio' }, /S3_ENDPOINT/],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'framecast', S3_REGION: 'US East' }, /S3_REGION/],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'framecast', S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE/],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'framecast', S3_ACCESS_KEY_ID: 'key' }, /S3_SECRET_ACCESS_KEY/],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'framecast', S3_KEY_PREFIX: 'a/../b' }, /S3_KEY_PREFIX/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => storageConfigFromEnv(env, defaults)).toThrow(message);
  });

  test('createMediaStorage builds the configured driver', async () => {
    const local = createMediaStorage(storageConfigFromEnv({}, { localRoot: workDir }));
    const remote = createMediaStorage(
      storageConfigFromEnv(
        {
          STORAGE_DRIVER: 's3',
          S3_BUCKET: s3.bucket,
          S3_ENDPOINT: s3.endpoint,
          S3_ACCESS_KEY_ID: s3.accessKeyId,
          S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        },
        defaults,
      ),
    );
    try {
      expect([local.driver, remote.driver]).toEqual(['local', 's3']);
      expect(await remote.stat('nothing/here')).toBeNull();
    } finally {
      await Promise.all([local.close(), remote.close()]);
    }
  });
});
