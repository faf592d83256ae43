/**
 * GET /metrics for Prometheus. Not a content-api router (those live under /api): an 'admin'-type router with an empty
 * prefix is the one Strapi mounts at the root. No user auth: the metrics-access policy decides (a token, or loopback
 * outside production).
 */
export default {
  type: 'admin',
  prefix: '',
  routes: [
    {
      method: 'GET',
      path: '/metrics',
      handler: 'metrics.expose',
      config: { auth: false, policies: ['plugin::diagnostics.metrics-access'] },
    },
  ],
};
