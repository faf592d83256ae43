/**
 * The admin panel's routes, served under /moderation (admin JWT, the admin's RBAC):
 * `plugin::moderation.review` (moderators, administrators) opens the queue, the decisions and the log;
 * `plugin::moderation.appeal` (creators) opens a video's status and its appeal, for the user's own channel only
 * (controllers/appeals.ts answers 404 for anyone else's video).
 */
const can = (action: 'review' | 'appeal') => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: [`plugin::moderation.${action}`] } },
  ],
});

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/queue', handler: 'queue.list', config: can('review') },
    { method: 'POST', path: '/videos/:documentId/decisions', handler: 'queue.decide', config: can('review') },
    { method: 'GET', path: '/log', handler: 'log.page', config: can('review') },
    { method: 'GET', path: '/log/export', handler: 'log.export', config: can('review') },
    // moderators (review) and owners (appeal) both read it: the controller checks one or the other
    {
      method: 'GET',
      path: '/videos/:documentId/status',
      handler: 'appeals.status',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    { method: 'POST', path: '/videos/:documentId/appeal', handler: 'appeals.appeal', config: can('appeal') },
  ],
};
