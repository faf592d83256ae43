import { CmsNotFoundError, CmsRequestError, CmsUnavailableError } from '../cms/errors';
import { FAILURES, searchFailureFor } from '../page';
import { suggestionItems, suggestionsAnnouncement, titleParts } from '../discovery/suggestions';
import { signViewerToken, verifyViewerToken } from '@framecast/contracts';
import { parseViewBody, viewerCookieOptions, viewerTokenFor, viewSigningSecret } from '../player/view-beacon';
import { MAX_PLAYED_STEP_S, WatchTime } from '../player/watch-time';

describe('WatchTime', () => {
  it('adds up small forward steps of playback', () => {
    const watched = new WatchTime();
    for (let t = 0; t <= 6; t += 0.25) watched.tick(t);
    expect(watched.seconds).toBeCloseTo(6);
  });

  it('does not count a jump forward, a jump back or the time around a seek', () => {
    const watched = new WatchTime();
    watched.tick(0);
    watched.tick(1);
    watched.tick(1 + MAX_PLAYED_STEP_S + 0.5); // skipped ahead
    watched.tick(0.5); // back
    watched.tick(1);
    expect(watched.seconds).toBeCloseTo(1.5);
    watched.jump();
    watched.tick(10.5); // the seek's own tick
    watched.tick(11);
    expect(watched.seconds).toBeCloseTo(2);
  });

  it('ignores nonsense times', () => {
    const watched = new WatchTime();
    watched.tick(Number.NaN);
    watched.tick(-1);
    watched.tick(1);
    watched.tick(2);
    expect(watched.seconds).toBeCloseTo(1);
  });
});

describe('view beacons', () => {
  const SECRET = 'a-site-secret-of-at-least-32-characters';

  it('signs a new, unguessable viewer id when the browser has none', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => viewerTokenFor(undefined, SECRET)));
    expect(tokens.size).toBe(50);
    for (const { token, fresh } of tokens) {
      expect(fresh).toBe(true);
      expect(verifyViewerToken(SECRET, token)).toMatchObject({
        ok: true,
        viewerId: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      });
    }
  });

  it('keeps a cookie it signed, and never vouches for one it did not sign', () => {
    const mine = signViewerToken(SECRET);
    expect(viewerTokenFor(mine, SECRET)).toEqual({ token: mine, fresh: false });
    const chosen = 'viewer-chosen-by-the-client-0001';
    const forged = `${mine.slice(0, -2)}xx`;
    const otherSecret = signViewerToken('another-secret-of-at-least-32-characters!');
    for (const cookie of [chosen, forged, otherSecret, '', 'v1..1.x']) {
      const { token, fresh } = viewerTokenFor(cookie, SECRET);
      expect(fresh).toBe(true);
      expect(token).not.toContain(chosen);
      expect(verifyViewerToken(SECRET, token).ok).toBe(true);
    }
  });

  it('replaces a signed id before it expires, so the CMS never gets a stale one', () => {
    const now = Date.now();
    const old = signViewerToken(SECRET, undefined, now - 24 * 3600_000 + 5 * 60_000);
    expect(verifyViewerToken(SECRET, old, now).ok).toBe(true);
    expect(viewerTokenFor(old, SECRET, now).fresh).toBe(true);
  });

  it('reads VIEW_SIGNING_SECRET, and refuses one too short to be a secret', () => {
    expect(viewSigningSecret({ VIEW_SIGNING_SECRET: SECRET })).toBe(SECRET);
    expect(viewSigningSecret({})).toBeUndefined();
    expect(() => viewSigningSecret({ VIEW_SIGNING_SECRET: 'short' })).toThrow(/at least 32/);
  });

  it('sets the cookie httpOnly, SameSite=Lax, for the whole site, Secure on https only', () => {
    expect(viewerCookieOptions(new URL('http://site/api/views'))).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: false,
    });
    expect(viewerCookieOptions(new URL('https://site/api/views')).secure).toBe(true);
  });

  it('checks the player’s body', () => {
    expect(parseViewBody({ video: 'abc123', watchedSeconds: 5.26 })).toEqual({
      ok: true,
      video: 'abc123',
      watchedSeconds: 5.3,
    });
    for (const bad of [
      null,
      [],
      'x',
      {},
      { video: 'a/b', watchedSeconds: 5 },
      { video: 'abc', watchedSeconds: '5' },
      { video: 'abc', watchedSeconds: -1 },
      { video: 'abc', watchedSeconds: Infinity },
      { video: 'abc', watchedSeconds: 1e9 },
    ]) {
      expect(parseViewBody(bad).ok).toBe(false);
    }
  });
});

describe('suggestions for the header box', () => {
  const good = {
    title: 'Dashi',
    href: '/watch/dashi',
    highlight: [
      { text: 'Da', match: true },
      { text: 'shi', match: false },
    ],
    creator: 'Kenji',
  };

  it('keeps well-formed items with same-site watch links only', () => {
    const body = {
      data: [
        good,
        { ...good, href: 'https://evil.example/' },
        { ...good, highlight: [{ text: 1 }] },
        { title: 'x' },
        null,
      ],
    };
    expect(suggestionItems(body)).toEqual([good]);
    expect(suggestionItems(null)).toEqual([]);
    expect(suggestionItems({ data: 'nope' })).toEqual([]);
  });

  it('falls back to the plain title, and says how many there are', () => {
    expect(titleParts({ ...good, highlight: [] })).toEqual([{ text: 'Dashi', match: false }]);
    expect(suggestionsAnnouncement(0)).toBe('No suggestions.');
    expect(suggestionsAnnouncement(1)).toMatch(/^1 suggestion\./);
    expect(suggestionsAnnouncement(3)).toMatch(/^3 suggestions\./);
  });
});

describe('searchFailureFor', () => {
  it('turns a refused search into a message for the viewer, and the rest as for other pages', () => {
    expect(searchFailureFor(new CmsRequestError(400, 'bad sort', 'u'))).toBe(FAILURES.badSearch);
    expect(searchFailureFor(new CmsRequestError(429, 'slow down', 'u'))).toBe(FAILURES.tooManySearches);
    expect(searchFailureFor(new CmsRequestError(403, 'forbidden', 'u'))).toBe(FAILURES.badGateway);
    expect(searchFailureFor(new CmsNotFoundError('Category', 'u'))).toBe(FAILURES.notFound);
    expect(searchFailureFor(new CmsUnavailableError('timeout', 'u'))).toBe(FAILURES.unavailable);
  });
});
