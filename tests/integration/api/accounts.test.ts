/**
 * Viewer accounts through the real API: sign-up rules answered per field, confirmation and password reset by mail
 * received over SMTP, sign-in limits that cannot be dodged, tokens that stop working at sign-out, and the audit trail.
 */
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { startMailCatcher, type MailCatcher } from '../../support/mail-catcher';
import { startTestCms, type TestCms } from '../setup/strapi';

let cms: TestCms;
let mail: MailCatcher;
const SITE = 'https://videos.example.test';
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  mail = await startMailCatcher();
  // a slowed address may try again after 1 s here (5 s by default), so the test waits less
  Object.assign(process.env, mail.env, {
    SITE_URL: SITE,
    MAIL_FROM: 'Framecast <hello@framecast.test>',
    SIGN_IN_ADDRESS_SLOW_SECONDS: '1',
  });
  cms = await startTestCms();
});
afterAll(async () => {
  for (const key of [...Object.keys(mail?.env ?? {}), 'SITE_URL', 'MAIL_FROM', 'SIGN_IN_ADDRESS_SLOW_SECONDS'])
    delete process.env[key];
  await cms?.stop();
  await mail?.stop();
});

/** Requests as the site sends them: from a trusted peer, naming the viewer's address. */
const api = (address = '198.51.100.1') => ({
  post: (path: string, body: object) =>
    request(cms.server).post(`/api${path}`).set('X-Forwarded-For', address).send(body),
  get: (path: string, jwt?: string) => {
    const call = request(cms.server).get(`/api${path}`).set('X-Forwarded-For', address);
    return jwt ? call.set('Authorization', `Bearer ${jwt}`) : call;
  },
});

async function registerConfirmed(username: string, email: string, password = PASSWORD) {
  const registered = await api().post('/auth/local/register', { username, email, password });
  expect(registered.status).toBe(200);
  const message = await mail.waitFor(email, /confirm/i);
  const link = message.links.find((candidate) => candidate.startsWith(`${SITE}/account/confirm?confirmation=`))!;
  const code = new URL(link).searchParams.get('confirmation')!;
  expect((await api().get(`/auth/email-confirmation?confirmation=${code}`)).status).toBe(302);
  return (await cms.strapi.db
    .query('plugin::users-permissions.user')
    .findOne({ select: ['id', 'username'], where: { email: email.toLowerCase() } })) as {
    id: number;
    username: string;
  };
}

async function audit(event: string, userId?: number) {
  return cms.strapi.db
    .query('plugin::accounts.audit-entry')
    .findMany({ where: { event, ...(userId ? { userId } : {}) } }) as Promise<Array<Record<string, unknown>>>;
}

