/**
 * The admin panel's routes, under /publishing (admin JWT): the videos list's bulk edit. Any signed-in admin user
 * reaches it; the service refuses (403) a change whose fields or actions the user's content-manager permissions on
 * videos do not include (Strapi's `admin::hasPermissions` cannot test a permission scoped to a content type), and which
 * videos they may change is decided per video by the content manager's own permission query and the channel rules
 * (services/bulk-edits.ts).
 */
export default {
  type: 'admin',
  routes: [
    {
      method: 'POST',
      path: '/videos/bulk',
      handler: 'bulk-edits.run',
      config: {
        policies: ['admin::isAuthenticatedAdmin'],
      },
    },
  ],
};
