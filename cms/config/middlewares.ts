import type { Core } from '@strapi/strapi';

type Env = Core.Config.Shared.ConfigParams['env'];

/** Where the admin panel loads media-library files from when they live in the S3 bucket (see config/plugins.ts). */
function mediaLibraryOrigins(env: Env): string[] {
  if (env('STORAGE_DRIVER', 'local') !== 's3') return [];
  for (const name of ['S3_PUBLIC_URL', 'S3_ENDPOINT']) {
    const url = env(name, '');
    if (!url) continue;
    if (!URL.canParse(url)) throw new Error(`${name} must be an absolute URL (got "${url}")`);
    return [new URL(url).origin];
  }
  const bucket = env('S3_BUCKET', '');
  return [`https://${bucket}.s3.${env('S3_REGION', 'us-east-1')}.amazonaws.com`, `https://${bucket}.s3.amazonaws.com`];
}

/** The media gateway's origin when CDN_URL puts it on another host: the admin's video preview (hls.js) fetches from it. */
function mediaGatewayOrigins(env: Env): string[] {
  const url = env('CDN_URL', '');
  if (!url) return [];
  if (!URL.canParse(url)) throw new Error(`CDN_URL must be an absolute URL (got "${url}")`);
  return [new URL(url).origin];
}

/**
 * Origins whose pages may call the CMS with credentials: CORS_ORIGINS (comma-separated), else the CMS's own
 * PUBLIC_URL (the admin) and the site (SITE_URL, else PUBLIC_SITE_URL, else http://localhost:4321). Any other
 * origin gets no Access-Control-Allow-Origin. Media (/uploads, /media) answers `*` without credentials on its own.
 */
function corsOrigins(env: Env): string[] {
  const configured = env('CORS_ORIGINS', '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const fallback = [
    env('PUBLIC_URL', '') || `http://localhost:${env('PORT', '1337')}`,
    env('SITE_URL', '') || env('PUBLIC_SITE_URL', '') || 'http://localhost:4321',
  ];
  const origins = (configured.length ? configured : fallback).map((entry) => {
    if (entry === '*' || !URL.canParse(entry) || !/^https?:$/.test(new URL(entry).protocol)) {
      throw new Error(
        `CORS_ORIGINS must list absolute http(s) origins such as https://videos.example.org, not "*" (got "${entry}")`,
      );
    }
    return new URL(entry).origin;
  });
  return [...new Set(origins)];
}

export default ({ env }: Core.Config.Shared.ConfigParams) => [
  // first: names the request (X-Request-Id) for every log line below, and writes the request's line (no query string)
  'global::request-log',
  // it times everything below, and sees the status `strapi::errors` answers a thrown error with
  'plugin::diagnostics.request-metrics',
  'strapi::errors',
  {
    name: 'strapi::security',
    config: {
      contentSecurityPolicy: {
        useDefaults: true,
        // Strapi's defaults, plus the bucket's origin for images and media. No `connect-src https:`: a script on the
        // admin's origin may only talk to the CMS itself and the media origins it really reads (video previews, downloads)
        directives: {
          // one string, not a list: Strapi merges a list with its default (`'self' https:`) item by item
          'connect-src': ["'self'", ...mediaGatewayOrigins(env), ...mediaLibraryOrigins(env)].join(' '),
          'img-src': [
            "'self'",
            'data:',
            'blob:',
            'https://market-assets.strapi.io',
            ...mediaGatewayOrigins(env),
            ...mediaLibraryOrigins(env),
          ],
          'media-src': ["'self'", 'data:', 'blob:', ...mediaGatewayOrigins(env), ...mediaLibraryOrigins(env)],
          upgradeInsecureRequests: null,
        },
      },
    },
  },
  { name: 'strapi::cors', config: { origin: corsOrigins(env), credentials: true } },
  'strapi::poweredBy',
  {
    name: 'global::public-response-cache',
    config: { ttlMs: env.int('PUBLIC_CACHE_TTL_MS', 5000), maxEntries: env.int('PUBLIC_CACHE_MAX_ENTRIES', 500) },
  },
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  // video sources in the local media library are never served as static files
  'plugin::transcoding.protect-sources',
  'strapi::public',
];
