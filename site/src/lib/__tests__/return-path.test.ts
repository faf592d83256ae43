import { localRedirect, safeReturnPath, sameSitePath, signInHref } from '../return-path';

describe('safeReturnPath', () => {
  it('keeps a same-site path with its query and fragment', () => {
    expect(safeReturnPath('/watch/kerning?t=30#chapters')).toBe('/watch/kerning?t=30#chapters');
    expect(safeReturnPath('/account')).toBe('/account');
    expect(safeReturnPath('/a/../b')).toBe('/b');
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/path'],
    ['a backslash that browsers read as a slash', '/\\evil.example'],
    ['a backslash later on', '/ok\\..\\x'],
    ['a tab or newline inside', '/\t/evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'watch/x'],
    ['nothing', ''],
    ['not a string', ['/a']],
    ['an overlong value', `/${'a'.repeat(3000)}`],
    ['the sign-in page (a loop)', '/account/sign-in?next=/x'],
    ['the sign-out page', '/account/sign-out'],
    ['the register page', '/account/register'],
  ])('refuses %s', (_what, raw) => {
    expect(safeReturnPath(raw)).toBe('/account');
    expect(safeReturnPath(raw, '/')).toBe('/');
  });

  // Each of these reached, or could reach, another origin once a browser, a proxy or URL normalisation had its way.
  const NASTY: string[] = [
    '//x',
    '//evil.example/x',
    '/.//evil.example/x',
    '/./\\evil.example',
    '/..//evil.example',
    '/a/..//evil.example',
    '/a/../..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/.%2e//evil.example',
    '///evil.example',
    '/\\x',
    '/\\/x',
    '\\\\evil.example',
    '/%2F%2Fx',
    '/%2f/evil.example',
    '/%5Cx',
    '/%5c%5cevil.example',
    '/%252F%252Fevil.example',
    '/%09/evil.example',
    '/%0d%0aSet-Cookie:x=1',
    '/x%00',
    '\t//x',
    '\n//x',
    ' //x',
    '/\t/x',
    '/\r\n/x',
    '/x\u0000y',
    '/x\u007f',
    'https:x',
    'https:/x',
    'https://evil.example',
    'HTTPS://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'x:/y',
    './/x',
    './x',
    '../x',
    '?next=//x',
    '#//x',
    'evil.example',
  ];
  it.each(NASTY.map((raw) => [JSON.stringify(raw), raw]))(
    'refuses the nasty target %s, whatever the fallback',
    (_shown, raw) => {
      expect(sameSitePath(raw)).toBeUndefined();
      expect(safeReturnPath(raw)).toBe('/account');
      expect(safeReturnPath(raw, '/')).toBe('/');
      const location = localRedirect(raw).headers.get('location');
      expect(location).toBe('/account');
    },
  );

  it('whatever it keeps resolves to the same origin, from a single leading slash, without backslashes', () => {
    const inputs = [
      ...NASTY,
      '/watch/kerning?t=30#chapters',
      '/search?q=AC%2FDC',
      '/a/./b',
      '/a/../b',
      '/%7Euser',
      '/x#%2F%2Fy',
    ];
    for (const raw of inputs) {
      const path = sameSitePath(raw);
      if (path === undefined) continue;
      expect(path).toMatch(/^\/(?![/\\])/);
      // eslint-disable-next-line no-control-regex -- control characters are what must not be there
      expect(path).not.toMatch(/[\\\u0000-\u001f\u007f]/);
      for (const origin of ['http://site.test', 'https://example.org:8443'])
        expect(new URL(path, origin).origin).toBe(origin);
    }
  });

  it('keeps what a search or a deep link legitimately carries', () => {
    expect(safeReturnPath('/search?q=AC%2FDC&tags=a%2Cb')).toBe('/search?q=AC%2FDC&tags=a%2Cb');
    expect(safeReturnPath('/a/./b')).toBe('/a/b');
    expect(safeReturnPath('/watch/x#t=%2F')).toBe('/watch/x#t=%2F');
  });

  it('sameSitePath allows any page of the site, the account forms included', () => {
    expect(sameSitePath('/account/sign-in')).toBe('/account/sign-in');
    expect(sameSitePath('//evil.example')).toBeUndefined();
  });
});

describe('localRedirect', () => {
  it('answers 303 with the safe path, or the fallback', () => {
    const ok = localRedirect('/watch/x?t=3');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/watch/x?t=3');
    expect(localRedirect('/.//evil.example/x', { fallback: '/' }).headers.get('location')).toBe('/');
    expect(localRedirect(undefined, { fallback: '/watch/y' }).headers.get('location')).toBe('/watch/y');
  });

  it('never lets a bad fallback through either', () => {
    expect(localRedirect('//evil.example', { fallback: '//evil.example' }).headers.get('location')).toBe('/');
  });

  it('may send the viewer to the sign-in page (the loop check is for `next` values)', () => {
    expect(localRedirect('/account/sign-in?next=%2Fwatch%2Fx').headers.get('location')).toBe(
      '/account/sign-in?next=%2Fwatch%2Fx',
    );
  });

  it('keeps extra headers and a chosen status', () => {
    const answer = localRedirect('/x', { status: 302, headers: { 'Cache-Control': 'no-store' } });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });
});

describe('signInHref', () => {
  it('carries a safe return path and a notice, and leaves out the home page', () => {
    expect(signInHref('/watch/x?t=1')).toBe('/account/sign-in?next=%2Fwatch%2Fx%3Ft%3D1');
    expect(signInHref('/account', 'expired')).toBe('/account/sign-in?next=%2Faccount&notice=expired');
    expect(signInHref('/')).toBe('/account/sign-in');
    expect(signInHref('https://evil.example')).toBe('/account/sign-in');
    expect(signInHref()).toBe('/account/sign-in');
    expect(signInHref('/.//evil.example/x')).toBe('/account/sign-in');
  });
});
