import { accessTokenExpiry, accessTokenNeedsRefresh } from '../session/access-token';
import { csrfTokensMatch, newCsrfToken } from '../session/csrf';

const jwtWith = (payload: unknown) =>
  `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('CSRF tokens', () => {
  it('are long, url-safe and different every time', () => {
    const a = newCsrfToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCsrfToken()).not.toBe(a);
  });

  it('match only the same non-empty string', () => {
    const token = newCsrfToken();
    expect(csrfTokensMatch(token, token)).toBe(true);
    expect(csrfTokensMatch(token, `${token}x`)).toBe(false);
    expect(csrfTokensMatch(token, token.slice(0, -1))).toBe(false);
    expect(csrfTokensMatch(token, '')).toBe(false);
    expect(csrfTokensMatch(token, null)).toBe(false);
    expect(csrfTokensMatch(token, [token])).toBe(false);
    expect(csrfTokensMatch(undefined, undefined)).toBe(false);
    expect(csrfTokensMatch('', '')).toBe(false);
  });
});

describe('access token expiry', () => {
  const now = Date.UTC(2030, 0, 1);

  it('reads exp from the payload without checking the signature', () => {
    expect(accessTokenExpiry(jwtWith({ id: 1, exp: now / 1000 + 300 }))).toBe(now + 300_000);
    expect(accessTokenExpiry(jwtWith({ id: 1 }))).toBeUndefined();
    expect(accessTokenExpiry(jwtWith({ exp: '300' }))).toBeUndefined();
    expect(accessTokenExpiry('not-a-jwt')).toBeUndefined();
    expect(accessTokenExpiry('a.%%%.c')).toBeUndefined();
  });

  it('asks for a refresh a minute before expiry, after it, and for an unreadable token', () => {
    expect(accessTokenNeedsRefresh(jwtWith({ exp: now / 1000 + 300 }), now)).toBe(false);
    expect(accessTokenNeedsRefresh(jwtWith({ exp: now / 1000 + 59 }), now)).toBe(true);
    expect(accessTokenNeedsRefresh(jwtWith({ exp: now / 1000 - 1 }), now)).toBe(true);
    expect(accessTokenNeedsRefresh('garbage', now)).toBe(true);
  });
});
