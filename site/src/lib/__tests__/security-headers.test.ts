import { ConfigError } from '../config';
import {
  applySecurityHeaders,
  PERMISSIONS_POLICY,
  readSecurityHeaderSettings,
  type SecurityHeaderSettings,
} from '../security-headers';

const ASTRO_PAGE_POLICY =
  "default-src 'self'; object-src 'none'; script-src 'self' 'sha256-abc='; style-src 'self' 'sha256-def='; style-src-attr 'unsafe-inline';";
const base: SecurityHeaderSettings = {
  mediaOrigins: ['http://cms.test:1337'],
  hstsMaxAge: 31_536_000,
  production: false,
  publicHttps: false,
};

function headersFor(path: string, { astro = true, settings = base, protocol = 'http:' } = {}): Headers {
  const headers = new Headers(astro ? { 'content-security-policy': ASTRO_PAGE_POLICY } : {});
  applySecurityHeaders(headers, new URL(`${protocol}//site.test${path}`), settings);
  return headers;
}

const directive = (policy: string | null, name: string) =>
  (policy ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.split(/\s+/)[0] === name);

describe('security headers', () => {
  it('keeps Astro’s hashed script and style sources and adds the media origins', () => {
    const policy = headersFor('/watch/x').get('content-security-policy');
    expect(policy).toContain("script-src 'self' 'sha256-abc='");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(directive(policy, 'img-src')).toEqual(["img-src 'self' data: blob: http://cms.test:1337"]);
    expect(directive(policy, 'media-src')).toEqual(["media-src 'self' blob: http://cms.test:1337"]);
    expect(directive(policy, 'connect-src')).toEqual(["connect-src 'self' http://cms.test:1337"]);
    expect(policy).not.toMatch(/(connect|img|media)-src[^;]*\shttps?:(\s|;|$)/);
  });

  it.each(['/', '/watch/x', '/account/sign-in', '/search', '/embed', '/embedded/x', '/x/embed/y'])(
    'forbids framing %s',
    (path) => {
      const headers = headersFor(path);
      expect(directive(headers.get('content-security-policy'), 'frame-ancestors')).toEqual(["frame-ancestors 'none'"]);
      expect(headers.get('x-frame-options')).toBe('DENY');
    },
  );

  it('lets other sites frame the embeddable player only', () => {
    const headers = headersFor('/embed/some-video');
    expect(directive(headers.get('content-security-policy'), 'frame-ancestors')).toEqual(['frame-ancestors *']);
    expect(headers.has('x-frame-options')).toBe(false);
  });

  it('gives responses that are not pages a policy that allows nothing, framing included', () => {
    const policy = headersFor('/api/views', { astro: false }).get('content-security-policy');
    expect(policy).toContain("default-src 'none'");
    expect(directive(policy, 'frame-ancestors')).toEqual(["frame-ancestors 'none'"]);
  });

  it('adds its directives once, even when a rewritten request passes twice', () => {
    const headers = headersFor('/watch/x');
    applySecurityHeaders(headers, new URL('http://site.test/watch/x'), base);
    expect(directive(headers.get('content-security-policy'), 'frame-ancestors')).toHaveLength(1);
  });

  it('turns off powerful features but keeps fullscreen and picture-in-picture for the player', () => {
    const policy = headersFor('/embed/x').get('permissions-policy');
    expect(policy).toBe(PERMISSIONS_POLICY);
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
      expect(policy).toContain(`${feature}=()`);
    expect(policy).toContain('fullscreen=(self)');
    expect(policy).toContain('picture-in-picture=(self)');
  });

  it('sets nosniff and a referrer policy, keeping a stricter one a page chose', () => {
    expect(headersFor('/').get('x-content-type-options')).toBe('nosniff');
    expect(headersFor('/').get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const strict = new Headers({ 'referrer-policy': 'no-referrer' });
    applySecurityHeaders(strict, new URL('http://site.test/account/reset'), base);
    expect(strict.get('referrer-policy')).toBe('no-referrer');
  });

  it('sends HSTS in production over https only', () => {
    expect(headersFor('/', { protocol: 'https:' }).has('strict-transport-security')).toBe(false);
    expect(headersFor('/', { settings: { ...base, production: true } }).has('strict-transport-security')).toBe(false);
    expect(
      headersFor('/', { settings: { ...base, production: true }, protocol: 'https:' }).get('strict-transport-security'),
    ).toBe('max-age=31536000; includeSubDomains');
    // behind a TLS-terminating proxy the request is http, the public URL https
    expect(
      headersFor('/', { settings: { ...base, production: true, publicHttps: true } }).has('strict-transport-security'),
    ).toBe(true);
    expect(
      headersFor('/', { settings: { ...base, production: true, hstsMaxAge: 0 }, protocol: 'https:' }).has(
        'strict-transport-security',
      ),
    ).toBe(false);
  });
});

describe('readSecurityHeaderSettings', () => {
  it('collects the media origins of the CMS, the CDN, S3 and MEDIA_ORIGINS, without paths or duplicates', () => {
    const settings = readSecurityHeaderSettings(
      {
        NODE_ENV: 'production',
        CDN_URL: 'https://cdn.example.com/media',
        S3_PUBLIC_URL: 'https://s3.example.com/bucket',
        MEDIA_ORIGINS: 'https://img.example.net, http://cms.test:1337/x',
        PUBLIC_SITE_URL: 'https://videos.example.org',
      },
      'http://cms.test:1337',
    );
    expect(settings).toEqual({
      mediaOrigins: [
        'http://cms.test:1337',
        'https://cdn.example.com',
        'https://s3.example.com',
        'https://img.example.net',
      ],
      hstsMaxAge: 31_536_000,
      production: true,
      publicHttps: true,
    });
  });

  it.each([
    [{ MEDIA_ORIGINS: 'javascript:alert(1)' }],
    [{ MEDIA_ORIGINS: 'not a url' }],
    [{ CDN_URL: 'ftp://cdn.example.com' }],
    [{ HSTS_MAX_AGE: '-1' }],
    [{ HSTS_MAX_AGE: 'a year' }],
  ])('refuses a bad setting %j', (env) => {
    expect(() => readSecurityHeaderSettings(env as NodeJS.ProcessEnv, 'http://cms.test:1337')).toThrow(ConfigError);
  });
});
