/**
 * The tus store that hashes uploads on the way in (utils/hashing-file-store.ts): the checksum it gives is the
 * file's own, and it gives none when the chain of PATCHes broke, so the caller hashes the file instead.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Upload } from '@tus/server';
import { HashingFileStore } from '../utils/hashing-file-store';

let dir: string;
let store: HashingFileStore;
const bytes = randomBytes(3 * 1024 * 1024 + 17);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'framecast-hashing-store-'));
  store = new HashingFileStore({ directory: dir });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function created(id: string): Promise<void> {
  await store.create(new Upload({ id, size: bytes.length, offset: 0, metadata: { filename: 'clip.mp4' } }));
}

/** One PATCH: `data` in chunks of up to 64 KiB, as a request body arrives. */
function body(data: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += 65_536) chunks.push(data.subarray(at, at + 65_536));
  return Readable.from(chunks);
}

test('gives the sha256 of the whole file after the PATCHes that wrote it', async () => {
  await created('whole');
  let offset = 0;
  for (const end of [1_000_000, 2_500_000, bytes.length]) {
    offset = await store.write(body(bytes.subarray(offset, end)), 'whole', offset);
  }
  expect(offset).toBe(bytes.length);
  expect((await readFile(path.join(dir, 'whole'))).equals(bytes)).toBe(true);
  expect(store.takeChecksum('whole', bytes.length)).toBe(sha256(bytes));
  // once: a second call has nothing left to give
  expect(store.takeChecksum('whole', bytes.length)).toBeNull();
});

test('gives nothing when the file is not whole yet', async () => {
  await created('partial');
  await store.write(body(bytes.subarray(0, 1_000_000)), 'partial', 0);
  expect(store.takeChecksum('partial', bytes.length)).toBeNull();
});

test('gives nothing after a PATCH failed half-way, even when the upload is then resumed to the end', async () => {
  await created('broken');
  const offset = await store.write(body(bytes.subarray(0, 1_000_000)), 'broken', 0);
  const failing = new Readable({
    read() {
      this.push(bytes.subarray(offset, offset + 65_536));
      this.destroy(new Error('connection reset'));
    },
  });
  await expect(store.write(failing, 'broken', offset)).rejects.toBeTruthy();
  // the client asks where it stands (HEAD) and sends the rest from there
  const { offset: resumeAt } = await store.getUpload('broken');
  const end = await store.write(body(bytes.subarray(resumeAt)), 'broken', resumeAt);
  expect(end).toBe(bytes.length);
  expect((await readFile(path.join(dir, 'broken'))).equals(bytes)).toBe(true);
  expect(store.takeChecksum('broken', bytes.length)).toBeNull();
});

test('gives nothing for an upload whose first bytes came before it started (a restarted CMS)', async () => {
  await created('restarted');
  const before = new HashingFileStore({ directory: dir });
  await before.write(body(bytes.subarray(0, 1_000_000)), 'restarted', 0);
  const end = await store.write(body(bytes.subarray(1_000_000)), 'restarted', 1_000_000);
  expect(end).toBe(bytes.length);
  expect(store.takeChecksum('restarted', bytes.length)).toBeNull();
});

test('starts afresh when an upload is written from 0 again, and forgets a removed upload', async () => {
  await created('again');
  await store.write(body(bytes.subarray(0, 500_000)), 'again', 0);
  await store.write(body(bytes), 'again', 0);
  expect(store.takeChecksum('again', bytes.length)).toBe(sha256(bytes));

  await created('removed');
  await store.write(body(bytes), 'removed', 0);
  await store.remove('removed');
  expect(store.takeChecksum('removed', bytes.length)).toBeNull();
});
