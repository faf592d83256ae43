import type { Core } from '@strapi/strapi';

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  proxy: env.bool('IS_PROXIED', false),
  // media and static files live in the repository-level public/ folder, shared with workers
  dirs: {
    public: env('PUBLIC_DIR', '../public'),
  },
  app: {
    keys: env.array('APP_KEYS'),
  },
});
