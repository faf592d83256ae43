import { safeReturnPath, sameSitePath, signInHref } from '../return-path';

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

  it('sameSitePath allows any page of the site, the account forms included', () => {
    expect(sameSitePath('/account/sign-in')).toBe('/account/sign-in');
    expect(sameSitePath('//evil.example')).toBeUndefined();
  });
});

describe('signInHref', () => {
  it('carries a safe return path and a notice, and leaves out the home page', () => {
    expect(signInHref('/watch/x?t=1')).toBe('/account/sign-in?next=%2Fwatch%2Fx%3Ft%3D1');
    expect(signInHref('/account', 'expired')).toBe('/account/sign-in?next=%2Faccount&notice=expired');
    expect(signInHref('/')).toBe('/account/sign-in');
    expect(signInHref('https://evil.example')).toBe('/account/sign-in');
    expect(signInHref()).toBe('/account/sign-in');
  });
});
