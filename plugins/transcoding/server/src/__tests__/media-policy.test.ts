/**
 * The media policy's decisions on bytes alone: what each signature is taken for, what is refused whatever it is
 * called, and which kinds each admin role gets.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { allowedMediaKinds, checkMediaFile, describeAllowed, sniffMedia } from '../media/media-policy';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
const ftyp = (major: string, ...compatible: string[]) =>
  bytes(
    [0, 0, 0, 16 + 4 * compatible.length],
    'ftyp',
    major,
    [0, 0, 0, 0],
    ...compatible,
    Buffer.alloc(64).toString('latin1'),
  );
const ts = (offset: number, step: number) => {
  const head = Buffer.alloc(offset + 3 * step);
  for (let n = 0; n < 3; n += 1) head[offset + n * step] = 0x47;
  return head;
};

describe('sniffMedia', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg', '.jpg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png', '.png'],
    ['GIF', bytes('GIF89a'), 'image/gif', '.gif'],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp', '.webp'],
    ['AVIF', ftyp('avif', 'mif1'), 'image/avif', '.avif'],
    ['MP4', ftyp('isom', 'iso2', 'avc1'), 'video/mp4', '.mp4'],
    ['MOV', ftyp('qt  '), 'video/quicktime', '.mov'],
    ['WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], 'webm'), 'video/webm', '.webm'],
    ['Matroska', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], 'matroska'), 'video/x-matroska', '.mkv'],
    ['AVI', bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'), 'video/x-msvideo', '.avi'],
    ['MPEG-TS', ts(0, 188), 'video/mp2t', '.ts'],
    ['M2TS', ts(4, 192), 'video/mp2t', '.ts'],
    ['WebVTT', bytes('WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n'), 'text/vtt', '.vtt'],
    ['WebVTT with a BOM and a header text', bytes([0xef, 0xbb, 0xbf], 'WEBVTT - English\n'), 'text/vtt', '.vtt'],
    // stored as the WebVTT it is converted to
    ['SubRip', bytes('1\r\n00:00:01,000 --> 00:00:02,500\r\nHi\r\n'), 'text/vtt', '.vtt'],
  ])('takes %s for what it is', (_name, head, mime, ext) => {
    expect(sniffMedia(head, true)).toMatchObject({ mime, ext });
  });

  it.each([
    ['an HTML page', bytes('<!doctype html><script>alert(1)</script>')],
    ['an SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['an SVG behind an XML declaration', bytes('<?xml version="1.0"?><svg/>')],
    ['a script', bytes('fetch("/admin/access-token")')],
    ['a PDF', bytes('%PDF-1.7\n')],
    ['a HEIC image', ftyp('heic', 'mif1')],
    ['an M4A audio file', ftyp('M4A ', 'isom')],
    ['a ZIP archive', bytes([0x50, 0x4b, 0x03, 0x04])],
    ['"WEBVTT" glued to more text', bytes('WEBVTTX\n')],
    ['"WEBVTT" followed by a binary byte', bytes('WEBVTT\n\u0000<script>')],
    ['SubRip-looking text with a binary byte', bytes('1\n00:00:01,000 --> 00:00:02,000\n\u0000<script>')],
    ['a number and no timing', bytes('1\n<script>alert(1)</script>\n')],
    ['an HLS playlist', bytes('#EXTM3U\n#EXTINF:2,\nhttp://evil.example/x.ts\n')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, head) => {
    expect(sniffMedia(head, true)).toBeNull();
  });
});

describe('allowedMediaKinds', () => {
  it('gives creators, moderators and the built-in roles images, videos and captions, and nothing else', () => {
    for (const code of [
      'framecast-creator',
      'framecast-moderator',
      'strapi-editor',
      'strapi-author',
      'strapi-super-admin',
    ]) {
      expect(allowedMediaKinds([{ code }]).sort()).toEqual(['captions', 'image', 'video']);
    }
  });

  it('gives a role it does not know, or no role, the default and no more', () => {
    expect(allowedMediaKinds([{ code: 'someone-new' }]).sort()).toEqual(['captions', 'image', 'video']);
    expect(allowedMediaKinds(null).sort()).toEqual(['captions', 'image', 'video']);
  });
});

describe('checkMediaFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'framecast-media-policy-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses with a message naming what is allowed, and a kind the role lacks with what the file is', async () => {
    const page = path.join(dir, 'photo.png');
    await writeFile(page, '<html><script>alert(1)</script></html>');
    const refused = await checkMediaFile(page, 'photo.png', ['image', 'video', 'captions']);
    expect(refused).toEqual({
      ok: false,
      message: expect.stringContaining(describeAllowed(['image', 'video', 'captions'])),
    });
    const captions = path.join(dir, 'subs.vtt');
    await writeFile(captions, 'WEBVTT\n');
    expect(await checkMediaFile(captions, 'subs.vtt', ['video'])).toEqual({
      ok: false,
      message: expect.stringMatching(/WebVTT captions, which your role cannot upload/),
    });
  });
});
