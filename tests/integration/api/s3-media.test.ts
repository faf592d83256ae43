/**
 * Strapi's media library on S3: the real CMS with STORAGE_DRIVER=s3 against a real S3 API (s3rver), an image
 * uploaded through POST /api/upload with an API token, then found in the bucket and served from its URL.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import request from 'supertest';
import { s3Client, s3StorageEnv, startS3Server, type TestS3Server } from '../setup/s3-server';
import { startTestCms, type TestCms } from '../setup/strapi';

// A 2x2 RGB PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8DA8B+MgBgAHfAD/dPQfSYAAAAASUVORK5CYII=',
  'base64',
);
const KEY_PREFIX = 'cms-test';
const STORAGE_ENV = [
  'STORAGE_DRIVER',
  'S3_BUCKET',
  'S3_REGION',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_KEY_PREFIX',
  'S3_PUBLIC_URL',
  'S3_FORCE_PATH_STYLE',
];

let s3: TestS3Server;
let cms: TestCms;
let bucket: S3Client;
let token: string;
const savedEnv: Record<string, string | undefined> = {};

beforeAll(async () => {
  s3 = await startS3Server();
  for (const name of STORAGE_ENV) savedEnv[name] = process.env[name];
  for (const name of ['S3_PUBLIC_URL', 'S3_FORCE_PATH_STYLE']) delete process.env[name];
  Object.assign(process.env, { ...s3StorageEnv(s3), S3_KEY_PREFIX: KEY_PREFIX });
  bucket = s3Client(s3);
  cms = await startTestCms();
  const created = await cms.strapi
    .service('admin::api-token-content-api')
    .create({ name: 's3 media test', type: 'full-access', lifespan: null });
  token = (created as { accessKey: string }).accessKey;
}, 120_000);

afterAll(async () => {
  await cms?.stop();
  bucket?.destroy();
  await s3?.stop();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function keysInBucket(): Promise<string[]> {
  const listing = await bucket.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
  return (listing.Contents ?? []).map((object) => object.Key as string).sort();
}

async function objectBytes(key: string): Promise<Buffer> {
  const object = await bucket.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

describe('media library on S3 (STORAGE_DRIVER=s3)', () => {
  let uploaded: { id: number; url: string; hash: string; ext: string; mime: string; provider: string };

  it('stores an uploaded image in the bucket under S3_KEY_PREFIX/uploads and serves it from its URL', async () => {
    const response = await request(cms.server)
      .post('/api/upload')
      .set('Authorization', `Bearer ${token}`)
      .attach('files', PNG, { filename: 'pixel.png', contentType: 'image/png' })
      .expect(201);
    [uploaded] = response.body;
    expect(uploaded).toMatchObject({ provider: 'aws-s3', mime: 'image/png', ext: '.png' });

    const key = `${KEY_PREFIX}/uploads/${uploaded.hash}${uploaded.ext}`;
    expect(await keysInBucket()).toContain(key);
    expect(uploaded.url).toBe(`${s3.endpoint}/${s3.bucket}/${key}`);

    const served = await fetch(uploaded.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes).toEqual(await objectBytes(key));
    expect(bytes.subarray(0, 8)).toEqual(PNG.subarray(0, 8));

    const put = s3.requests.find((entry) => entry.method === 'PUT' && entry.url.includes(key));
    expect(put).toBeDefined();
    expect(put?.headers['x-amz-acl']).toBeUndefined();
    // a download on the bucket's origin as on the CMS's
    expect(put?.headers['content-disposition']).toBe('attachment');
  });

  it('deletes the object when the file is deleted', async () => {
    await request(cms.server)
      .delete(`/api/upload/files/${uploaded.id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect((await keysInBucket()).filter((key) => key.startsWith(`${KEY_PREFIX}/uploads/`))).toEqual([]);
  });

  it('lets the admin panel load images and media from the bucket (CSP)', async () => {
    const response = await request(cms.server).get('/api/health');
    const policy = response.headers['content-security-policy'] as string;
    const directive = (name: string) =>
      policy
        .split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith(`${name} `)) ?? '';
    expect(directive('img-src').split(' ')).toContain(s3.endpoint);
    expect(directive('media-src').split(' ')).toContain(s3.endpoint);
    expect(directive('connect-src').split(' ')).toEqual(['connect-src', "'self'", s3.endpoint]);
  });
});
