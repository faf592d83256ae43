// The session rules applied to a stand-in for Astro's session, against a real HTTP server playing the CMS.
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
import type { AstroCookies, AstroSession } from 'astro';
import { resetConfigForTests } from '../config';
import { readSessionPolicy } from '../session/policy';
import {
  beginViewerSession,
  csrfAccepted,
  endViewerSession,
  refreshOnce,
  resetRefreshesForTests,
  resolveViewer,
  settleSessionCookie,
  withViewerAccess,
  type StoredAuth,
} from '../session/viewer-session';
import { json, useFakeCms } from './support/fake-cms';

const MINUTE = 60_000;
const jwt = (expSeconds: number, id = 'j') =>
  `h.${Buffer.from(JSON.stringify({ id, exp: expSeconds })).toString('base64url')}.s`;

/** Enough of AstroSession for these rules: a map, destroy and regenerate, and what happened to them. */
class FakeSession {
  data = new Map<string, unknown>();
  destroyed = false;
  regenerated = 0;
  async get(key: string) {
    return this.data.get(key);
  }
  set(key: string, value: unknown) {
    this.data.set(key, structuredClone(value));
  }
  delete(key: string) {
    this.data.delete(key);
  }
  destroy() {
    this.destroyed = true;
    this.data.clear();
  }
  async regenerate() {
    this.regenerated += 1;
  }
}
const asSession = (fake: FakeSession) => fake as unknown as AstroSession;

/** Enough of AstroCookies: the outgoing lines in order. */
class FakeCookies {
  lines: { name: string; value: string; options: Record<string, unknown> }[] = [];
  *headers() {
    for (const { name, value, options } of this.lines)
      yield `${name}=${value}; Path=/${options.expires ? '; Expires=Thu, 01 Jan 1970 00:00:00 GMT' : ''}`;
  }
  set(name: string, value: string, options: Record<string, unknown> = {}) {
    this.lines.push({ name, value, options });
  }
  delete(name: string, options: Record<string, unknown> = {}) {
    this.lines.push({ name, value: 'deleted', options: { ...options, expires: true } });
  }
}

let calls: { path: string; body: Record<string, unknown>; authorization?: string }[] = [];
let refreshAnswer: (body: Record<string, unknown>) => [number, unknown] = () => [
  200,
  { jwt: 'fresh', refreshToken: 'r-next' },
];

const cms = useFakeCms();
cms.handler = ({ path, body: parsed, headers }, res) => {
  const body = (parsed ?? {}) as Record<string, unknown>;
  calls.push({ path, body, authorization: headers.authorization });
  const [status, payload] =
    path === '/api/auth/refresh'
      ? refreshAnswer(body)
      : path === '/api/auth/logout'
        ? [200, { ok: true }]
        : [200, { id: 1, username: 'ada', email: 'ada@example.org' }];
  // a slow refresh, so concurrent requests overlap
  setTimeout(() => json(res, status as number, payload), path === '/api/auth/refresh' ? 30 : 0);
};

beforeEach(() => {
  resetRefreshesForTests();
  calls = [];
  refreshAnswer = () => [200, { jwt: jwt(Date.now() / 1000 + 300, 'fresh'), refreshToken: 'r-next' }];
});

const policy = readSessionPolicy({});
const stored = (overrides: Partial<StoredAuth> = {}): StoredAuth => ({
  jwt: jwt(Date.now() / 1000 + 300),
  refreshToken: 'r1',
  user: { id: 1, documentId: 'u1', username: 'ada', email: 'ada@example.org' },
  remember: false,
  signedInAt: Date.now() - 5 * MINUTE,
  lastSeenAt: Date.now() - 5 * MINUTE,
  ...overrides,
});

describe('beginViewerSession', () => {
  it('takes a new session id, stores the tokens server-side and a new CSRF token', async () => {
    const session = new FakeSession();
    session.set('csrf', 'pre-session-token');
    session.set('mailNotice', { purpose: 'confirm', email: 'x@example.org' });
    await beginViewerSession(
      asSession(session),
      {
        jwt: 'j',
        refreshToken: 'r',
        user: { id: 1, documentId: 'u1', username: 'ada', email: 'a@example.org', confirmed: true },
      },
      true,
      1000,
    );
    expect(session.regenerated).toBe(1);
    expect(session.data.get('auth')).toEqual({
      jwt: 'j',
      refreshToken: 'r',
      user: { id: 1, documentId: 'u1', username: 'ada', email: 'a@example.org' },
      remember: true,
      signedInAt: 1000,
      lastSeenAt: 1000,
    });
    expect(session.data.get('csrf')).not.toBe('pre-session-token');
    expect(session.data.has('mailNotice')).toBe(false);
  });
});

