// The site's side of the request id and its log lines: the id the site answers is the one it forwards on its CMS
// calls (catalog reads, account calls, beacons), and its lines are pino JSON with the id, secrets redacted.
import { getVideo, signIn } from '../cms';
import { postNoContent } from '../cms/client';
import { log, resetLogForTests } from '../log';
import { requestContext, requestIdFrom } from '../request-context';
import { json, useFakeCms } from './support/fake-cms';

const cms = useFakeCms({ CMS_TIMEOUT_MS: '500', CMS_CACHE_TTL_MS: '0' });
const user = { id: 7, documentId: 'u7', username: 'ada', email: 'ada@example.org', confirmed: true, blocked: false };

describe('request ids', () => {
  it('keeps a sane X-Request-Id from the caller and replaces anything else', () => {
    expect(requestIdFrom(new Headers({ 'x-request-id': 'lb-4f2a.9:z_y-x' }))).toBe('lb-4f2a.9:z_y-x');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const insane of ['two words', 'x'.repeat(129), '<img>', '"q"'])
      expect(requestIdFrom(new Headers({ 'x-request-id': insane }))).toMatch(uuid);
    expect(requestIdFrom(new Headers())).toMatch(uuid);
  });

  it('forwards the request id and the viewer’s address on every kind of CMS call', async () => {
    cms.handler = (request, res) => {
      if (request.pathname === '/api/auth/local') return json(res, 200, { jwt: 'j', refreshToken: 'r', user });
      if (request.method === 'POST') return json(res, 204, {});
      return json(res, 200, { data: { id: 1, documentId: 'v1', title: 'T', slug: 'a-video' } });
    };
    await requestContext.run({ requestId: 'site-req-9', clientAddress: '203.0.113.7' }, async () => {
      await getVideo('a-video');
      await signIn({ identifier: 'ada', password: 'a password' });
      await postNoContent('/analytics/events', { events: [] });
    });
    expect(cms.seen.map((request) => request.pathname)).toEqual([
      '/api/videos/slug/a-video',
      '/api/auth/local',
      '/api/analytics/events',
    ]);
    for (const request of cms.seen) {
      expect(request.headers['x-request-id']).toBe('site-req-9');
      expect(request.headers['x-forwarded-for']).toBe('203.0.113.7');
    }
  });

  it('sends no request id outside a request (no id is made up for background calls)', async () => {
    cms.handler = (_request, res) => json(res, 200, { data: { id: 1, documentId: 'v1', title: 'T', slug: 'b' } });
    await getVideo('b');
    expect(cms.seen[0]!.headers['x-request-id']).toBeUndefined();
  });
});

describe('log lines', () => {
  const written: string[] = [];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    written.length = 0;
    process.env.LOG_FORMAT = 'json';
    process.env.LOG_LEVEL = 'info';
    resetLogForTests();
    spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => {
      written.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    }) as typeof process.stdout.write);
  });
  afterEach(() => {
    spy.mockRestore();
    delete process.env.LOG_FORMAT;
    delete process.env.LOG_LEVEL;
    resetLogForTests();
  });

  it('writes one JSON object per line with level, time, msg, the service and the request id', () => {
    requestContext.run({ requestId: 'site-req-10' }, () => log.info('request', { path: '/watch/a', status: 200 }));
    log.warn('outside a request');
    expect(written).toHaveLength(2);
    const [inside, outside] = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ level: 30, msg: 'request', name: 'site', reqId: 'site-req-10', status: 200 });
    expect(typeof inside!.time).toBe('number');
    expect(outside).toMatchObject({ level: 40, msg: 'outside a request' });
    expect(outside).not.toHaveProperty('reqId');
  });

  it('honours LOG_LEVEL and redacts passwords, tokens, cookies and Authorization by name', () => {
    log.debug('not at info');
    log.info('careless', {
      password: 'pw-secret-1',
      authorization: 'Bearer tok-secret-2',
      headers: { cookie: 'sid=cookie-secret-3', authorization: 'Bearer tok-secret-4' },
      refreshToken: 'refresh-secret-5',
    });
    expect(written).toHaveLength(1);
    expect(written[0]).not.toMatch(/secret-\d/);
    expect(JSON.parse(written[0]!)).toMatchObject({
      password: '[redacted]',
      authorization: '[redacted]',
      headers: { cookie: '[redacted]', authorization: '[redacted]' },
      refreshToken: '[redacted]',
    });
  });

  it('writes readable lines when LOG_FORMAT is pretty', () => {
    process.env.LOG_FORMAT = 'pretty';
    resetLogForTests();
    requestContext.run({ requestId: 'site-req-11' }, () => log.info('cms unavailable', { reason: 'timeout' }));
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO +site cms unavailable reason=timeout \[site-req-11\]$/);
  });
});
