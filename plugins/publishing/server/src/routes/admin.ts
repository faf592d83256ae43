/**
 * The admin panel's routes, under /publishing (admin JWT): the upload inbox and the bulk edit (the videos list's and the
 * inbox's "Edit selected"). Any signed-in admin user reaches them; the services decide the rest with the content
 * manager's own permissions (Strapi's `admin::hasPermissions` cannot test a permission scoped to a content type): the
 * inbox lists only videos the user may publish (services/inbox.ts, 403 for a user who may publish none), and a bulk
 * edit is refused (403) when its fields or actions are not the user's, then decided per video by the content manager's
 * permission query and the channel rules (services/bulk-edits.ts).
 */
export default {
  type: 'admin',
  routes: [
    {
      method: 'GET',
      path: '/inbox',
      handler: 'inbox.find',
      config: {
        policies: ['admin::isAuthenticatedAdmin'],
      },
    },
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
