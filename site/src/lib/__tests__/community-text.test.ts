import {
  editMinutesLeft,
  editWindowText,
  formatClock,
  linkAtTime,
  parseStartTime,
  resumePosition,
  safeHttpUrl,
  textPieces,
  UGC_LINK_REL,
} from '../community/text';

describe('textPieces (viewer-written text, never HTML)', () => {
  it('keeps markup as plain text pieces', () => {
    expect(textPieces('<img src=x onerror=alert(1)> <script>alert(1)</script>')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)> <script>alert(1)</script>' },
    ]);
  });

  it('turns http(s) URLs into links, trailing punctuation left out', () => {
    expect(textPieces('see https://example.com/a?b=1. and http://x.org')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
    ]);
  });

  it('keeps a bracket that belongs to the address', () => {
    expect(textPieces('(https://en.wikipedia.org/wiki/Foo_(bar))')[1]).toEqual({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar))',
      href: 'https://en.wikipedia.org/wiki/Foo_(bar))',
    });
  });

  it('never links javascript:, data: or other schemes', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      'data:text/html,<b>x</b>',
      'vbscript:msgbox',
      'click javascript://https://x.org',
    ]) {
      expect(textPieces(text).every((piece) => piece.kind !== 'link' || piece.href.startsWith('http'))).toBe(true);
    }
    expect(textPieces('javascript:alert(1)')).toEqual([{ kind: 'text', text: 'javascript:alert(1)' }]);
  });

  it('does not let a quote break out of the href', () => {
    const [link] = textPieces('https://x.org/"onmouseover="alert(1)');
    expect(link).toEqual({ kind: 'link', text: 'https://x.org/', href: 'https://x.org/' });
  });

  it('keeps line breaks (LF, CRLF, CR) as breaks', () => {
    expect(textPieces('a\nb\r\nc\rd').filter((piece) => piece.kind === 'break')).toHaveLength(3);
    expect(textPieces('one\n\ntwo')).toEqual([
      { kind: 'text', text: 'one' },
      { kind: 'break' },
      { kind: 'break' },
      { kind: 'text', text: 'two' },
    ]);
  });

  it('is empty for no text', () => {
    expect(textPieces(null)).toEqual([]);
    expect(textPieces('')).toEqual([]);
  });

  it('links carry nofollow ugc noopener', () => {
    expect(UGC_LINK_REL).toBe('nofollow ugc noopener');
  });
});

describe('safeHttpUrl', () => {
  it('accepts only http and https', () => {
    expect(safeHttpUrl('https://a.b/c')).toBe('https://a.b/c');
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('not a url')).toBeUndefined();
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [5.9, '0:05'],
    [75, '1:15'],
    [3725, '1:02:05'],
    [-3, '0:00'],
    [Number.NaN, '0:00'],
  ])('%s s is %s', (seconds, text) => expect(formatClock(seconds)).toBe(text));
});

describe('parseStartTime', () => {
  it.each([
    ['90', 90],
    ['90s', 90],
    ['12.7', 12],
    ['1m30s', 90],
    ['1h2m3s', 3723],
    ['2m', 120],
    ['1:30', 90],
    ['1:02:03', 3723],
  ])('%s is %s seconds', (raw, seconds) => expect(parseStartTime(raw)).toBe(seconds));

  it.each([null, '', '0', '-5', 'abc', '1:2:3:4', '99999999', 'javascript:1', 'm'])('ignores %p', (raw) =>
    expect(parseStartTime(raw)).toBeUndefined(),
  );
});

describe('linkAtTime', () => {
  it('sets t in whole seconds and keeps other parameters', () => {
    expect(linkAtTime('https://site.test/watch/a?list=x#c', 42.8)).toBe('https://site.test/watch/a?list=x&t=42');
    expect(linkAtTime('https://site.test/watch/a?t=9', 0)).toBe('https://site.test/watch/a');
  });
});

describe('edit window', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('counts whole minutes up', () => {
    expect(editMinutesLeft('2026-01-01T12:14:01Z', now)).toBe(15);
    expect(editMinutesLeft('2026-01-01T12:00:30Z', now)).toBe(1);
    expect(editWindowText('2026-01-01T12:00:30Z', now)).toBe('You can edit this for 1 more minute');
    expect(editWindowText('2026-01-01T12:10:00Z', now)).toBe('You can edit this for 10 more minutes');
  });
  it('is over when past or absent', () => {
    expect(editMinutesLeft('2026-01-01T11:59:00Z', now)).toBe(0);
    expect(editMinutesLeft(null, now)).toBe(0);
    expect(editWindowText('garbage', now)).toBe('');
  });
});

describe('resumePosition', () => {
  const progress = { position: 42.5, duration: 120, completed: false };
  it('resumes an unfinished video', () => expect(resumePosition(progress)).toBe(42));
  it('not when ?t= is given, finished, near the start or the end', () => {
    expect(resumePosition(progress, 10)).toBeUndefined();
    expect(resumePosition({ ...progress, completed: true })).toBeUndefined();
    expect(resumePosition({ ...progress, position: 1.5 })).toBeUndefined();
    expect(resumePosition({ ...progress, position: 118.5 })).toBeUndefined();
    expect(resumePosition(null)).toBeUndefined();
  });
});
