// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // standalone reads HOST/PORT again at run time; these are the build/dev defaults
  server: { host: process.env.HOST ?? '0.0.0.0', port: 4321 },
  // Accounts will bring sessions back (file or Redis); until then keep the session runtime out of the bundle.
  session: false,
  security: { checkOrigin: true },
  // Pages read the CMS at request time; prefetching every hovered link would multiply CMS load.
  prefetch: false,
  // Telemetry and the dev toolbar stay off so CI and production behave alike.
  devToolbar: { enabled: false },
});
