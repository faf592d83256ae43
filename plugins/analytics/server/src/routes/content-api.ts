/**
 * Public: the player's beacon, at /api/analytics/events. Anonymous viewers send it (through the site, which forwards
 * the viewer's address), so it is counted per address by the CMS's one rate limiter (plugins/rate-limits:
 * ANALYTICS_RATE_LIMIT). It answers 204 and nothing else: the player never waits on it.
 */
export default {
  type: 'content-api',
  routes: [
    {
      method: 'POST',
      path: '/events',
      handler: 'ingest.record',
      config: {
        auth: false,
        middlewares: [{ name: 'plugin::rate-limits.limit', config: { bucket: 'analytics', per: 'address' } }],
      },
    },
  ],
};
