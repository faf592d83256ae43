// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // standalone reads HOST/PORT again at run time; these are the build/dev defaults
  server: { host: process.env.HOST ?? '0.0.0.0', port: 4321 },
  // Viewer sessions: src/session-driver.ts picks Redis or files at run time. The cookie name is the runtime's;
  // the middleware gives the browser its final name (__Host- over https) and attributes (see lib/viewer-session.ts).
  session: {
    driver: { entrypoint: new URL('./src/session-driver.ts', import.meta.url) },
    cookie: { name: 'framecast-session', sameSite: 'lax' },
  },
  security: { checkOrigin: true },
  // Pages read the CMS at request time; prefetching every hovered link would multiply CMS load.
  prefetch: false,
  // Telemetry and the dev toolbar stay off so CI and production behave alike.
  devToolbar: { enabled: false },
});
