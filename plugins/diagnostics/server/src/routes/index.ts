export default {
  // prefix '' puts the probe at /api/health rather than /api/diagnostics/health
  'content-api': {
    type: 'content-api',
    prefix: '',
    routes: [
      {
        method: 'GET',
        path: '/health',
        handler: 'health.check',
        config: { auth: false, policies: [] },
      },
    ],
  },
};
