import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resetConfigForTests } from '../config';
import { loadTranscript, parseWebVtt } from '../watch/transcript';

describe('parseWebVtt', () => {
  it('reads cues with their times, in order, as plain text', () => {
    const vtt = [
      'WEBVTT - English',
      '',
      'NOTE written by hand',
      'across two lines',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'intro',
      '00:00:00.000 --> 00:00:04.500 align:start',
      '<v Ada>Everything starts</v> on the <i>call stack</i>.',
      '',
      '01:05.250 --> 01:09.000',
      'Tom &amp; Jerry &lt;3',
      'on two lines',
      '',
      '00:00:05,000 --> 00:00:09,500',
      'SRT-style commas are read too.',
    ].join('\r\n');
    expect(parseWebVtt(vtt)).toEqual([
      { start: 0, end: 4.5, text: 'Everything starts on the call stack.' },
      { start: 5, end: 9.5, text: 'SRT-style commas are read too.' },
      { start: 65.25, end: 69, text: 'Tom & Jerry <3 on two lines' },
    ]);
  });

  it('keeps hostile cue text as text: tags are dropped, never kept as markup', () => {
    const [line] = parseWebVtt(
      'WEBVTT\n\n00:00.000 --> 00:02.000\n<script>alert(1)</script><img src=x onerror=alert(1)>Hi',
    );
    expect(line!.text).toBe('alert(1)Hi');
  });

  it.each([
    ['no WEBVTT header', '1\n00:00:00,000 --> 00:00:02,000\nAn SRT file'],
    ['an empty file', ''],
    ['a cue that ends before it starts', 'WEBVTT\n\n00:05.000 --> 00:01.000\nBackwards'],
    ['a timing that does not parse', 'WEBVTT\n\n0:5 --> 0:9\nShort stamps'],
    ['a cue without text', 'WEBVTT\n\n00:01.000 --> 00:02.000\n<i></i>'],
  ])('gives no lines for %s', (_, vtt) => {
    expect(parseWebVtt(vtt)).toEqual([]);
  });
});

describe('loadTranscript', () => {
  let server: Server;
  let served = 0;
  let body = 'WEBVTT\n\n00:00.000 --> 00:02.000\nHello';
  beforeAll(async () => {
    server = createServer((request, response) => {
      served += 1;
      if (request.url === '/uploads/missing.vtt') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'text/vtt' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.CMS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    resetConfigForTests();
  });
  afterAll(async () => {
    delete process.env.CMS_URL;
    resetConfigForTests();
    await new Promise((resolve) => server.close(resolve));
  });

  const video = (url: string, isDefault = true) => ({
    slug: 'v',
    captions: [
      { language: 'de', label: 'Deutsch', file: { id: 1, url: '/uploads/other.vtt' } },
      { language: 'en', label: 'English', isDefault, file: { id: 2, url } },
    ],
  });

  it('reads the default track from the CMS, once per file', async () => {
    expect(await loadTranscript(video('/uploads/en.vtt') as never)).toEqual([{ start: 0, end: 2, text: 'Hello' }]);
    const before = served;
    body = 'WEBVTT\n\n00:00.000 --> 00:02.000\nChanged';
    expect(await loadTranscript(video('/uploads/en.vtt') as never)).toEqual([{ start: 0, end: 2, text: 'Hello' }]);
    expect(served).toBe(before);
  });

  it('gives none when the file cannot be read or there is no track; the page goes on', async () => {
    expect(await loadTranscript(video('/uploads/missing.vtt') as never)).toEqual([]);
    expect(await loadTranscript({ slug: 'v', captions: [] } as never)).toEqual([]);
    expect(await loadTranscript(video('javascript:alert(1)') as never)).toEqual([]);
  });
});
