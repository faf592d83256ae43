// The log settings, the request id rule and the fields never written, as every Framecast process applies them.
import pino from 'pino';
import {
  acceptRequestId,
  loggablePath,
  logSettingsFrom,
  pinoOptions,
  prettyLogLine,
  requestIdOfContext,
} from '../logging';

describe('log settings', () => {
  it('writes JSON in production and readable lines elsewhere, at info, unless told otherwise', () => {
    expect(logSettingsFrom({ NODE_ENV: 'production' })).toEqual({ level: 'info', format: 'json' });
    expect(logSettingsFrom({ NODE_ENV: 'development' })).toEqual({ level: 'info', format: 'pretty' });
    expect(logSettingsFrom({ NODE_ENV: 'development', LOG_FORMAT: 'json', LOG_LEVEL: 'DEBUG' })).toEqual({
      level: 'debug',
      format: 'json',
    });
    expect(logSettingsFrom({ NODE_ENV: 'production', LOG_FORMAT: 'pretty', LOG_LEVEL: 'warn' })).toEqual({
      level: 'warn',
      format: 'pretty',
    });
  });

  it('refuses a level or format it does not know, naming the variable', () => {
    expect(() => logSettingsFrom({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of trace, debug.*"loud"/);
    expect(() => logSettingsFrom({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty \(got "xml"\)/);
  });
});

describe('request ids', () => {
  it('keeps what proxies and tracers send, and replaces anything that could break a line or a header', () => {
    for (const sane of ['9f1c2d3e-aaaa-4bbb-8ccc-0123456789ab', 'lb.1:span-2_x', 'a'.repeat(128)])
      expect(acceptRequestId(sane)).toBe(sane);
    for (const insane of ['', 'a b', 'a'.repeat(129), 'x\ny', '<script>', 'ü', null, undefined])
      expect(acceptRequestId(insane)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads the id a Koa context carries, only when it is sane', () => {
    expect(requestIdOfContext({ state: { requestId: 'r-1' } })).toBe('r-1');
    expect(requestIdOfContext({ state: { requestId: 'bad id' } })).toBeUndefined();
    expect(requestIdOfContext(undefined)).toBeUndefined();
  });
});

describe('what a line may show', () => {
  it('shows paths without their query string or media signature', () => {
    expect(loggablePath('/api/auth/email-confirmation?confirmation=abc')).toBe('/api/auth/email-confirmation');
    expect(loggablePath('/media/s/1999999999.sig_nature-x/videos/v/1/master.m3u8?x=1')).toBe(
      '/media/s/[redacted]/videos/v/1/master.m3u8',
    );
    expect(loggablePath('/media/videos/v/1/master.m3u8')).toBe('/media/videos/v/1/master.m3u8');
  });

  it('redacts secret fields at the top level and one level down', () => {
    const lines: string[] = [];
    const logger = pino(pinoOptions('test', { level: 'info', format: 'json' }), { write: (line) => lines.push(line) });
    logger.info(
      {
        password: 'p1',
        currentPassword: 'p2',
        token: 't1',
        jwt: 'j1',
        refreshToken: 'r1',
        authorization: 'Bearer a1',
        cookie: 'c1',
        body: { password: 'p3', newPassword: 'p4' },
        headers: { authorization: 'Bearer a2', cookie: 'c2', 'set-cookie': 's1' },
        kept: 'visible',
      },
      'secrets',
    );
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(lines[0]).not.toMatch(/"(p\d|t1|j1|r1|Bearer a\d|c\d|s1)"/);
    expect(line).toMatchObject({ name: 'test', msg: 'secrets', kept: 'visible', password: '[redacted]' });
    expect(line.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', 'set-cookie': '[redacted]' });
  });

  it('prints a readable line with the message, the fields and the request id', () => {
    const time = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    expect(
      prettyLogLine(
        JSON.stringify({
          level: 40,
          time,
          pid: 1,
          hostname: 'h',
          name: 'cms',
          reqId: 'r-9',
          msg: 'media access',
          granted: false,
        }),
      ),
    ).toBe('03:04:05.678 WARN  cms media access granted=false [r-9]\n');
    expect(prettyLogLine('not json')).toBe('not json\n');
  });
});
