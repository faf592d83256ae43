/**
 * The sender's side: POST /api/feedback. Public on purpose: anonymous visitors may send feedback too (a broken page
 * is often found before signing in). The viewer middleware is optional (a signed-in viewer is recorded; a token that
 * is present but expired is a 401, so the site refreshes it), and FEEDBACK_RATE_LIMIT counts every send per client
 * address, signed in or not.
 */
export default {
  type: 'content-api',
  // /api/feedback, not /api/feedback/<path>
  prefix: '',
  routes: [
    {
      method: 'POST',
      path: '/feedback',
      handler: 'feedback.send',
      config: {
        auth: false,
        middlewares: [
          { name: 'plugin::accounts.viewer', config: { required: false } },
          { name: 'plugin::rate-limits.limit', config: { bucket: 'feedback', per: 'address' } },
        ],
      },
    },
  ],
};
