// per client address, by the CMS's one rate limiter (plugins/rate-limits; SEARCH_RATE_LIMIT, VIEW_RATE_LIMIT)
const limited = (bucket: 'search' | 'views') => ({ name: 'plugin::rate-limits.limit', config: { bucket, per: 'address' } });

export default {
  // `npm run reindex` against a running CMS (POST /discovery/reindex): admin-type routes sit outside /api
  admin: {
    type: 'admin',
    routes: [{ method: 'POST', path: '/reindex', handler: 'reindex.run', config: { auth: false, policies: ['plugin::discovery.has-reindex-token'] } }],
  },
  // public: content-api routes at /api/..., without the plugin's own prefix
  'content-api': {
    type: 'content-api',
    prefix: '',
    routes: [
      { method: 'GET', path: '/search', handler: 'search.search', config: { auth: false, middlewares: [limited('search')] } },
      { method: 'GET', path: '/search/suggest', handler: 'search.suggest', config: { auth: false, middlewares: [limited('search')] } },
      { method: 'GET', path: '/discovery/related/:documentId', handler: 'related.find', config: { auth: false, middlewares: [limited('search')] } },
      // "You might like": for the signed-in viewer only (the accounts plugin resolves who that is)
      { method: 'GET', path: '/discovery/for-you', handler: 'recommendations.forViewer', config: { auth: false, middlewares: [{ name: 'plugin::accounts.viewer', config: { required: true } }] } },
      { method: 'POST', path: '/discovery/views', handler: 'views.record', config: { auth: false, middlewares: [limited('views')] } },
    ],
  },
};