describe('resolveViewer', () => {
  it('no session, or a session without a sign-in: nobody', async () => {
    expect(await resolveViewer(undefined, policy)).toEqual({});
    expect(await resolveViewer(asSession(new FakeSession()), policy)).toEqual({});
  });

  it('an active session: the viewer and a CSRF token, and activity written back', async () => {
    const session = new FakeSession();
    session.set('auth', stored());
    const state = await resolveViewer(asSession(session), policy);
    expect(state.viewer?.username).toBe('ada');
    expect(state.csrfToken).toMatch(/^[\w-]{43}$/);
    expect((session.data.get('auth') as StoredAuth).lastSeenAt).toBeGreaterThan(Date.now() - 1000);
    expect(calls).toEqual([]);
  });

  it('an idle session ends: destroyed here and revoked in the CMS', async () => {
    const session = new FakeSession();
    const auth = stored({ lastSeenAt: Date.now() - 31 * MINUTE });
    session.set('auth', auth);
    expect(await resolveViewer(asSession(session), policy)).toEqual({ ended: 'expired' });
    expect(session.destroyed).toBe(true);
    expect(calls).toEqual([
      { path: '/api/auth/logout', body: { refreshToken: 'r1' }, authorization: `Bearer ${auth.jwt}` },
    ]);
  });

  it('a session past its absolute limit ends, an expired token refreshed first so the logout is accepted', async () => {
    const session = new FakeSession();
    session.set(
      'auth',
      stored({ jwt: jwt(Date.now() / 1000 - 10), signedInAt: Date.now() - 13 * 60 * MINUTE, lastSeenAt: Date.now() }),
    );
    expect(await resolveViewer(asSession(session), policy)).toEqual({ ended: 'expired' });
    expect(calls.map((call) => [call.path, call.body.refreshToken])).toEqual([
      ['/api/auth/refresh', 'r1'],
      ['/api/auth/logout', 'r-next'],
    ]);
  });

  it('refreshes a token about to expire and stores the rotated pair', async () => {
    const session = new FakeSession();
    session.set('auth', stored({ jwt: jwt(Date.now() / 1000 + 30) }));
    const state = await resolveViewer(asSession(session), policy);
    expect(state.viewer?.username).toBe('ada');
    expect(session.data.get('auth')).toMatchObject({ refreshToken: 'r-next' });
  });

  it('signs the viewer out when the CMS refuses the refresh token, but not when it cannot be reached', async () => {
    refreshAnswer = () => [
      401,
      { data: null, error: { status: 401, name: 'UnauthorizedError', message: 'Invalid refresh token', details: {} } },
    ];
    const session = new FakeSession();
    session.set('auth', stored({ jwt: jwt(Date.now() / 1000 - 1) }));
    expect(await resolveViewer(asSession(session), policy)).toEqual({ ended: 'revoked' });
    expect(session.destroyed).toBe(true);

    process.env.CMS_URL = 'http://127.0.0.1:9';
    resetConfigForTests();
    const offline = new FakeSession();
    offline.set('auth', stored({ jwt: jwt(Date.now() / 1000 - 1), refreshToken: 'r-offline' }));
    expect((await resolveViewer(asSession(offline), policy)).viewer?.username).toBe('ada');
    expect(offline.destroyed).toBe(false);
  });
});

describe('refreshOnce', () => {
  it('spends a refresh token once, however many requests ask at the same time or just after', async () => {
    const [a, b] = await Promise.all([refreshOnce('r1'), refreshOnce('r1')]);
    const c = await refreshOnce('r1');
    expect(a).toEqual(b);
    expect(c).toEqual(a);
    expect(calls.filter((call) => call.path === '/api/auth/refresh')).toHaveLength(1);
  });
});

