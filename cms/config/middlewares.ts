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

export default ({ env }: Core.Config.Shared.ConfigParams) => [
  'strapi::logger',
  'strapi::errors',
  {
    name: 'strapi::security',
    config: {
      contentSecurityPolicy: {
        useDefaults: true,
        // Strapi's defaults, plus the bucket's origin for images and media
        directives: {
          'connect-src': ["'self'", 'https:'],
          'img-src': ["'self'", 'data:', 'blob:', 'https://market-assets.strapi.io', ...mediaLibraryOrigins(env)],
          'media-src': ["'self'", 'data:', 'blob:', ...mediaLibraryOrigins(env)],
          upgradeInsecureRequests: null,
        },
      },
    },
  },
  'strapi::cors',
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
