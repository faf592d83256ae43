/** The applicant's side, under /api/onboarding: a signed-in viewer reads and sends their application. */
const viewer = { name: 'plugin::accounts.viewer', config: { required: true } };

export default {
  type: 'content-api',
  prefix: '/onboarding',
  routes: [
    {
      method: 'GET',
      path: '/application',
      handler: 'applications.mine',
      config: { auth: false, middlewares: [viewer] },
    },
    {
      method: 'POST',
      path: '/application',
      handler: 'applications.apply',
      // REPORT_RATE_LIMIT: applying is as rare as reporting, and as tempting to repeat for spam
      config: {
        auth: false,
        middlewares: [viewer, { name: 'plugin::rate-limits.limit', config: { bucket: 'reports', per: 'viewer' } }],
      },
    },
  ],
};
