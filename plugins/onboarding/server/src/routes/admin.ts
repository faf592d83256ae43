/** The moderators' side, under /onboarding (admin JWT): `plugin::onboarding.review` lists, approves and declines. */
const review = {
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: ['plugin::onboarding.review'] } },
  ],
};

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/applications', handler: 'applications.list', config: review },
    { method: 'POST', path: '/applications/:id/approve', handler: 'applications.approve', config: review },
    { method: 'POST', path: '/applications/:id/decline', handler: 'applications.decline', config: review },
  ],
};
