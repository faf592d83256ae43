/**
 * The admin's Diagnostics page, under /diagnostics (admin JWT): `plugin::diagnostics.read` lists the checks and the
 * last runs, `plugin::diagnostics.run` runs all or some of them.
 */
const allowed = (action: 'read' | 'run') => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: [`plugin::diagnostics.${action}`] } },
  ],
});

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/checks', handler: 'runs.checks', config: allowed('read') },
    { method: 'GET', path: '/runs', handler: 'runs.history', config: allowed('read') },
    { method: 'POST', path: '/runs', handler: 'runs.run', config: allowed('run') },
  ],
};
