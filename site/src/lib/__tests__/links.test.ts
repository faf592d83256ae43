import { isValidSlug, parsePageParam, safeExternalUrl, tagPath, watchPath } from '../links';

describe('route parameters', () => {
  it('accepts Strapi uid characters only', () => {
    expect(isValidSlug('kv-store_rust.v2~x')).toBe(true);
    expect(isValidSlug('marco.cooks')).toBe(true);
    expect(isValidSlug('')).toBe(false);
    expect(isValidSlug(undefined)).toBe(false);
    expect(isValidSlug('<script>')).toBe(false);
    expect(isValidSlug('a/b')).toBe(false);
    expect(isValidSlug('x'.repeat(201))).toBe(false);
  });

  it('parses ?page=', () => {
    const page = (search: string) => parsePageParam(new URL(`http://site/c/x${search}`));
    expect(page('')).toBeUndefined();
    expect(page('?page=')).toBeUndefined();
    expect(page('?page=3')).toBe(3);
    expect(page('?page=0')).toBeNull();
    expect(page('?page=-1')).toBeNull();
    expect(page('?page=2.5')).toBeNull();
    expect(page('?page=abc')).toBeNull();
    expect(page('?page=99999')).toBeNull();
  });

  it('builds encoded paths', () => {
    expect(watchPath('a b')).toBe('/watch/a%20b');
    expect(tagPath('music-theory')).toBe('/t/music-theory');
  });
});

describe('safeExternalUrl', () => {
  it('keeps http(s) and drops every other scheme', () => {
    expect(safeExternalUrl('https://example.org/x')).toBe('https://example.org/x');
    expect(safeExternalUrl('http://example.org')).toBe('http://example.org/');
    expect(safeExternalUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeExternalUrl('data:text/html,hi')).toBeUndefined();
    expect(safeExternalUrl('/relative')).toBeUndefined();
    expect(safeExternalUrl(null)).toBeUndefined();
  });
});
