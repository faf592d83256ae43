export default {
  type: 'content-api',
  // prefix '' puts the probes at /api/health rather than /api/diagnostics/health
  prefix: '',
  routes: [
    {
      method: 'GET',
      path: '/health',
      handler: 'health.check',
      // public: load balancers and uptime checks probe it without credentials; it names no secret
      config: { auth: false, policies: [] },
    },
    {
      method: 'GET',
      path: '/health/ready',
      handler: 'health.ready',
      // public for the same reason; it answers each part's status, never a detail or a fix
      config: { auth: false, policies: [] },
    },
  ],
};
