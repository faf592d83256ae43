import type { Core } from '@strapi/strapi';

export default ({ env }: Core.Config.Shared.ConfigParams) => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
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
  'strapi::public',
];
