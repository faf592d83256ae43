// The security headers every response of the site carries (set by the middleware). Astro writes the page's
// Content-Security-Policy (script and style hashes, the fixed directives in astro.config.mjs); this adds what
// depends on run-time settings: the media origins, who may frame the page, HSTS.

import { ConfigError, getConfig } from './config';

/** Pages other sites may put in an iframe (the embeddable player). */
const EMBEDDABLE = /^\/embed\//;

/** Powerful features the site never uses are off for it and anything it frames; the player may go fullscreen and PiP. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
  'fullscreen=(self)',
  'picture-in-picture=(self)',
].join(', ');

/** What a response that is not an Astro page (JSON, redirects, plain text) may do: nothing. */
const NON_PAGE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'";

export interface SecurityHeaderSettings {
  /** Origins media come from (posters, avatars, HLS playlists and segments, storyboards): CMS, CDN, S3. */
  mediaOrigins: string[];
  /** Strict-Transport-Security max-age in seconds; 0 sends none. Only in production, only over https. */
  hstsMaxAge: number;
  production: boolean;
  /** The site's public URL is https (it may sit behind a TLS-terminating proxy that talks http to it). */
  publicHttps: boolean;
}

function originOf(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`${name} must list absolute http(s) URLs, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`${name} must use http or https, got "${raw}"`);
  return url.origin;
}

/** Reads the settings from the environment (PUBLIC_CMS_URL, CDN_URL, S3_PUBLIC_URL, MEDIA_ORIGINS, HSTS_MAX_AGE). */
export function readSecurityHeaderSettings(
  env: NodeJS.ProcessEnv = process.env,
  publicCmsUrl = getConfig().publicCmsUrl,
): SecurityHeaderSettings {
  const origins = new Set<string>([originOf('PUBLIC_CMS_URL', publicCmsUrl)]);
  for (const name of ['CDN_URL', 'S3_PUBLIC_URL'] as const) {
    const value = env[name]?.trim();
    if (value) origins.add(originOf(name, value));
  }
  for (const value of (env.MEDIA_ORIGINS ?? '').split(','))
    if (value.trim()) origins.add(originOf('MEDIA_ORIGINS', value));

  const rawMaxAge = env.HSTS_MAX_AGE?.trim();
  const hstsMaxAge = rawMaxAge ? Number(rawMaxAge) : 31_536_000;
  if (!Number.isInteger(hstsMaxAge) || hstsMaxAge < 0 || hstsMaxAge > 63_072_000) {
    throw new ConfigError(`HSTS_MAX_AGE must be a number of seconds between 0 and 63072000, got "${rawMaxAge}"`);
  }
  const siteUrl = (env.PUBLIC_SITE_URL || env.SITE_URL || '').trim().toLowerCase();
  return {
    mediaOrigins: [...origins],
    hstsMaxAge,
    production: env.NODE_ENV === 'production',
    publicHttps: siteUrl.startsWith('https://'),
  };
}

let cached: SecurityHeaderSettings | undefined;
function settings(): SecurityHeaderSettings {
  cached ??= readSecurityHeaderSettings();
  return cached;
}

/** The run-time part of a page's policy: where media may come from and who may frame it. */
export function pagePolicyAdditions(path: string, mediaOrigins: string[]): string {
  const media = mediaOrigins.join(' ');
  return [
    `img-src 'self' data: blob: ${media}`,
    // hls.js plays through MediaSource (blob:); native HLS loads the playlist itself
    `media-src 'self' blob: ${media}`,
    // hls.js fetches playlists and segments, Plyr the storyboard's WebVTT
    `connect-src 'self' ${media}`,
    `frame-ancestors ${EMBEDDABLE.test(path) ? '*' : "'none'"}`,
  ].join('; ');
}

/** Sets the security headers on `headers` for a response to `url` (mutates; headers must be mutable). */
export function applySecurityHeaders(headers: Headers, url: URL, config: SecurityHeaderSettings = settings()): void {
  const embeddable = EMBEDDABLE.test(url.pathname);
  const astroPolicy = headers.get('content-security-policy')?.trim();
  // once per response (a rewritten request passes the middleware twice): a repeated directive is ignored, with a warning
  if (!astroPolicy?.includes('frame-ancestors')) {
    headers.set(
      'Content-Security-Policy',
      astroPolicy
        ? `${astroPolicy.replace(/;?\s*$/, ';')} ${pagePolicyAdditions(url.pathname, config.mediaOrigins)}`
        : `${NON_PAGE_POLICY}; frame-ancestors ${embeddable ? '*' : "'none'"}`,
    );
  }
  // the legacy header for browsers without frame-ancestors; embeds get none (ALLOWALL is not a value)
  if (embeddable) headers.delete('X-Frame-Options');
  else headers.set('X-Frame-Options', 'DENY');
  headers.set('Permissions-Policy', PERMISSIONS_POLICY);
  headers.set('X-Content-Type-Options', 'nosniff');
  // a page whose URL holds a secret (a reset code) sets a stricter policy of its own
  if (!headers.has('Referrer-Policy')) headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  if (config.production && config.hstsMaxAge > 0 && (url.protocol === 'https:' || config.publicHttps)) {
    headers.set('Strict-Transport-Security', `max-age=${config.hstsMaxAge}; includeSubDomains`);
  }
}

/** For tests: read the environment again. */
export function resetSecurityHeadersForTests(): void {
  cached = undefined;
}
