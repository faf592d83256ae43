import {
  cookieHeaderForRuntime,
  outgoingCookie,
  readSessionPolicy,
  sessionCookieOptions,
  sessionDeadline,
  sessionVerdict,
  shouldTouch,
  type SessionPolicy,
} from '../session/policy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('readSessionPolicy', () => {
  it('defaults to 30 min idle, 12 h absolute, 30 days remembered, and a plain cookie over http', () => {
    expect(readSessionPolicy({})).toEqual({
      idleMs: 30 * MINUTE,
      absoluteMs: 12 * HOUR,
      rememberMs: 30 * DAY,
      refreshMarginMs: MINUTE,
      secureCookie: false,
      cookieName: 'framecast-session',
    });
    expect(readSessionPolicy({ PUBLIC_SITE_URL: 'http://127.0.0.1:4321' }).cookieName).toBe('framecast-session');
  });

  it('uses a Secure __Host- cookie when the site is served over https, or when told to', () => {
    expect(readSessionPolicy({ PUBLIC_SITE_URL: 'https://watch.example.org' })).toMatchObject({
      secureCookie: true,
      cookieName: '__Host-framecast-session',
    });
    expect(readSessionPolicy({ SITE_URL: 'HTTPS://watch.example.org' }).secureCookie).toBe(true);
    expect(readSessionPolicy({ SESSION_COOKIE_SECURE: 'true' }).cookieName).toBe('__Host-framecast-session');
    expect(
      readSessionPolicy({ PUBLIC_SITE_URL: 'https://watch.example.org', SESSION_COOKIE_SECURE: 'false' }).secureCookie,
    ).toBe(false);
    expect(() => readSessionPolicy({ SESSION_COOKIE_SECURE: 'yes' })).toThrow(/SESSION_COOKIE_SECURE/);
  });

  it('reads the limits, fractions included (short idle limits for tests), and refuses nonsense', () => {
    expect(
      readSessionPolicy({
        SESSION_IDLE_MINUTES: '0.1',
        SESSION_ABSOLUTE_HOURS: '2',
        SESSION_REMEMBER_DAYS: '7',
        SESSION_REFRESH_MARGIN_SECONDS: '3600',
      }),
    ).toMatchObject({
      idleMs: 6000,
      absoluteMs: 2 * HOUR,
      rememberMs: 7 * DAY,
      refreshMarginMs: HOUR,
    });
    expect(() => readSessionPolicy({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => readSessionPolicy({ SESSION_ABSOLUTE_HOURS: 'soon' })).toThrow(/SESSION_ABSOLUTE_HOURS/);
    expect(() => readSessionPolicy({ SESSION_REMEMBER_DAYS: '1000' })).toThrow(/SESSION_REMEMBER_DAYS/);
  });
});

describe('session timeouts', () => {
  const policy: SessionPolicy = readSessionPolicy({});
  const signedInAt = Date.UTC(2030, 0, 1);
  const session = (overrides: Partial<{ lastSeenAt: number; remember: boolean }> = {}) => ({
    signedInAt,
    lastSeenAt: signedInAt,
    remember: false,
    ...overrides,
  });

  it('ends a session idle for the idle limit', () => {
    expect(sessionVerdict(session(), signedInAt + 29 * MINUTE, policy)).toBe('active');
    expect(sessionVerdict(session(), signedInAt + 30 * MINUTE, policy)).toBe('idle');
    expect(sessionVerdict(session({ lastSeenAt: signedInAt + 20 * MINUTE }), signedInAt + 45 * MINUTE, policy)).toBe(
      'active',
    );
  });

  it('ends a session at its absolute limit however active it was', () => {
    const busy = session({ lastSeenAt: signedInAt + 12 * HOUR - MINUTE });
    expect(sessionVerdict(busy, signedInAt + 12 * HOUR - 1, policy)).toBe('active');
    expect(sessionVerdict(busy, signedInAt + 12 * HOUR, policy)).toBe('expired');
  });

  it('keeps a remembered session through days of absence until its own deadline', () => {
    const remembered = session({ remember: true });
    expect(sessionDeadline(remembered, policy)).toBe(signedInAt + 30 * DAY);
    expect(sessionVerdict(remembered, signedInAt + 3 * DAY, policy)).toBe('active');
    expect(sessionVerdict(remembered, signedInAt + 30 * DAY, policy)).toBe('expired');
  });

  it('writes activity back at most once a minute, more often only for very short idle limits', () => {
    expect(shouldTouch(session(), signedInAt + 59_000, policy)).toBe(false);
    expect(shouldTouch(session(), signedInAt + MINUTE, policy)).toBe(true);
    expect(shouldTouch(session({ remember: true }), signedInAt + DAY, policy)).toBe(false);
    const short = readSessionPolicy({ SESSION_IDLE_MINUTES: '0.1' });
    expect(shouldTouch(session(), signedInAt + 1500, short)).toBe(true);
  });
});

