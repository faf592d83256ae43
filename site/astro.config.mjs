// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import { fileURLToPath } from 'node:url';
import { FOLD_FILTERS_ON_PHONES, inlineScriptHash } from './src/inline-scripts.mjs';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // standalone reads HOST/PORT again at run time; these are the build/dev defaults
  server: { host: process.env.HOST ?? '0.0.0.0', port: 4321 },
  // Viewer sessions: src/session-driver.ts picks Redis or files at run time. The cookie name is the runtime's;
  // the middleware gives the browser its final name (__Host- over https) and attributes (see lib/session/viewer-session.ts).
  session: {
    driver: { entrypoint: new URL('./src/session-driver.ts', import.meta.url) },
    cookie: { name: 'framecast-session', sameSite: 'lax' },
  },
  security: {
    checkOrigin: true,
    // Content-Security-Policy as a response header on every page: script-src and style-src carry the hashes of
    // what Astro bundles and inlines, plus the one inline script of our own. The directives that depend on run-time
    // settings (the media origins for img/media/connect-src, frame-ancestors per path) are added by the middleware
    // (src/lib/security-headers.ts).
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "frame-src 'self'",
        // hls.js may transmux in a worker it starts from a blob: URL
        "worker-src 'self' blob:",
      ],
      scriptDirective: { hashes: [inlineScriptHash(FOLD_FILTERS_ON_PHONES)] },
      // style="" attributes (bar widths, avatar sizes) are the only inline styles; <style> elements stay hashed
      styleDirective: { resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
  // Pages read the CMS at request time; prefetching every hovered link would multiply CMS load.
  prefetch: false,
  // Telemetry and the dev toolbar stay off so CI and production behave alike.
  devToolbar: { enabled: false },
  vite: {
    resolve: {
      // the shared contract's TypeScript source, bundled (and tree-shaken for the browser) rather than its CommonJS build
      alias: { '@framecast/contracts': fileURLToPath(new URL('../contracts/src/index.ts', import.meta.url)) },
    },
  },
});