describe('sign-up', () => {
  test('each rule answers on its field, and nothing is created', async () => {
    const response = await api().post('/auth/local/register', {
      username: 'a',
      email: 'not-an-email',
      password: 'short',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toMatchObject({
      reason: 'validation',
      fields: {
        username: expect.stringMatching(/at least 3/),
        email: expect.stringMatching(/email address/),
        password: expect.stringMatching(/at least 12/),
      },
    });
    const common = await api().post('/auth/local/register', {
      username: 'maria',
      email: 'maria@example.test',
      password: 'Password123456!',
    });
    expect(common.body.error.details.fields).toEqual({ password: expect.stringMatching(/too common/) });
    const personal = await api().post('/auth/local/register', {
      username: 'maria',
      email: 'maria@example.test',
      password: 'maria-is-the-best-of-all',
    });
    expect(personal.body.error.details.fields.password).toMatch(/username or email/);
    const tooLong = await api().post('/auth/local/register', {
      username: 'maria',
      email: 'maria@example.test',
      password: 'x'.repeat(129),
    });
    expect(tooLong.body.error.details.fields.password).toMatch(/at most 128/);
    const extra = await api().post('/auth/local/register', {
      username: 'maria',
      email: 'maria@example.test',
      password: PASSWORD,
      role: 3,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/role/);
    expect(await cms.strapi.db.query('plugin::users-permissions.user').count({ where: { username: 'maria' } })).toBe(0);
  });

  test('register, confirm by the mail received over SMTP, then sign in; the link works once', async () => {
    const registered = await api().post('/auth/local/register', {
      username: 'Noor',
      email: 'Noor@Example.test',
      password: PASSWORD,
    });
    expect(registered.status).toBe(200);
    // the same answer whether the email was new or not (see below): no account data, no token
    expect(registered.body).toEqual({
      ok: true,
      email: 'noor@example.test',
      message: expect.stringMatching(/Check your mail/),
    });
    const noor = (await cms.strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { username: 'Noor' } })) as { id: number; email: string; confirmed: boolean };
    expect(noor).toMatchObject({ email: 'noor@example.test', confirmed: false });

    const unconfirmed = await api().post('/auth/local', { identifier: 'noor', password: PASSWORD });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.details.reason).toBe('unconfirmed');

    const message = await mail.waitFor('noor@example.test', /confirm your email/i);
    expect(message.from).toContain('hello@framecast.test');
    const link = message.links.find((candidate) => candidate.startsWith(`${SITE}/account/confirm?confirmation=`));
    expect(link).toBeDefined();
    const code = new URL(link!).searchParams.get('confirmation');
    const confirmed = await api().get(`/auth/email-confirmation?confirmation=${code}`);
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.location).toBe(`${SITE}/account/confirmed`);
    const again = await api().get(`/auth/email-confirmation?confirmation=${code}`);
    expect(again.status).toBe(400);
    expect(again.body.error.details.reason).toBe('invalid_code');

    const signedIn = await api().post('/auth/local', { identifier: 'NOOR ', password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({
      jwt: expect.any(String),
      refreshToken: expect.any(String),
      user: { username: 'Noor' },
    });
    expect(signedIn.body.user.password).toBeUndefined();
    expect((await audit('registered', noor.id)).length).toBe(1);
    expect((await audit('email-confirmed', noor.id)).length).toBe(1);
    expect((await audit('sign-in', noor.id))[0]).toMatchObject({ address: '198.51.100.1', username: 'Noor' });
  });

  test('a taken username (in any case) is named; an email with an account gets the new-account answer and its owner a mail', async () => {
    await registerConfirmed('kofi', 'kofi@example.test');
    const username = await api().post('/auth/local/register', {
      username: 'KOFI',
      email: 'other@example.test',
      password: PASSWORD,
    });
    expect(username.status).toBe(400);
    expect(username.body.error.details).toEqual({
      reason: 'taken',
      fields: { username: expect.stringMatching(/taken/) },
    });

    const fresh = await api().post('/auth/local/register', {
      username: 'zainab',
      email: 'zainab@example.test',
      password: PASSWORD,
    });
    const existing = await api().post('/auth/local/register', {
      username: 'kofi2',
      email: ' KOFI@example.test ',
      password: PASSWORD,
    });
    expect(existing.status).toBe(fresh.status);
    expect(existing.status).toBe(200);
    expect(Object.keys(existing.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect({ ...existing.body, email: 'x' }).toEqual({ ...fresh.body, email: 'x' });
    // the owner is told; no second account exists
    const told = await mail.waitFor('kofi@example.test', /already have a Framecast account/i);
    expect(told.links).toContain(`${SITE}/account/forgot-password`);
    expect(await cms.strapi.db.query('plugin::users-permissions.user').count({ where: { username: 'kofi2' } })).toBe(0);
    expect((await audit('sign-up-existing-email')).at(-1)).toMatchObject({ identifier: 'kofi@example.test' });
  });

  test('asking for a new confirmation mail answers alike whether the account exists, is confirmed or not', async () => {
    for (const email of ['kofi@example.test', 'nobody@example.test']) {
      const response = await api().post('/auth/send-email-confirmation', { email });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ sent: true });
    }
  });
});

describe('sessions and tokens', () => {
  let user: { id: number; username: string };
  beforeAll(async () => {
    user = await registerConfirmed('ines', 'ines@example.test');
  });

  test('a wrong password and an unknown account get the same answer', async () => {
    const wrong = await api('198.51.100.20').post('/auth/local', {
      identifier: 'ines',
      password: 'not the password at all',
    });
    const unknown = await api('198.51.100.20').post('/auth/local', {
      identifier: 'nobody-here',
      password: 'not the password at all',
    });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(wrong.body.error).toEqual(unknown.body.error);
    expect(wrong.body.error).toMatchObject({
      message: 'Wrong email/username or password.',
      details: { reason: 'invalid_credentials' },
    });
    const failures = await audit('sign-in-failed', user.id);
    expect(failures.at(-1)).toMatchObject({ reason: 'invalid_credentials', identifier: 'ines' });
    expect(JSON.stringify(failures)).not.toContain('not the password');
  });

  test('refresh gives a new access token; sign-out revokes the session, its access token and its refresh token', async () => {
    const signedIn = await api().post('/auth/local', { identifier: 'ines@example.test', password: PASSWORD });
    const { jwt, refreshToken } = signedIn.body as { jwt: string; refreshToken: string };
    expect((await api().get('/users/me', jwt)).body).toMatchObject({ username: 'ines' });

    const refreshed = await api().post('/auth/refresh', { refreshToken });
    expect(refreshed.status).toBe(200);
    const next = refreshed.body as { jwt: string; refreshToken: string };
    expect((await api().get('/users/me', next.jwt)).status).toBe(200);

    const out = await request(cms.server)
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${next.jwt}`)
      .send({ refreshToken: next.refreshToken });
    expect(out.status).toBe(200);
    expect((await api().get('/users/me', next.jwt)).status).toBe(401);
    expect((await api().post('/auth/refresh', { refreshToken: next.refreshToken })).status).toBe(401);
    expect((await audit('sign-out', user.id)).length).toBe(1);
  });

  test('a token signed with "none" or another algorithm is refused', async () => {
    const signedIn = await api().post('/auth/local', { identifier: 'ines', password: PASSWORD });
    const [, body] = (signedIn.body.jwt as string).split('.');
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${body}.`;
    expect((await api().get('/users/me', unsigned)).status).toBe(401);
    const header = encode({ alg: 'HS512', typ: 'JWT' });
    const hs512 = `${header}.${body}.${createHmac('sha512', process.env.JWT_SECRET!).update(`${header}.${body}`).digest('base64url')}`;
    expect((await api().get('/users/me', hs512)).status).toBe(401);
    expect((await api().get('/users/me', signedIn.body.jwt)).status).toBe(200);
  });
});

describe('failed sign-in limits', () => {
  const STATE = 'plugin::accounts.sign-in-state';
  const accountKey = (userId: number) => `account:user:${userId}`;
  const state = (key: string) =>
    (
      cms.strapi.plugin('accounts').service('sign-in-limits') as {
        state(key: string): Promise<{ failures: number; locks: number; lockedUntil: number | null } | null>;
      }
    ).state(key);
  /** Ends the running lock as if its time had passed. */
  const endLock = (key: string) =>
    cms.strapi.db
      .connection(cms.strapi.db.metadata.get(STATE).tableName)
      .where({ key })
      .update({ locked_until: Date.now() - 1000 });

  test('10 failures lock the account for every spelling, address and field name, with Retry-After', async () => {
    const user = await registerConfirmed('tariq', 'tariq@example.test');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await api(`203.0.113.${attempt + 1}`).post('/auth/local', {
        identifier: 'tariq',
        password: `wrong password ${attempt}`,
      });
      expect(response.status).toBe(400);
    }
    const locked = await api('203.0.113.50').post('/auth/local', { identifier: 'tariq', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(30);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(locked.body.error).toMatchObject({
      message: 'Too many failed sign-ins. Try again in 1 minute.',
      details: { reason: 'locked' },
    });
    for (const identifier of ['TARIQ', '  tariq  ', 'tariq@example.test', 'Tariq@Example.TEST', 'ｔａｒｉｑ']) {
      const response = await api('203.0.113.51').post('/auth/local', { identifier, password: PASSWORD });
      expect({ identifier, status: response.status }).toEqual({ identifier, status: 429 });
    }
    // the identifier under another name is not a way around the count
    const renamed = await api('203.0.113.52').post('/auth/local', { email: 'tariq@example.test', password: PASSWORD });
    expect(renamed.status).toBe(400);
    const both = await api('203.0.113.52').post('/auth/local', {
      identifier: 'someone-else',
      username: 'tariq',
      password: PASSWORD,
    });
    expect(both.status).toBe(400);
    expect((await audit('lockout', user.id)).length).toBe(1);
  });

  test('after a lock, each further failure locks twice as long, up to the maximum; the right password clears it', async () => {
    const user = await registerConfirmed('ebru', 'ebru@example.test');
    const key = accountKey(user.id);
    for (let attempt = 0; attempt < 10; attempt += 1)
      await api('203.0.113.60').post('/auth/local', { identifier: 'ebru', password: `wrong password ${attempt}` });
    expect(await state(key)).toMatchObject({ locks: 1 });
    const waits: number[] = [];
    for (let lock = 2; lock <= 8; lock += 1) {
      await endLock(key);
      // one attempt after the lock: wrong again, locked again at once, for twice as long
      expect(
        (await api('203.0.113.60').post('/auth/local', { identifier: 'ebru', password: 'still not it!' })).status,
      ).toBe(400);
      const refused = await api('203.0.113.60').post('/auth/local', { identifier: 'ebru', password: PASSWORD });
      expect(refused.status).toBe(429);
      waits.push(Number(refused.headers['retry-after']));
    }
    // 2, 4, 8, 16, 32 minutes, then the 60-minute cap (SIGN_IN_LOCK_MAX_MINUTES)
    expect(waits.map((seconds) => Math.round(seconds / 60))).toEqual([2, 4, 8, 16, 32, 60, 60]);
    expect((await audit('lockout', user.id)).length).toBe(8);
    await endLock(key);
    expect((await api('203.0.113.60').post('/auth/local', { identifier: 'ebru', password: PASSWORD })).status).toBe(
      200,
    );
    expect(await state(key)).toMatchObject({ failures: 0, locks: 0, lockedUntil: null });
  });

  test('30 parallel wrong guesses: exactly 10 are checked and counted, the rest refused, and the account is locked once', async () => {
    const user = await registerConfirmed('pavel', 'pavel@example.test');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, guess) =>
        api(`198.18.0.${guess + 1}`).post('/auth/local', { identifier: 'pavel', password: `parallel guess ${guess}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 400)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
    expect(
      answers
        .filter((answer) => answer.status === 429)
        .every((answer) => answer.body.error.details.reason === 'locked'),
    ).toBe(true);
    expect(
      (await audit('sign-in-failed', user.id)).filter((entry) => entry.reason === 'invalid_credentials'),
    ).toHaveLength(10);
    expect((await audit('lockout', user.id)).length).toBe(1);
    expect(await state(accountKey(user.id))).toMatchObject({ locks: 1, failures: 9 });
    expect((await api('198.18.1.1').post('/auth/local', { identifier: 'pavel', password: PASSWORD })).status).toBe(429);
  });

  test('an address past its 30 free failures is slowed, not locked: the owner behind it gets in after seconds', async () => {
    await registerConfirmed('lucia', 'lucia@example.test');
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const guess = await api('192.0.2.77').post('/auth/local', {
        identifier: `someone${attempt}`,
        password: 'wrong password here',
      });
      expect(guess.status).toBe(400);
    }
    const slowed = await api('192.0.2.77').post('/auth/local', { identifier: 'lucia', password: PASSWORD });
    expect(slowed.status).toBe(429);
    expect(slowed.body.error.details).toMatchObject({ reason: 'slowed', retryAfterSeconds: 1 });
    expect(slowed.headers['retry-after']).toBe('1');
    // another address is not concerned
    expect((await api('192.0.2.78').post('/auth/local', { identifier: 'lucia', password: PASSWORD })).status).toBe(200);
    // the owner, from the slowed address, gets in once its turn comes (one attempt per SIGN_IN_ADDRESS_SLOW_SECONDS)
    const deadline = Date.now() + 15_000;
    let answer = slowed;
    while (answer.status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await api('192.0.2.77').post('/auth/local', { identifier: 'lucia', password: PASSWORD });
    }
    expect(answer.status).toBe(200);
    // and the lucia account was never locked by the strangers' guesses
    expect((await audit('lockout')).filter((entry) => entry.username === 'lucia')).toEqual([]);
  });

  test('an untrusted peer cannot choose its address with X-Forwarded-For; trusted hops are skipped', () => {
    const auditService = cms.strapi.plugin('accounts').service('audit') as { clientAddress(ctx: unknown): string };
    const ctx = (peer: string, forwarded = '10.9.9.9') => ({
      req: { socket: { remoteAddress: peer } },
      get: () => forwarded,
    });
    expect(auditService.clientAddress(ctx('127.0.0.1'))).toBe('10.9.9.9');
    expect(auditService.clientAddress(ctx('203.0.113.200'))).toBe('203.0.113.200');
    expect(auditService.clientAddress(ctx('127.0.0.1', 'forged, 10.9.9.9, 127.0.0.1'))).toBe('10.9.9.9');
  });

  test('over a real socket from an untrusted 127.x address, the forwarded address is ignored', async () => {
    const server = (cms.server as import('node:http').Server).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const port = (server.address() as import('node:net').AddressInfo).port;
      const status = await new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ identifier: 'nobody-at-all', password: 'wrong password here' });
        const call = (require('node:http') as typeof import('node:http')).request(
          {
            host: '127.0.0.1',
            port,
            localAddress: '127.0.3.4',
            method: 'POST',
            path: '/api/auth/local',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.250' },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          },
        );
        call.on('error', reject);
        call.end(body);
      });
      expect(status).toBe(400);
      const entries = await audit('sign-in-failed');
      expect(entries.find((entry) => entry.identifier === 'nobody-at-all')).toMatchObject({ address: '127.0.3.4' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('passwords', () => {
  test('reset by mail: the policy applies, the link works once, old sessions end', async () => {
    const user = await registerConfirmed('amara', 'amara@example.test');
    const before = await api().post('/auth/local', { identifier: 'amara', password: PASSWORD });
    expect((await api().post('/auth/forgot-password', { email: 'nobody@example.test' })).body).toEqual({ ok: true });
    expect((await api().post('/auth/forgot-password', { email: 'AMARA@example.test' })).body).toEqual({ ok: true });
    const message = await mail.waitFor('amara@example.test', /reset/i);
    const link = message.links.find((candidate) => candidate.startsWith(`${SITE}/account/reset?code=`))!;
    const code = new URL(link).searchParams.get('code')!;

    const weak = await api().post('/auth/reset-password', {
      code,
      password: 'qwertyuiop123',
      passwordConfirmation: 'qwertyuiop123',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.fields.password).toMatch(/too common/);
    const mismatch = await api().post('/auth/reset-password', {
      code,
      password: 'a new and long passphrase',
      passwordConfirmation: 'something else',
    });
    expect(mismatch.body.error.details.fields).toEqual({ passwordConfirmation: expect.stringMatching(/do not match/) });
    const reset = await api().post('/auth/reset-password', {
      code,
      password: 'a new and long passphrase',
      passwordConfirmation: 'a new and long passphrase',
    });
    expect(reset.status).toBe(200);
    expect(
      (
        await api().post('/auth/reset-password', {
          code,
          password: 'another long passphrase',
          passwordConfirmation: 'another long passphrase',
        })
      ).body.error.details.reason,
    ).toBe('invalid_code');

    expect((await api().get('/users/me', before.body.jwt)).status).toBe(401);
    expect(
      (await api().post('/auth/local', { identifier: 'amara', password: 'a new and long passphrase' })).status,
    ).toBe(200);
    expect((await audit('password-reset-requested', user.id)).length).toBe(1);
    expect((await audit('password-reset', user.id)).length).toBe(1);
  });

  test('a reset link expires after PASSWORD_RESET_MINUTES (60) and is dead from then on; a used one is refused clearly', async () => {
    const user = await registerConfirmed('bilal', 'bilal@example.test');
    const resetMails = () =>
      mail.messages.filter((message) => message.to.includes('bilal@example.test') && /reset/i.test(message.subject));
    const codeFromMail = async () => {
      const before = resetMails().length;
      expect((await api().post('/auth/forgot-password', { email: 'bilal@example.test' })).body).toEqual({ ok: true });
      const deadline = Date.now() + 15_000;
      while (resetMails().length === before && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const message = resetMails().at(-1)!;
      return new URL(
        message.links.find((candidate) => candidate.startsWith(`${SITE}/account/reset?code=`))!,
      ).searchParams.get('code')!;
    };
    const newPassword = { password: 'a fresh long passphrase', passwordConfirmation: 'a fresh long passphrase' };
    const code = await codeFromMail();
    // 61 minutes later
    await cms.strapi.db
      .query('plugin::users-permissions.user')
      .update({ where: { id: user.id }, data: { resetPasswordIssuedAt: Date.now() - 61 * 60_000 } });
    const expired = await api().post('/auth/reset-password', { code, ...newPassword });
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({
      message: 'This reset link has expired (links work for 60 minutes): ask for a new one.',
      details: { reason: 'invalid_code' },
    });
    // even if the clock were turned back, the link is gone
    await cms.strapi.db
      .query('plugin::users-permissions.user')
      .update({ where: { id: user.id }, data: { resetPasswordIssuedAt: Date.now() } });
    expect((await api().post('/auth/reset-password', { code, ...newPassword })).body.error.message).toMatch(
      /invalid or was already used/,
    );
    expect((await api().post('/auth/local', { identifier: 'bilal', password: PASSWORD })).status).toBe(200);

    const second = await codeFromMail();
    expect(second).not.toBe(code);
    expect((await api().post('/auth/reset-password', { code: second, ...newPassword })).status).toBe(200);
    const reused = await api().post('/auth/reset-password', {
      code: second,
      password: 'yet another passphrase',
      passwordConfirmation: 'yet another passphrase',
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toMatchObject({
      message: 'This reset link is invalid or was already used: ask for a new one.',
      details: { reason: 'invalid_code' },
    });
  });

  test('change password needs the current one and meets the policy', async () => {
    await registerConfirmed('yusuf', 'yusuf@example.test');
    const { jwt } = (await api().post('/auth/local', { identifier: 'yusuf', password: PASSWORD })).body as {
      jwt: string;
    };
    const change = (body: object) =>
      request(cms.server).post('/api/auth/change-password').set('Authorization', `Bearer ${jwt}`).send(body);
    const wrongCurrent = await change({
      currentPassword: 'not my password!',
      password: 'brand new passphrase here',
      passwordConfirmation: 'brand new passphrase here',
    });
    expect(wrongCurrent.body.error.details.fields).toEqual({
      currentPassword: expect.stringMatching(/not your current password/),
    });
    const short = await change({ currentPassword: PASSWORD, password: 'short', passwordConfirmation: 'short' });
    expect(short.body.error.details.fields.password).toMatch(/at least 12/);
    const changed = await change({
      currentPassword: PASSWORD,
      password: 'brand new passphrase here',
      passwordConfirmation: 'brand new passphrase here',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ jwt: expect.any(String), refreshToken: expect.any(String) });
  });
});

describe('profile and account', () => {
  let jwt: string;
  let user: { id: number; username: string };
  const call = (method: 'get' | 'patch' | 'put' | 'post' | 'delete', path: string) =>
    request(cms.server)[method](`/api${path}`).set('Authorization', `Bearer ${jwt}`);
  beforeAll(async () => {
    user = await registerConfirmed('olu', 'olu@example.test');
    jwt = (await api('198.51.100.60').post('/auth/local', { identifier: 'olu', password: PASSWORD })).body.jwt;
  });

  test('completion starts at 0 and names the next step; each field moves it on', async () => {
    expect((await request(cms.server).get('/api/accounts/profile')).status).toBe(401);
    const empty = await call('get', '/accounts/profile');
    expect(empty.body).toMatchObject({
      username: 'olu',
      email: 'olu@example.test',
      displayName: null,
      completion: { percent: 0, next: { field: 'displayName' } },
    });
    const category = await cms.strapi
      .documents('api::category.category')
      .create({ data: { name: 'Music', slug: 'music', position: 1 } as never });
    const patched = await call('patch', '/accounts/profile').send({
      displayName: '  Olu A. ',
      bio: '<script>alert(1)</script> I like jazz',
      interests: [category.documentId],
      notifications: { replyEmail: true },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      displayName: 'Olu A.',
      bio: '<script>alert(1)</script> I like jazz',
      interests: [{ documentId: category.documentId, name: 'Music', slug: 'music' }],
      notifications: { newVideoEmail: false, replyEmail: true },
      privacy: { showInFollowers: false },
      completion: { percent: 75, next: { field: 'avatar' } },
    });
    // being shown among a creator's recent followers is a choice, off until made, and can be taken back
    expect(
      (await call('patch', '/accounts/profile').send({ privacy: { showInFollowers: true } })).body.privacy,
    ).toEqual({
      showInFollowers: true,
    });
    expect((await call('get', '/accounts/profile')).body.privacy).toEqual({ showInFollowers: true });
    expect(
      (await call('patch', '/accounts/profile').send({ privacy: { showInFollowers: false } })).body.privacy,
    ).toEqual({ showInFollowers: false });
  });

  test('bad profile input is refused on its field', async () => {
    expect((await call('patch', '/accounts/profile').send({ displayName: 'x'.repeat(51) })).body.error).toMatchObject({
      message: expect.stringMatching(/at most 50/),
      details: { fields: { displayName: expect.any(String) } },
    });
    expect(
      (await call('patch', '/accounts/profile').send({ interests: ['nosuchcategory1'] })).body.error.details.fields
        .interests,
    ).toMatch(/no longer exists/);
    expect((await call('patch', '/accounts/profile').send({ email: 'x@y.z' })).body.error.message).toMatch(
      /Unexpected field/,
    );
    const badPrivacy = await call('patch', '/accounts/profile').send({ privacy: { showInFollowers: 'yes' } });
    expect(badPrivacy.status).toBe(400);
    expect(badPrivacy.body.error.details.fields).toHaveProperty('privacy');
    expect((await call('patch', '/accounts/profile').send({ privacy: { showEmail: true } })).status).toBe(400);
  });

  test('an avatar is decoded, cropped to a 256 px square WebP; a file that is not an image is refused', async () => {
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    const uploaded = await call('put', '/accounts/profile/avatar').attach('avatar', png, {
      filename: 'me.png',
      contentType: 'image/png',
    });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.completion).toEqual({ percent: 100, next: null });
    const file = await cms.strapi.db.query('plugin::upload.file').findOne({ where: { url: uploaded.body.avatar.url } });
    expect(file).toMatchObject({ mime: 'image/webp', width: 256, height: 256 });
    const fake = await call('put', '/accounts/profile/avatar').attach(
      'avatar',
      Buffer.from('<svg onload="alert(1)"></svg>'),
      { filename: 'me.png', contentType: 'image/png' },
    );
    expect(fake.status).toBe(415);
    expect((await call('get', '/accounts/profile')).body.avatar.url).toBe(uploaded.body.avatar.url);
  });

  test('changing the email: the password, then the link mailed to the new address; the old one is told', async () => {
    expect(
      (await call('post', '/accounts/email').send({ email: 'olu.new@example.test', password: 'not my password!' })).body
        .error.details.fields.password,
    ).toMatch(/not your password/);
    expect(
      (await call('post', '/accounts/email').send({ email: 'kofi@example.test', password: PASSWORD })).body.error
        .details.fields.email,
    ).toMatch(/already uses/);
    expect(
      (await call('post', '/accounts/email').send({ email: 'nope', password: PASSWORD })).body.error.details.fields
        .email,
    ).toMatch(/email address like/);
    const asked = await call('post', '/accounts/email').send({ email: 'Olu.New@example.test', password: PASSWORD });
    expect(asked.body).toEqual({ pendingEmail: 'olu.new@example.test' });
    // nothing changes until the new address is confirmed
    expect(
      (await api('198.51.100.61').post('/auth/local', { identifier: 'olu@example.test', password: PASSWORD })).status,
    ).toBe(200);
    const message = await mail.waitFor('olu.new@example.test', /new email/i);
    const token = new URL(
      message.links.find((link) => link.startsWith(`${SITE}/account/email-confirm?token=`))!,
    ).searchParams.get('token');
    const confirmed = await request(cms.server).post('/api/accounts/email/confirm').send({ token });
    expect(confirmed.body).toEqual({ email: 'olu.new@example.test' });
    expect((await request(cms.server).post('/api/accounts/email/confirm').send({ token })).status).toBe(400);
    await mail.waitFor('olu@example.test', /was changed/);
    const signedIn = await api('198.51.100.61').post('/auth/local', {
      identifier: 'olu.new@example.test',
      password: PASSWORD,
    });
    expect(signedIn.status).toBe(200);
    jwt = signedIn.body.jwt;
    expect((await audit('email-changed', user.id)).length).toBe(1);
  });

  test('deleting the account needs the password, removes personal data, and keeps comments as "deleted user"', async () => {
    const video = await cms.strapi.documents('api::video.video').create({
      data: {
        title: 'Olu’s favourite',
        slug: 'olus-favourite',
        processingStatus: 'ready',
        visibility: 'public',
        moderationState: 'approved',
      } as never,
      status: 'published',
    });
    const comment = await call('get', '/accounts/profile').then(() =>
      request(cms.server)
        .post(`/api/community/videos/${video.documentId}/comments`)
        .set('Authorization', `Bearer ${jwt}`)
        .send({ body: 'Loved it' }),
    );
    expect(comment.body.data.author.name).toBe('Olu A.');
    expect((await call('post', '/accounts/delete-account').send({ password: 'wrong password!!' })).status).toBe(400);
    expect((await call('post', '/accounts/delete-account').send({ password: PASSWORD })).status).toBe(204);
    expect(await cms.strapi.db.query('plugin::users-permissions.user').count({ where: { id: user.id } })).toBe(0);
    expect(await cms.strapi.db.query('plugin::accounts.profile').count({ where: { user: user.id } })).toBe(0);
    const listed = await request(cms.server).get(`/api/community/videos/${video.documentId}/comments`);
    expect(listed.body.data[0]).toMatchObject({ body: 'Loved it', author: { name: 'deleted user', deleted: true } });
    expect((await call('get', '/accounts/profile')).status).toBe(401);
    expect((await audit('account-deleted', user.id)).length).toBe(1);
  });
});
