/**
 * Public: content-api routes at /api/..., without the plugin's own prefix. Search, suggestions, related videos and
 * view beacons are public because anonymous visitors use them (each counted per client address by the CMS's one rate
 * limiter, plugins/rate-limits: SEARCH_RATE_LIMIT, VIEW_RATE_LIMIT); "for you" needs a signed-in viewer.
 */
const limited = (bucket: 'search' | 'views') => ({
  name: 'plugin::rate-limits.limit',
  config: { bucket, per: 'address' },
});

export default {
  type: 'content-api',
  prefix: '',
  routes: [
    {
      method: 'GET',
      path: '/search',
      handler: 'search.search',
      config: { auth: false, middlewares: [limited('search')] },
    },
    {
      method: 'GET',
      path: '/search/suggest',
      handler: 'search.suggest',
      config: { auth: false, middlewares: [limited('search')] },
    },
    {
      method: 'GET',
      path: '/discovery/related/:documentId',
      handler: 'related.find',
      config: { auth: false, middlewares: [limited('search')] },
    },
    // "You might like": for the signed-in viewer only (the accounts plugin resolves who that is)
    {
      method: 'GET',
      path: '/discovery/for-you',
      handler: 'recommendations.forViewer',
      config: { auth: false, middlewares: [{ name: 'plugin::accounts.viewer', config: { required: true } }] },
    },
    {
      method: 'POST',
      path: '/discovery/views',
      handler: 'views.record',
      config: { auth: false, middlewares: [limited('views')] },
    },
  ],
};
