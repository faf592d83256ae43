import { defineMiddleware } from 'astro:middleware';
import { listCategories } from './lib/cms';
import { log } from './lib/log';
import { CACHE_NONE } from './lib/page';
import { requestContext, requestIdFrom } from './lib/request-context';

// endpoints render no header, so they need no navigation
const NO_NAVIGATION = /^\/(health|oembed|api\/|_astro|_image|favicon)/;

export const onRequest = defineMiddleware((context, next) => {
  const requestId = requestIdFrom(context.request.headers);
  let clientAddress: string | undefined;
  try {
    clientAddress = context.clientAddress;
  } catch {
    // not known for this request (the adapter could not tell)
  }
  return requestContext.run({ requestId, clientAddress }, async () => {
    const started = performance.now();
    if (!NO_NAVIGATION.test(context.url.pathname)) {
      // Fetched in parallel with the page's own data; Base.astro awaits it (and tolerates failure).
      const categories = listCategories();
      categories.catch(() => undefined);
      context.locals.navCategories = categories;
    }

    const response = await next();

    try {
      response.headers.set('X-Request-Id', requestId);
      response.headers.set('X-Content-Type-Options', 'nosniff');
      response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
      // Error responses must never be cached by a CDN or the browser, whatever the page set.
      if (response.status >= 400) response.headers.set('Cache-Control', CACHE_NONE);
    } catch {
      // Responses built with immutable headers (Response.redirect) are returned as they are.
    }
    log.info('request', {
      method: context.request.method,
      path: context.url.pathname,
      status: response.status,
      durationMs: Math.round(performance.now() - started),
    });
    return response;
  });
});
