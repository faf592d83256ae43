/**
 * The archive form against GNU tar (Debian's `tar`): what TarWriter writes, tar lists and extracts byte for byte, long
 * and non-ASCII names included; what tar writes (ustar, pax, GNU long names), indexTar reads; a truncated or damaged
 * archive is refused as damaged.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BackupDamagedError } from '../backup/errors';
import { indexTar, TarWriter } from '../backup/tar';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'framecast-tar-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const FILES: Record<string, Buffer> = {
  'manifest.json': Buffer.from('{"a":1}\n'),
  'empty.txt': Buffer.alloc(0),
  'exactly-one-block.bin': Buffer.alloc(512, 7),
  [`media/media/videos/${'d'.repeat(24)}/${'c'.repeat(64)}/1080p/segment00042.ts`]: Buffer.alloc(70_001, 3),
  [`media/uploads/${'a-very-long-folder-name/'.repeat(12)}file.jpg`]: Buffer.from('deep'),
  'media/uploads/café au lait.png': Buffer.from('accents'),
};

async function writeArchive(file: string): Promise<Record<string, string>> {
  const writer = await TarWriter.create(file);
  const hashes: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(FILES)) {
    const hash = createHash('sha256');
    // in chunks, as a file is read
    const chunks = Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, index) =>
      bytes.subarray(index * 4096, (index + 1) * 4096),
    );
    await writer.add(name, bytes.length, Readable.from(chunks), (chunk) => hash.update(chunk));
    hashes[name] = hash.digest('hex');
  }
  await writer.finish();
  return hashes;
}

it('writes archives GNU tar lists and extracts byte for byte', async () => {
  const archive = path.join(dir, 'backup.tar');
  const hashes = await writeArchive(archive);
  const listed = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).trim().split('\n');
  expect(listed.sort()).toEqual(Object.keys(FILES).sort());
  const out = path.join(dir, 'out');
  mkdirSync(out);
  execFileSync('tar', ['-xf', archive, '-C', out]);
  for (const [name, bytes] of Object.entries(FILES)) {
    const extracted = readFileSync(path.join(out, name));
    expect(extracted.equals(bytes)).toBe(true);
    expect(createHash('sha256').update(extracted).digest('hex')).toBe(hashes[name]);
  }
});

it('indexes its own archives and those GNU tar writes, in every format', async () => {
  const own = path.join(dir, 'own.tar');
  await writeArchive(own);
  const source = path.join(dir, 'source');
  for (const [name, bytes] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
    writeFileSync(path.join(source, name), bytes);
  }
  const archives = [own];
  for (const format of ['gnu', 'pax', 'posix']) {
    const file = path.join(dir, `${format}.tar`);
    execFileSync('tar', [`--format=${format}`, '-cf', file, '-C', source, '.']);
    archives.push(file);
  }
  for (const archive of archives) {
    const members = await indexTar(archive);
    const whole = readFileSync(archive);
    for (const [name, bytes] of Object.entries(FILES)) {
      const member = members.get(name);
      expect({ archive: path.basename(archive), name, found: Boolean(member) }).toMatchObject({ found: true });
      expect(whole.subarray(member!.offset, member!.offset + member!.size).equals(bytes)).toBe(true);
    }
  }
});

it('refuses a truncated or damaged archive as damaged', async () => {
  const archive = path.join(dir, 'backup.tar');
  await writeArchive(archive);
  const whole = readFileSync(archive);
  const truncated = path.join(dir, 'truncated.tar');
  writeFileSync(truncated, whole.subarray(0, 60_000));
  await expect(indexTar(truncated)).rejects.toThrow(BackupDamagedError);
  await expect(indexTar(truncated)).rejects.toThrow(/truncated/);
  const damaged = Buffer.from(whole);
  damaged[5] ^= 0xff; // inside the first header's name
  const broken = path.join(dir, 'broken.tar');
  writeFileSync(broken, damaged);
  await expect(indexTar(broken)).rejects.toThrow(/header at byte 0 is damaged/);
});

it('refuses to add a file whose size changed while it was read', async () => {
  const writer = await TarWriter.create(path.join(dir, 'changing.tar'));
  await expect(writer.add('grew.bin', 4, Readable.from([Buffer.alloc(8)]), () => undefined)).rejects.toThrow(
    /grew while it was being read/,
  );
  await writer.abandon();
  const again = await TarWriter.create(path.join(dir, 'shrinking.tar'));
  await expect(again.add('shrank.bin', 8, Readable.from([Buffer.alloc(4)]), () => undefined)).rejects.toThrow(
    /shrank while it was being read/,
  );
  await again.abandon();
});
