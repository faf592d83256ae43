/**
 * The admin panel's routes, served under /analytics (admin JWT). `plugin::analytics.read` opens them; what it shows
 * is the signed-in creator's own channel unless the user also holds `plugin::analytics.read-all` (moderators, super
 * admins): controllers/reports.ts decides the scope.
 */
const canRead = {
  name: 'admin::hasPermissions',
  config: { actions: ['plugin::analytics.read'] },
};
const read = (path: string, handler: string) => ({
  method: 'GET',
  path,
  handler,
  config: { policies: ['admin::isAuthenticatedAdmin', canRead] },
});

export default {
  type: 'admin',
  routes: [
    read('/scope', 'reports.scope'),
    read('/overview', 'reports.overview'),
    read('/overview/top-videos', 'reports.topVideos'),
    read('/realtime', 'reports.realtime'),
    read('/videos/:documentId', 'reports.video'),
  ],
};
