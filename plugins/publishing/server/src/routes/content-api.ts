/**
 * Premieres for viewers and the site, under /api/publishing. Reads are public (an announced premiere is public by its
 * creator's choice) and personalise for a signed-in viewer (`reminded`); reminders need one and count against the
 * viewer's FOLLOW_RATE_LIMIT (asking to be reminded is a kind of follow).
 */
const open = { auth: false as const, middlewares: [{ name: 'plugin::accounts.viewer', config: { required: false } }] };
const signedIn = {
  auth: false as const,
  middlewares: [{ name: 'plugin::accounts.viewer', config: { required: true } }],
};
const limitedWrite = {
  auth: false as const,
  middlewares: [
    { name: 'plugin::accounts.viewer', config: { required: true } },
    { name: 'plugin::rate-limits.limit', config: { bucket: 'follows', per: 'viewer' } },
  ],
};

export default {
  type: 'content-api',
  prefix: '/publishing',
  routes: [
    { method: 'GET', path: '/premieres', handler: 'premieres.ofChannel', config: open },
    { method: 'GET', path: '/premieres/following', handler: 'premieres.following', config: signedIn },
    { method: 'GET', path: '/premieres/:slug', handler: 'premieres.one', config: open },
    { method: 'PUT', path: '/premieres/:slug/reminder', handler: 'premieres.remind', config: limitedWrite },
    { method: 'DELETE', path: '/premieres/:slug/reminder', handler: 'premieres.forget', config: limitedWrite },
  ],
};
