// The account calls of the CMS client against a real HTTP server standing in for Strapi's auth routes.
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
import {
  CmsRequestError,
  CmsUnavailableError,
  confirmEmail,
  currentAccount,
  refreshAccess,
  registerAccount,
  revokeAccess,
  signIn,
} from '../cms';
import { requestContext } from '../request-context';
import { json, useFakeCms } from './support/fake-cms';

const cms = useFakeCms({ CMS_API_TOKEN: 'site-token', CMS_TIMEOUT_MS: '500' });
const seen = cms.seen;
const strapiError = (status: number, message: string, details: Record<string, unknown>) => ({
  data: null,
  error: { status, name: 'ApplicationError', message, details },
});
const user = {
  id: 7,
  documentId: 'u7',
  username: 'ada',
  email: 'ada@example.org',
  confirmed: true,
  blocked: false,
  provider: 'local',
};

describe('account calls', () => {
  it('sign in: posts only identifier and password, forwards the viewer address, never the site’s API token', async () => {
    cms.handler = (_seen, res) => json(res, 200, { jwt: 'j1', refreshToken: 'r1', user });
    const signedIn = await requestContext.run({ requestId: 't', clientAddress: '203.0.113.9' }, () =>
      signIn({ identifier: 'ada', password: 'pw' }),
    );
    expect(signedIn).toEqual({
      jwt: 'j1',
      refreshToken: 'r1',
      user: { id: 7, documentId: 'u7', username: 'ada', email: 'ada@example.org', confirmed: true, blocked: false },
    });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: '/api/auth/local',
      body: { identifier: 'ada', password: 'pw' },
    });
    expect(seen[0]!.headers['x-forwarded-for']).toBe('203.0.113.9');
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('keeps Strapi’s error details and the Retry-After header on a refusal', async () => {
    cms.handler = (_seen, res) =>
      json(
        res,
        429,
        strapiError(429, 'Too many failed sign-ins. Try again in 10 minutes.', {
          reason: 'locked',
          retryAfterSeconds: 600,
        }),
        { 'retry-after': '600' },
      );
    const error = await signIn({ identifier: 'ada', password: 'pw' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CmsRequestError);
    expect(error).toMatchObject({
      status: 429,
      cmsMessage: 'Too many failed sign-ins. Try again in 10 minutes.',
      details: { reason: 'locked', retryAfterSeconds: 600 },
      retryAfterSeconds: 600,
    });
  });

  it('register accepts the CMS’s one answer (new or known email alike); a taken name comes back with its field', async () => {
    cms.handler = (_seen, res) => json(res, 200, { ok: true, email: 'ada@example.org', message: 'Check your mail.' });
    await expect(
      registerAccount({ username: 'ada', email: 'ada@example.org', password: 'pw' }),
    ).resolves.toBeUndefined();
    cms.handler = (_seen, res) =>
      json(
        res,
        400,
        strapiError(400, 'Username taken', { reason: 'taken', fields: { username: 'This username is taken.' } }),
      );
    await expect(registerAccount({ username: 'ada', email: 'ada@example.org', password: 'pw' })).rejects.toMatchObject({
      status: 400,
      details: { reason: 'taken' },
    });
  });

  it('a sign-in answer without a refresh token in the body is a misconfigured CMS', async () => {
    cms.handler = (_seen, res) => json(res, 200, { jwt: 'j1', user });
    await expect(signIn({ identifier: 'ada', password: 'pw' })).rejects.toBeInstanceOf(CmsUnavailableError);
  });

  it('refresh, logout and /users/me carry the right token', async () => {
    cms.handler = ({ path }, res) => {
      if (path === '/api/auth/refresh') return json(res, 200, { jwt: 'j2', refreshToken: 'r2' });
      if (path === '/api/auth/logout') return json(res, 200, { ok: true });
      return json(res, 200, user);
    };
    expect(await refreshAccess('r1')).toEqual({ jwt: 'j2', refreshToken: 'r2' });
    await revokeAccess({ jwt: 'j2', refreshToken: 'r2' });
    expect((await currentAccount('j2')).username).toBe('ada');
    expect(seen.map(({ method, path, body, headers }) => [method, path, body, headers.authorization])).toEqual([
      ['POST', '/api/auth/refresh', { refreshToken: 'r1' }, undefined],
      ['POST', '/api/auth/logout', { refreshToken: 'r2' }, 'Bearer j2'],
      ['GET', '/api/users/me', undefined, 'Bearer j2'],
    ]);
  });

  it('email confirmation: a redirect or { ok: true } is success; an invalid code is a refusal', async () => {
    cms.handler = (_seen, res) => {
      res.writeHead(302, { location: 'http://site.example/account/confirmed' });
      res.end();
    };
    await expect(confirmEmail('abc')).resolves.toBeUndefined();
    expect(seen[0]!.path).toBe('/api/auth/email-confirmation?confirmation=abc');
    cms.handler = (_seen, res) => json(res, 200, { ok: true });
    await expect(confirmEmail('abc')).resolves.toBeUndefined();
    cms.handler = (_seen, res) => json(res, 400, strapiError(400, 'Invalid token', { reason: 'invalid_code' }));
    await expect(confirmEmail('bad')).rejects.toMatchObject({ status: 400, details: { reason: 'invalid_code' } });
  });

  it('a CMS without the routes (404), failing (5xx) or silent is unavailable', async () => {
    cms.handler = (_seen, res) => json(res, 404, strapiError(404, 'Not Found', {}));
    await expect(signIn({ identifier: 'a', password: 'b' })).rejects.toMatchObject({
      name: 'CmsUnavailableError',
      status: 404,
    });
    cms.handler = (_seen, res) => json(res, 500, strapiError(500, 'Internal', {}));
    await expect(refreshAccess('r')).rejects.toMatchObject({ name: 'CmsUnavailableError', reason: 'server-error' });
    cms.handler = () => undefined;
    await expect(refreshAccess('r')).rejects.toMatchObject({ name: 'CmsUnavailableError', reason: 'timeout' });
  });
});
