/** The admin side, under /onboarding (admin JWT): `plugin::onboarding.review` lists, approves and declines applications. */
const review = {
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: ['plugin::onboarding.review'] } },
  ],
};

/** A creator's own first steps (the admin home page's checklist): `plugin::onboarding.checklist`, the Creator role. */
const checklist = {
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: ['plugin::onboarding.checklist'] } },
  ],
};

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/checklist', handler: 'checklist.mine', config: checklist },
    // the help center's address, for the help icons on the upload, queue, analytics and review pages: any admin user
    { method: 'GET', path: '/help', handler: 'help.links', config: { policies: ['admin::isAuthenticatedAdmin'] } },
    { method: 'GET', path: '/applications', handler: 'applications.list', config: review },
    { method: 'POST', path: '/applications/:id/approve', handler: 'applications.approve', config: review },
    { method: 'POST', path: '/applications/:id/decline', handler: 'applications.decline', config: review },
  ],
};