describe('withViewerAccess', () => {
  it('refreshes once and retries when the CMS answers 401', async () => {
    const session = new FakeSession();
    session.set('auth', stored());
    let attempts = 0;
    const { CmsRequestError } = await import('../cms/errors');
    const result = await withViewerAccess(asSession(session), async ({ jwt: token }) => {
      attempts += 1;
      if (attempts === 1) throw new CmsRequestError(401, 'Unauthorized', 'http://cms/api/users/me');
      return token;
    });
    expect(attempts).toBe(2);
    expect(result).toBe((session.data.get('auth') as StoredAuth).jwt);
    expect(session.data.get('auth')).toMatchObject({ refreshToken: 'r-next' });
  });
});

describe('endViewerSession', () => {
  it('revokes the CMS session and destroys the site session', async () => {
    const session = new FakeSession();
    session.set('auth', stored());
    await endViewerSession(asSession(session));
    expect(calls.map((call) => call.path)).toEqual(['/api/auth/logout']);
    expect(session.destroyed).toBe(true);
  });
});

describe('csrfAccepted', () => {
  const post = (body: string, type = 'application/x-www-form-urlencoded') =>
    new Request('http://site/account/sign-in', { method: 'POST', headers: { 'content-type': type }, body });

  it('compares the form field with the session’s token, and leaves the body for the page', async () => {
    const session = new FakeSession();
    session.set('csrf', 'tok');
    const request = post('_csrf=tok&identifier=ada');
    expect(await csrfAccepted(request, asSession(session))).toBe(true);
    expect((await request.formData()).get('identifier')).toBe('ada');
    expect(await csrfAccepted(post('_csrf=nope'), asSession(session))).toBe(false);
    expect(await csrfAccepted(post('identifier=ada'), asSession(session))).toBe(false);
    expect(await csrfAccepted(post('_csrf=tok'), asSession(new FakeSession()))).toBe(false);
    expect(await csrfAccepted(post('_csrf=tok'), undefined)).toBe(false);
  });

  it('takes the token from a header for non-form bodies', async () => {
    const session = new FakeSession();
    session.set('csrf', 'tok');
    const request = new Request('http://site/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'tok' },
      body: '{}',
    });
    expect(await csrfAccepted(request, asSession(session))).toBe(true);
  });
});

describe('settleSessionCookie', () => {
  const now = Date.now();

  it('leaves the response alone when the runtime did not touch its cookie', async () => {
    const cookies = new FakeCookies();
    expect(await settleSessionCookie(cookies as unknown as AstroCookies, undefined, policy, now)).toBe(false);
    expect(cookies.lines).toEqual([]);
  });

  it('re-sets the runtime’s cookie with a Max-Age up to a remembered session’s deadline', async () => {
    const session = new FakeSession();
    session.set('auth', stored({ remember: true, signedInAt: now }));
    const cookies = new FakeCookies();
    cookies.set('framecast-session', 'id-1', { httpOnly: true });
    await settleSessionCookie(cookies as unknown as AstroCookies, asSession(session), policy, now);
    expect(cookies.lines.at(-1)).toEqual({
      name: 'framecast-session',
      value: 'id-1',
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false, maxAge: 30 * 24 * 3600 },
    });
  });

  it('over https: the __Host- cookie, Secure, and the runtime’s plain-named line overridden by a deletion', async () => {
    const secure = readSessionPolicy({ PUBLIC_SITE_URL: 'https://watch.example.org' });
    const cookies = new FakeCookies();
    cookies.set('framecast-session', 'id-2');
    await settleSessionCookie(cookies as unknown as AstroCookies, asSession(new FakeSession()), secure, now);
    expect(cookies.lines.slice(1)).toEqual([
      {
        name: '__Host-framecast-session',
        value: 'id-2',
        options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true },
      },
      {
        name: 'framecast-session',
        value: 'deleted',
        options: { path: '/', httpOnly: true, sameSite: 'lax', expires: true },
      },
    ]);
  });

  it('passes a deletion on under the browser’s cookie name', async () => {
    const secure = readSessionPolicy({ SESSION_COOKIE_SECURE: 'true' });
    const cookies = new FakeCookies();
    cookies.delete('framecast-session');
    await settleSessionCookie(cookies as unknown as AstroCookies, undefined, secure, now);
    expect(cookies.lines.at(-1)).toMatchObject({ name: '__Host-framecast-session', value: 'deleted' });
  });
});
