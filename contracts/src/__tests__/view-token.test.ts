import { signViewerToken, verifyViewerToken, VIEWER_TOKEN_TTL_MS } from '../view-token';

const SECRET = 'the-shared-secret-of-32-characters-or-more';
const NOW = Date.UTC(2026, 11, 2, 10, 0, 0);

describe('signed viewer ids', () => {
  it('verifies what it signed and returns the id', () => {
    const token = signViewerToken(SECRET, 'abcdefghijklmnopqrstuvwxyz012345', NOW);
    expect(token).toMatch(/^v1\.abcdefghijklmnopqrstuvwxyz012345\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyViewerToken(SECRET, token, NOW + 1000)).toEqual({
      ok: true,
      viewerId: 'abcdefghijklmnopqrstuvwxyz012345',
      issuedAt: Math.floor(NOW / 1000) * 1000,
    });
  });

  it.each([
    ['a client-chosen id', 'viewer-session-quasar01'],
    ['nothing', undefined],
    ['a number', 42],
    ['an unsigned token shape', 'v1.abcdefghijklmnopqrstuvwxyz012345.1764669600'],
    ['another version', 'v2.abcdefghijklmnopqrstuvwxyz012345.1764669600.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('calls %s malformed', (_what, token) => {
    expect(verifyViewerToken(SECRET, token, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('calls a changed id, time or signature, or another secret’s token, forged', () => {
    const token = signViewerToken(SECRET, 'abcdefghijklmnopqrstuvwxyz012345', NOW);
    const [version, id, issued, signature] = token.split('.') as [string, string, string, string];
    const tampered = [
      [version, `${id.slice(0, -1)}6`, issued, signature],
      [version, id, String(Number(issued) + 3600), signature],
      [version, id, issued, `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`],
    ].map((parts) => parts.join('.'));
    for (const forged of [...tampered, signViewerToken('some-other-secret-of-32-characters-or-more', id, NOW)]) {
      expect(verifyViewerToken(SECRET, forged, NOW)).toEqual({ ok: false, reason: 'forged' });
    }
  });

  it('calls an old token, or one from the future, expired', () => {
    expect(verifyViewerToken(SECRET, signViewerToken(SECRET, undefined, NOW - VIEWER_TOKEN_TTL_MS), NOW)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(
      verifyViewerToken(SECRET, signViewerToken(SECRET, undefined, NOW - VIEWER_TOKEN_TTL_MS + 60_000), NOW).ok,
    ).toBe(true);
    expect(verifyViewerToken(SECRET, signViewerToken(SECRET, undefined, NOW + 3600_000), NOW)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses to sign an id that is not one', () => {
    expect(() => signViewerToken(SECRET, 'short')).toThrow();
    expect(() => signViewerToken(SECRET, 'with.a.dot.inside-that-is-long-enough')).toThrow();
  });
});
