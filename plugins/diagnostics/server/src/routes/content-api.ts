export default {
  type: 'content-api',
  // prefix '' puts the probe at /api/health rather than /api/diagnostics/health
  prefix: '',
  routes: [
    {
      method: 'GET',
      path: '/health',
      handler: 'health.check',
      // public: load balancers and uptime checks probe it without credentials; it names no secret
      config: { auth: false, policies: [] },
    },
  ],
};