describe('sessionCookieOptions', () => {
  const now = Date.UTC(2030, 0, 1);

  it('is httpOnly and SameSite=Lax, and ends with the browser unless remembered', () => {
    const options = sessionCookieOptions(
      readSessionPolicy({}),
      { signedInAt: now, lastSeenAt: now, remember: false },
      now,
    );
    expect(options).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: false });
    expect(sessionCookieOptions(readSessionPolicy({}), undefined, now)).not.toHaveProperty('maxAge');
  });

  it('lasts until a remembered session’s deadline, and is Secure over https', () => {
    const policy = readSessionPolicy({ PUBLIC_SITE_URL: 'https://watch.example.org' });
    expect(sessionCookieOptions(policy, { signedInAt: now, lastSeenAt: now, remember: true }, now)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: true,
      maxAge: 30 * 24 * 3600,
    });
    expect(sessionCookieOptions(policy, { signedInAt: now, lastSeenAt: now, remember: true }, now + DAY).maxAge).toBe(
      29 * 24 * 3600,
    );
  });
});

describe('outgoingCookie', () => {
  it('tells whether a response sets, deletes or leaves a cookie, the last line winning', () => {
    expect(outgoingCookie([], 'framecast-session')).toEqual({ kind: 'untouched' });
    expect(outgoingCookie(['other=1; Path=/'], 'framecast-session')).toEqual({ kind: 'untouched' });
    expect(outgoingCookie(['framecast-session=abc; Path=/; HttpOnly; SameSite=Lax'], 'framecast-session')).toEqual({
      kind: 'set',
      value: 'abc',
    });
    expect(
      outgoingCookie(['framecast-session=deleted; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], 'framecast-session'),
    ).toEqual({ kind: 'deleted' });
    expect(
      outgoingCookie(
        ['framecast-session=deleted; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'framecast-session=new; Path=/'],
        'framecast-session',
      ),
    ).toEqual({
      kind: 'set',
      value: 'new',
    });
  });
});

describe('cookieHeaderForRuntime', () => {
  const secure = readSessionPolicy({ SESSION_COOKIE_SECURE: 'true' });

  it('hands the __Host- cookie to the runtime under its own name, dropping a planted plain one', () => {
    expect(cookieHeaderForRuntime('a=1; __Host-framecast-session=id-1; b=2', secure)).toBe(
      'a=1; framecast-session=id-1; b=2',
    );
    expect(cookieHeaderForRuntime('framecast-session=planted; a=1', secure)).toBe('a=1');
    expect(cookieHeaderForRuntime('framecast-session=planted; __Host-framecast-session=real', secure)).toBe(
      'framecast-session=real',
    );
  });

  it('leaves the header alone over http, or when there is none', () => {
    expect(cookieHeaderForRuntime('framecast-session=id-1', readSessionPolicy({}))).toBe('framecast-session=id-1');
    expect(cookieHeaderForRuntime(null, secure)).toBeNull();
  });
});
