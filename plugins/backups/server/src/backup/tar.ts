/**
 * The archive form of a backup: a POSIX tar file (ustar headers, a pax header for names or sizes ustar cannot hold), so
 * `tar -tf` and `tar -xf` read it. Written in one pass, each file streamed and hashed as it goes in; read through an
 * index of its headers, so a restore opens any member as a byte range of the archive without extracting it first.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { BackupDamagedError } from './errors';

const BLOCK = 512;
/** The largest size a ustar header holds (11 octal digits). */
const USTAR_MAX_SIZE = 0o77777777777;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function writeString(header: Buffer, text: string, offset: number, length: number): void {
  header.write(text, offset, length, 'utf8');
}

function header(name: string, size: number, type: '0' | 'x', mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let prefix = '';
  let short = name;
  if (Buffer.byteLength(name) > 100) {
    // ustar keeps a path in two fields, split at a '/': prefix (155) and name (100)
    const cut = name.lastIndexOf('/', 155);
    prefix = cut > 0 ? name.slice(0, cut) : '';
    short = cut > 0 ? name.slice(cut + 1) : name;
  }
  writeString(block, short, 0, 100);
  writeString(block, '0000644\0', 100, 8);
  writeString(block, octal(0, 8), 108, 8);
  writeString(block, octal(0, 8), 116, 8);
  writeString(block, octal(Math.min(size, USTAR_MAX_SIZE), 12), 124, 12);
  writeString(block, octal(Math.floor(mtime / 1000), 12), 136, 12);
  block.fill(' ', 148, 156);
  block.write(type, 156, 1, 'latin1');
  writeString(block, 'ustar\0', 257, 6);
  writeString(block, '00', 263, 2);
  writeString(block, prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, `${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

/** Whether `name` fits the ustar fields as they are (ASCII, and 100 bytes or a '/' that splits it into 155 + 100). */
function fitsUstar(name: string): boolean {
  if (!/^[\x20-\x7e]*$/.test(name)) return false;
  if (name.length <= 100) return true;
  const cut = name.lastIndexOf('/', 155);
  return cut > 0 && name.length - cut - 1 <= 100;
}

/** One pax record: "<length> <key>=<value>\n", the length counting itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length)
    length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** Appends files to a new tar file; `finish()` writes the end-of-archive blocks. */
export class TarWriter {
  private position = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(file: string): Promise<TarWriter> {
    return new TarWriter(await open(file, 'wx'));
  }

  private async write(buffer: Buffer): Promise<void> {
    let written = 0;
    while (written < buffer.length) {
      const { bytesWritten } = await this.handle.write(buffer, written, buffer.length - written, this.position);
      written += bytesWritten;
      this.position += bytesWritten;
    }
  }

  /**
   * Adds `name` with exactly `size` bytes from `source`, each chunk also handed to `onChunk` (the hash). Fails when
   * the source gives more or fewer bytes: a file that changed while it was read is not backed up half-way.
   */
  async add(name: string, size: number, source: Readable | Iterable<Buffer>, onChunk: (chunk: Buffer) => void) {
    const mtime = Date.now();
    if (!fitsUstar(name) || size > USTAR_MAX_SIZE) {
      let records = paxRecord('path', name);
      if (size > USTAR_MAX_SIZE) records += paxRecord('size', String(size));
      const data = Buffer.from(records, 'utf8');
      await this.write(header(`PaxHeader/${name.split('/').pop()!.slice(0, 80)}`, data.length, 'x', mtime));
      await this.write(data);
      await this.write(padding(data.length));
    }
    await this.write(header(fitsUstar(name) ? name : name.slice(-100), size, '0', mtime));
    let count = 0;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      count += chunk.length;
      if (count > size) throw new Error(`${name} grew while it was being read`);
      onChunk(chunk);
      await this.write(chunk);
    }
    if (count !== size) throw new Error(`${name} shrank while it was being read (${count} of ${size} bytes)`);
    await this.write(padding(size));
  }

  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    await this.handle.sync();
    await this.handle.close();
  }

  /** Closes the file without finishing it (the caller removes it). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

export interface TarMember {
  name: string;
  /** Where its bytes start in the archive. */
  offset: number;
  size: number;
}

function text(block: Buffer, offset: number, length: number): string {
  const end = block.indexOf(0, offset);
  return block.toString('utf8', offset, end === -1 || end > offset + length ? offset + length : end);
}

function numberField(block: Buffer, offset: number, length: number): number {
  // GNU tar's base-256 form for sizes over 8 GiB: the first byte's high bit set
  if (block[offset]! & 0x80) {
    let value = 0;
    for (let index = offset + 1; index < offset + length; index++) value = value * 256 + block[index]!;
    return value;
  }
  const digits = text(block, offset, length).trim();
  return digits === '' ? 0 : parseInt(digits, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const values: Record<string, string> = {};
  let position = 0;
  while (position < data.length) {
    const space = data.indexOf(0x20, position);
    if (space === -1) break;
    const length = Number(data.toString('utf8', position, space));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.toString('utf8', space + 1, position + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0) values[record.slice(0, equals)] = record.slice(equals + 1);
    position += length;
  }
  return values;
}

/** Every regular file in the archive by name (a name given twice: the last one, as tar extracts it). */
export async function indexTar(file: string): Promise<Map<string, TarMember>> {
  const handle = await open(file, 'r');
  try {
    const { size: archiveSize } = await handle.stat();
    const members = new Map<string, TarMember>();
    const block = Buffer.alloc(BLOCK);
    let position = 0;
    let pending: { path?: string; size?: number } = {};
    const read = async (buffer: Buffer, at: number) => {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      return bytesRead;
    };
    for (;;) {
      if ((await read(block, position)) < BLOCK)
        throw new BackupDamagedError(
          `the archive ends in the middle of a header (at byte ${position}): it is truncated`,
        );
      if (block.every((byte) => byte === 0)) return members;
      const stored = numberField(block, 148, 8);
      let sum = 0;
      for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 0x20 : block[index]!;
      if (stored !== sum) throw new BackupDamagedError(`the archive's header at byte ${position} is damaged`);
      const type = String.fromCharCode(block[156]!);
      const size = pending.size ?? numberField(block, 124, 12);
      const prefix = text(block, 345, 155);
      const name = pending.path ?? (prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100));
      const dataAt = position + BLOCK;
      if (dataAt + size > archiveSize)
        throw new BackupDamagedError(`the archive ends before ${name} does: it is truncated`, name);
      if (type === 'x' || type === 'L') {
        const data = Buffer.alloc(size);
        await read(data, dataAt);
        pending = type === 'x' ? pax(parsePax(data)) : { ...pending, path: text(data, 0, size) };
      } else {
        if (type === '0' || type === '\0') {
          const clean = name.replace(/^(\.\/)+/, '');
          members.set(clean, { name: clean, offset: dataAt, size });
        }
        pending = {};
      }
      position = dataAt + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await handle.close();
  }
}

function pax(values: Record<string, string>): { path?: string; size?: number } {
  return {
    ...(values.path !== undefined ? { path: values.path } : {}),
    ...(values.size !== undefined ? { size: Number(values.size) } : {}),
  };
}
