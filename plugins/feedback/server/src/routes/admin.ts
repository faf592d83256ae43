/** The moderators' side, under /feedback (admin JWT): `plugin::feedback.triage` lists and triages. */
const triage = {
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: ['plugin::feedback.triage'] } },
  ],
};

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/messages', handler: 'feedback.list', config: triage },
    { method: 'PUT', path: '/messages/:id', handler: 'feedback.triage', config: triage },
  ],
};
