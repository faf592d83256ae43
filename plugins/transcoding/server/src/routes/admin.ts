/** The admin panel's routes, served under /transcoding (admin JWT unless said otherwise). */
const upload = { name: 'admin::hasPermissions', config: { actions: ['plugin::transcoding.upload'] } };
const readQueue = { name: 'admin::hasPermissions', config: { actions: ['plugin::transcoding.queue.read'] } };
const retryJobs = { name: 'admin::hasPermissions', config: { actions: ['plugin::transcoding.queue.retry'] } };
/** The `uploads` bucket (cms/config/plugins.ts), per admin user: tickets and tus creations count together. */
const limitUploads = { name: 'plugin::rate-limits.limit', config: { bucket: 'uploads', per: 'user' } };

export default {
  type: 'admin',
  routes: [
    {
      method: 'POST',
      path: '/upload-tickets',
      handler: 'uploads.ticket',
      config: { policies: ['admin::isAuthenticatedAdmin', upload], middlewares: [limitUploads] },
    },
    // tus requests authenticate with an upload ticket header (checked in the controller): tus-js-client cannot use the admin session
    {
      method: 'POST',
      path: '/tus',
      handler: 'uploads.tus',
      config: { auth: false, middlewares: ['plugin::transcoding.ticket-holder', limitUploads] },
    },
    { method: 'ALL', path: '/tus', handler: 'uploads.tus', config: { auth: false } },
    { method: 'ALL', path: '/tus/:id', handler: 'uploads.tus', config: { auth: false } },
    {
      method: 'GET',
      path: '/jobs',
      handler: 'jobs.list',
      config: { policies: ['admin::isAuthenticatedAdmin', readQueue] },
    },
    {
      method: 'POST',
      path: '/jobs/:id/retry',
      handler: 'jobs.retry',
      config: { policies: ['admin::isAuthenticatedAdmin', retryJobs] },
    },
    {
      method: 'GET',
      path: '/videos/:documentId/status',
      handler: 'jobs.status',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
  ],
};
