import { ResponseCache } from '../cms/response-cache';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ResponseCache', () => {
  it('serves an entry while fresh, then only as stale, then forgets it', () => {
    const time = clock();
    const cache = new ResponseCache<string>({ ttlMs: 1000, staleMs: 5000, maxEntries: 10, now: time.now });
    cache.set('a', 'value');
    expect(cache.fresh('a')).toBe('value');
    time.advance(1001);
    expect(cache.fresh('a')).toBeUndefined();
    expect(cache.stale('a')).toBe('value');
    time.advance(5000);
    expect(cache.stale('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry past maxEntries', () => {
    const cache = new ResponseCache<number>({ ttlMs: 1000, staleMs: 0, maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.fresh('a');
    cache.set('c', 3);
    expect(cache.fresh('a')).toBe(1);
    expect(cache.fresh('b')).toBeUndefined();
    expect(cache.fresh('c')).toBe(3);
  });

  it('stores nothing when both windows are zero', () => {
    const cache = new ResponseCache<number>({ ttlMs: 0, staleMs: 0, maxEntries: 2 });
    cache.set('a', 1);
    expect(cache.size).toBe(0);
  });

  it('runs one load for concurrent callers of the same key', async () => {
    const cache = new ResponseCache<number>({ ttlMs: 1000, staleMs: 0, maxEntries: 2 });
    let calls = 0;
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 10));
    const [a, b] = await Promise.all([cache.coalesce('k', load), cache.coalesce('k', load)]);
    expect([a, b]).toEqual([1, 1]);
    expect(await cache.coalesce('k', load)).toBe(2);
  });
});
