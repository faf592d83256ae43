/**
 * The two forms a backup takes on disk: a folder, or one tar archive (a target ending in `.tar`). Both are written
 * under a `.partial-…` name and renamed into place when complete, so a backup that stopped half-way never looks like
 * one; both are read the same way, file by file as the manifest names them.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BackupDamagedError } from './errors';
import { fileHasher, isSafeRelativePath, MANIFEST_NAME, parseManifest, type Manifest } from './manifest';
import { indexTar, TarWriter, type TarMember } from './tar';

export interface BackupWriter {
  /** Where the backup will be once finished. */
  readonly location: string;
  /** Stores `size` bytes from `source` under `name` and answers their sha256; fails when the source gives another size. */
  add(name: string, size: number, source: Readable | AsyncIterable<Buffer>): Promise<{ sha256: string; size: number }>;
  /** Writes the manifest last and moves the backup into place. */
  finish(manifest: Manifest): Promise<void>;
  /** Removes what was written. */
  abandon(): Promise<void>;
}

export const isArchivePath = (location: string) => location.toLowerCase().endsWith('.tar');

const partialName = (location: string) => `${location}.partial-${randomBytes(4).toString('hex')}`;

async function exists(location: string): Promise<boolean> {
  return stat(location).then(
    () => true,
    () => false,
  );
}

/** A new backup at `location`: an archive when it ends in `.tar`, else a folder. Refuses to overwrite anything. */
export async function createBackupWriter(location: string): Promise<BackupWriter> {
  const target = path.resolve(location);
  if (await exists(target)) {
    const empty = (await stat(target)).isDirectory() && (await readdir(target)).length === 0;
    if (!empty) throw new Error(`${target} already exists: choose a new name for the backup`);
  }
  await mkdir(path.dirname(target), { recursive: true });
  return isArchivePath(target) ? ArchiveWriter.create(target) : new FolderWriter(target);
}

class FolderWriter implements BackupWriter {
  private readonly partial: string;

  constructor(readonly location: string) {
    this.partial = partialName(location);
  }

  async add(name: string, size: number, source: Readable | AsyncIterable<Buffer>) {
    const file = path.join(this.partial, ...name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    const hasher = fileHasher();
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hasher.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(source, hashing, createWriteStream(file, { flags: 'wx' }));
    const digest = hasher.digest();
    if (digest.size !== size)
      throw new Error(`${name} changed while it was being read (${digest.size} of ${size} bytes)`);
    return digest;
  }

  async finish(manifest: Manifest): Promise<void> {
    await writeFile(path.join(this.partial, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
    // an empty folder given as the target is replaced (rename(2) replaces an empty directory)
    await rename(this.partial, this.location);
  }

  async abandon(): Promise<void> {
    await rm(this.partial, { recursive: true, force: true });
  }
}

class ArchiveWriter implements BackupWriter {
  private constructor(
    readonly location: string,
    private readonly partial: string,
    private readonly tar: TarWriter,
  ) {}

  static async create(location: string): Promise<ArchiveWriter> {
    const partial = partialName(location);
    return new ArchiveWriter(location, partial, await TarWriter.create(partial));
  }

  async add(name: string, size: number, source: Readable | AsyncIterable<Buffer>) {
    const hasher = fileHasher();
    await this.tar.add(name, size, source as Readable, (chunk) => hasher.update(chunk));
    return hasher.digest();
  }

  async finish(manifest: Manifest): Promise<void> {
    const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await this.tar.add(MANIFEST_NAME, text.length, [text], () => undefined);
    await this.tar.finish();
    await rename(this.partial, this.location);
  }

  async abandon(): Promise<void> {
    await this.tar.abandon();
    await rm(this.partial, { force: true });
  }
}

export interface BackupReader {
  readonly location: string;
  readonly manifest: Manifest;
  /** The stored size of `name`, or null when the backup does not hold it. */
  sizeOf(name: string): Promise<number | null>;
  open(name: string): Readable;
}

/** Opens the backup at `location` (a folder or a `.tar` archive) and reads its manifest. */
export async function openBackup(location: string): Promise<BackupReader> {
  const resolved = path.resolve(location);
  const info = await stat(resolved).catch(() => null);
  if (!info) throw new Error(`No backup at ${resolved}`);
  if (info.isDirectory()) {
    const text = await readFile(path.join(resolved, MANIFEST_NAME), 'utf8').catch(() => null);
    if (text === null)
      throw new BackupDamagedError(`${resolved} has no ${MANIFEST_NAME}: it is not a Framecast backup`);
    return new FolderReader(resolved, parseManifest(text));
  }
  const members = await indexTar(resolved).catch((error: unknown) => {
    if (error instanceof BackupDamagedError) throw error;
    throw new BackupDamagedError(`${resolved} cannot be read as a tar archive: ${(error as Error).message}`);
  });
  const entry = members.get(MANIFEST_NAME);
  if (!entry) throw new BackupDamagedError(`${resolved} has no ${MANIFEST_NAME}: it is not a Framecast backup`);
  const text = await streamText(memberStream(resolved, entry));
  return new ArchiveReader(resolved, parseManifest(text), members);
}

async function streamText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function memberStream(archive: string, member: TarMember): Readable {
  if (member.size === 0) return Readable.from([]);
  return createReadStream(archive, { start: member.offset, end: member.offset + member.size - 1 });
}

class FolderReader implements BackupReader {
  constructor(
    readonly location: string,
    readonly manifest: Manifest,
  ) {}

  private pathOf(name: string): string {
    if (!isSafeRelativePath(name)) throw new BackupDamagedError(`${name} is not a path inside the backup`, name);
    return path.join(this.location, ...name.split('/'));
  }

  async sizeOf(name: string): Promise<number | null> {
    const info = await stat(this.pathOf(name)).catch(() => null);
    return info?.isFile() ? info.size : null;
  }

  open(name: string): Readable {
    return createReadStream(this.pathOf(name));
  }
}

class ArchiveReader implements BackupReader {
  constructor(
    readonly location: string,
    readonly manifest: Manifest,
    private readonly members: Map<string, TarMember>,
  ) {}

  async sizeOf(name: string): Promise<number | null> {
    return this.members.get(name)?.size ?? null;
  }

  open(name: string): Readable {
    const member = this.members.get(name);
    if (!member) throw new BackupDamagedError(`${name} is missing from the backup`, name);
    return memberStream(this.location, member);
  }
}

/**
 * Reads every file the manifest lists and compares its size and sha256; throws BackupDamagedError naming the first file
 * that differs. Nothing is restored from a backup that has not passed this.
 */
export async function verifyBackup(
  reader: BackupReader,
  onFile: (done: number, total: number) => void = () => undefined,
): Promise<void> {
  const { files } = reader.manifest;
  let done = 0;
  for (const file of files) {
    const size = await reader.sizeOf(file.path);
    if (size === null) throw new BackupDamagedError(`${file.path} is missing from the backup`, file.path);
    if (size !== file.size)
      throw new BackupDamagedError(
        `${file.path} is damaged: ${size} bytes where the manifest says ${file.size}`,
        file.path,
      );
    const hasher = fileHasher();
    for await (const chunk of reader.open(file.path)) hasher.update(chunk as Buffer);
    if (hasher.digest().sha256 !== file.sha256)
      throw new BackupDamagedError(`${file.path} is damaged: its sha256 does not match the manifest`, file.path);
    onFile(++done, files.length);
  }
}
