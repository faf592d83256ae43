import { firstInOrder } from '../engines/embedded';
import { clientKey, isTrustedPeer } from '@framecast/contracts';
import { cropAroundMatch, markWords, partsFromTagged, queryWords } from '../engines/text';
import { hourOf, trendingScore } from '../utils/trending';
import { parseSearchQuery, parseViewBeacon } from '../validation/search-query';
import { durationBucket, plainText } from '../services/documents';

describe('text', () => {
  test('query words are normalized, without stop words or repeats', () => {
    expect(queryWords('The  Café, the CAFE and Ramen!')).toEqual(['cafe', 'ramen']);
  });

  test('marks matched words and keeps everything else as it was', () => {
    const parts = markWords('Café <b>culture</b> & more', (word) => word === 'cafe' || word === 'culture');
    expect(parts).toEqual([
      { text: 'Café', match: true },
      { text: ' <b>', match: false },
      { text: 'culture', match: true },
      { text: '</b> & more', match: false },
    ]);
    expect(parts.map((part) => part.text).join('')).toBe('Café <b>culture</b> & more');
  });

  test('crops a long text around its first match, short texts whole', () => {
    const long = `${'alpha '.repeat(50)}needle ${'omega '.repeat(50)}`.trim();
    const cropped = cropAroundMatch(long, (word) => word === 'needle');
    const text = cropped.map((part) => part.text).join('');
    expect(text.startsWith('…') && text.endsWith('…')).toBe(true);
    expect(text.split(/\s+/).length).toBeLessThanOrEqual(31);
    expect(cropped.filter((part) => part.match)).toEqual([{ text: 'needle', match: true }]);
    expect(cropAroundMatch('short text', () => false)).toEqual([{ text: 'short text', match: false }]);
  });

  test('reads Meilisearch highlight tags, including an unclosed one', () => {
    expect(partsFromTagged('a <b>c</b> d', '<b>', '</b>')).toEqual([
      { text: 'a ', match: false },
      { text: 'c', match: true },
      { text: ' d', match: false },
    ]);
    expect(partsFromTagged('x <b>y', '<b>', '</b>')).toEqual([
      { text: 'x ', match: false },
      { text: 'y', match: true },
    ]);
  });

  test('markdown becomes plain text; durations fall in their buckets', () => {
    expect(plainText('# Title\n\nSome **bold** [link](https://x.test) and `code`.\n- item')).toBe(
      'Title Some bold link and code. item',
    );
    expect([durationBucket(239), durationBucket(240), durationBucket(1200), durationBucket(1201)]).toEqual([
      'short',
      'medium',
      'medium',
      'long',
    ]);
  });
});

describe('ranking', () => {
  test('firstInOrder gives what a full sort gives, stably', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ i, key: (i * 7919) % 97 }));
    const compare = (a: { key: number }, b: { key: number }) => b.key - a.key;
    expect(firstInOrder(items, 10, compare)).toEqual([...items].sort(compare).slice(0, 10));
    expect(firstInOrder(items, 0, compare)).toEqual([]);
    expect(firstInOrder(items.slice(0, 5), 10, compare)).toEqual([...items.slice(0, 5)].sort(compare));
  });

  test('trending: recent views outweigh old ones by the half-life, and scores compare across time', () => {
    const now = hourOf(Date.UTC(2026, 10, 24, 12));
    const halfLife = 24;
    expect(trendingScore([], halfLife)).toBe(0);
    // two views a day old weigh as much as one view now
    expect(trendingScore([{ hour: now - 24, count: 2 }], halfLife)).toBeCloseTo(
      trendingScore([{ hour: now, count: 1 }], halfLife),
      6,
    );
    const recent = trendingScore([{ hour: now, count: 10 }], halfLife);
    const old = trendingScore([{ hour: now - 24 * 7, count: 1000 }], halfLife);
    expect(recent).toBeGreaterThan(old);
    // adding views never lowers a score
    expect(
      trendingScore(
        [
          { hour: now, count: 10 },
          { hour: now - 100, count: 1 },
        ],
        halfLife,
      ),
    ).toBeGreaterThan(recent);
  });
});

describe('validation', () => {
  test('a GET form with empty fields means no filters; defaults are applied', () => {
    expect(parseSearchQuery({ q: '  ramen ', category: '', tags: '', duration: '', sort: '' })).toEqual({
      q: 'ramen',
      sort: 'relevance',
      page: 1,
      pageSize: 24,
    });
    expect(parseSearchQuery({})).toEqual({ q: '', sort: 'newest', page: 1, pageSize: 24 });
    expect(parseSearchQuery({ tags: 'a,b,a', page: '2' })).toMatchObject({ tags: ['a', 'b'], page: 2 });
    expect(parseSearchQuery({ tags: ['a', 'b'] })).toMatchObject({ tags: ['a', 'b'] });
  });

  test('refuses repeated single fields and malformed beacons with a reason', () => {
    expect(() => parseSearchQuery({ q: ['a', 'b'] })).toThrow(/q must be given once/);
    expect(() => parseSearchQuery({ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) })).toThrow(/at most 10 tags/);
    expect(() => parseViewBeacon({ video: 'abcdefghijkl', viewer: 'x'.repeat(20), watchedSeconds: '6' })).toThrow(
      /watchedSeconds must be a number/,
    );
    expect(parseViewBeacon({ video: 'abcdefghijkl', viewer: 'x'.repeat(20), watchedSeconds: 3 }).tooShort).toBe(true);
  });
});

describe('rate limit keys', () => {
  const trusted = ['127.0.0.1', '::1', '172.16.0.0/12'];

  test('a trusted peer (the site) names the viewer; anyone else is counted as themselves', () => {
    expect(clientKey('127.0.0.1', '203.0.113.9', trusted)).toBe('203.0.113.9');
    expect(clientKey('::ffff:127.0.0.1', '203.0.113.9', trusted)).toBe('203.0.113.9');
    expect(clientKey('172.20.0.5', 'spoofed, 198.51.100.7', trusted)).toBe('198.51.100.7');
    expect(clientKey('198.51.100.7', '203.0.113.9', trusted)).toBe('198.51.100.7');
    expect(clientKey('127.0.0.1', undefined, trusted)).toBe('127.0.0.1');
  });

  test('IPv4 ranges match by prefix', () => {
    expect(isTrustedPeer('172.31.255.255', trusted)).toBe(true);
    expect(isTrustedPeer('172.32.0.1', trusted)).toBe(false);
    expect(isTrustedPeer('10.0.0.1', ['0.0.0.0/0'])).toBe(true);
  });
});

test('autocomplete keeps a stop word still being typed', () => {
  expect(queryWords('the', true)).toEqual(['the']);
  expect(queryWords('the ', true)).toEqual([]);
  expect(queryWords('bread the', true)).toEqual(['bread', 'the']);
  expect(queryWords('the bread', true)).toEqual(['bread']);
});
