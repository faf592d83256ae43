import {
  CAPTION_LIMITS,
  chaptersFromDescription,
  checkWebVtt,
  formatTimestamp,
  looksLikeSrt,
  parseWebVtt,
  srtToWebVtt,
  videoChapters,
} from '../captions';

const text = (markdown: string) => markdown.replace(/[`*_]/g, '').trim();

describe('checkWebVtt: the upload check', () => {
  it('takes a valid file with identifiers, NOTE and STYLE blocks, settings and a BOM', () => {
    const source =
      '\uFEFFWEBVTT - lesson one\nKind: captions\n\nNOTE written by hand\n\nSTYLE\n::cue { color: yellow }\n\nintro\n00:01.000 --> 00:04.000 align:start\n<v Ada>Hello &amp; welcome</v>\n\n01:00:00.000 --> 01:00:02.500\nAn hour in\n';
    const check = checkWebVtt(source);
    expect(check).toEqual({
      ok: true,
      cues: [
        { start: 1, end: 4, text: 'Hello & welcome' },
        { start: 3600, end: 3602.5, text: 'An hour in' },
      ],
    });
  });

  it.each([
    ['no header', 'Hello\n', 1, /starts with “WEBVTT”/],
    ['a header glued to text', 'WEBVTTX\n', 1, /starts with “WEBVTT”/],
    ['a comma before the milliseconds', 'WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nA\n', 3, /is not a timing/],
    ['sixty seconds', 'WEBVTT\n\n00:00:60.000 --> 00:01:02.000\nA\n', 3, /is not a timing/],
    ['a missing end', 'WEBVTT\n\n00:00:01.000 -->\nA\n', 3, /is not a timing/],
    ['text without timing', 'WEBVTT\n\nJust words\nmore words\n', 3, /is not a cue/],
    ['two identifier lines', 'WEBVTT\n\nid\nanother\n00:01.000 --> 00:02.000\nA\n', 4, /at most one identifier/],
    ['an empty cue span', 'WEBVTT\n\n00:02.000 --> 00:02.000\nA\n', 3, /ends \(00:02\.000\) before it starts/],
    [
      'cues out of order',
      'WEBVTT\n\n00:05.000 --> 00:06.000\nB\n\n00:01.000 --> 00:02.000\nA\n',
      6,
      /before the cue above it/,
    ],
  ])('refuses %s, naming its line', (_name, source, line, message) => {
    const check = checkWebVtt(source);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.line).toBe(line);
    expect(check.message).toMatch(new RegExp(`^Line ${line}: `));
    expect(check.message).toMatch(message);
  });

  it('checks cues against the video duration, with a second of tolerance', () => {
    const source = 'WEBVTT\n\n00:01.000 --> 00:10.900\nA\n\n00:11.000 --> 00:12.500\nB\n';
    expect(checkWebVtt(source, { durationSeconds: 12 }).ok).toBe(true);
    expect(formatTimestamp(3725)).toBe('1:02:05');
    expect(checkWebVtt(source, { durationSeconds: 11 })).toMatchObject({
      ok: false,
      line: 6,
      message: 'Line 6: the cue ends at 00:12.500, after the end of the video (0:11).',
    });
    // unknown duration: not checked
    expect(checkWebVtt(source, { durationSeconds: null }).ok).toBe(true);
  });

  it('refuses hostile files: too large, too many cues, binary, none with text', () => {
    const huge = `WEBVTT\n\n00:01.000 --> 00:02.000\n${'x'.repeat(CAPTION_LIMITS.maxBytes)}\n`;
    expect(checkWebVtt(huge)).toMatchObject({
      ok: false,
      line: null,
      message: expect.stringMatching(/larger than 1024 KiB/),
    });
    const many = ['WEBVTT', ''];
    const stamp = (s: number) =>
      [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((part) => String(part).padStart(2, '0')).join(':');
    for (let i = 0; i <= CAPTION_LIMITS.maxCues; i += 1) many.push(`${stamp(i)}.000 --> ${stamp(i)}.500`, 'a', '');
    expect(checkWebVtt(many.join('\n'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/more than 10000 cues/),
    });
    expect(checkWebVtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<b></b>\n')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no cues with text/),
    });
    // markup is text, never markup: tags are dropped, entities read, nothing runs
    const script = checkWebVtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<script>alert(1)</script>&lt;img&gt;\n');
    expect(script).toEqual({ ok: true, cues: [{ start: 1, end: 2, text: 'alert(1)<img>' }] });
  });
});

describe('SubRip', () => {
  const srt =
    '1\r\n00:00:01,000 --> 00:00:04,2\r\nHello <font color="#fff">there</font>\r\n\r\n2\r\n0:00:05,000 --> 0:00:07,000\r\nBye\r\n';

  it('is recognised by its first cue', () => {
    expect(looksLikeSrt(srt)).toBe(true);
    expect(looksLikeSrt('WEBVTT\n\n00:01.000 --> 00:02.000\nA\n')).toBe(false);
    expect(looksLikeSrt('1\nnot a timing\n')).toBe(false);
  });

  it('converts line for line to WebVTT that passes the check', () => {
    const converted = srtToWebVtt(srt);
    expect(converted).toBe(
      'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.200\nHello there\n\n2\n00:00:05.000 --> 00:00:07.000\nBye\n',
    );
    expect(checkWebVtt(converted)).toMatchObject({
      ok: true,
      cues: [
        { start: 1, end: 4.2 },
        { start: 5, end: 7 },
      ],
    });
  });

  it('reports errors on the SubRip line numbers', () => {
    const broken = srtToWebVtt('1\n00:00:03,000 --> 00:00:01,000\nBackwards\n');
    expect(checkWebVtt(broken, { lineOffset: -2 })).toMatchObject({
      ok: false,
      line: 2,
      message: expect.stringMatching(/^Line 2: /),
    });
  });
});

describe('parseWebVtt: what players and the transcript read', () => {
  it('is lenient where the check is strict, and keeps time order', () => {
    expect(parseWebVtt('WEBVTT\n\n00:05,000 --> 00:06,000\nB\n\n00:01.000 --> 00:02.000\nA\n')).toEqual([
      { start: 1, end: 2, text: 'A' },
      { start: 5, end: 6, text: 'B' },
    ]);
    expect(parseWebVtt('not captions')).toEqual([]);
  });
});

describe('chapters', () => {
  it('reads description timestamps as viewers write them', () => {
    expect(chaptersFromDescription('- 0:00 Intro\n- 1:30 *Knife* work\n[2:00] Q&A', 300, text)).toEqual([
      { startSeconds: 0, title: 'Intro' },
      { startSeconds: 90, title: 'Knife work' },
      { startSeconds: 120, title: 'Q&A' },
    ]);
    expect(chaptersFromDescription('0:05 Late start\n1:00 Then', 300, text)).toEqual([]);
    expect(chaptersFromDescription('0:00 A\n9:00 Past the end', 300, text)).toEqual([]);
  });

  it('prefers the creator’s list, in time order', () => {
    expect(
      videoChapters(
        {
          chapters: [
            { startSeconds: 60, title: ' Second ' },
            { startSeconds: '0', title: 'First' },
            { startSeconds: 30, title: '  ' },
          ],
          description: '0:00 A\n0:10 B',
          duration: 120,
        },
        text,
      ),
    ).toEqual([
      { startSeconds: 0, title: 'First' },
      { startSeconds: 60, title: 'Second' },
    ]);
  });
});
