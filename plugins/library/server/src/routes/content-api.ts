/**
 * The viewer's library under /api/library. Every route needs a signed-in viewer (401 without a token, resolved by the
 * accounts plugin as for every plugin that serves viewers) except reading a collection, which anyone may do when it
 * is public.
 */
const viewer = (required: boolean) => ({ name: 'plugin::accounts.viewer', config: { required } });
const own = () => ({ auth: false as const, middlewares: [viewer(true)] });
/** A write counted per viewer by the CMS's one rate limiter (plugins/rate-limits): COLLECTION_RATE_LIMIT, HISTORY_SAVE_RATE_LIMIT. */
const limitedWrite = (bucket: 'collections' | 'history-saves') => ({
  auth: false as const,
  middlewares: [viewer(true), { name: 'plugin::rate-limits.limit', config: { bucket, per: 'viewer' } }],
});

export default {
  type: 'content-api',
  prefix: '',
  routes: [
    { method: 'GET', path: '/library/collections', handler: 'collections.find', config: own() },
    {
      method: 'POST',
      path: '/library/collections',
      handler: 'collections.create',
      config: limitedWrite('collections'),
    },
    {
      method: 'GET',
      path: '/library/collections/containing/:videoDocumentId',
      handler: 'collections.containing',
      config: own(),
    },
    {
      method: 'GET',
      path: '/library/collections/:documentId',
      handler: 'collections.findOne',
      config: { auth: false as const, middlewares: [viewer(false)] },
    },
    {
      method: 'PATCH',
      path: '/library/collections/:documentId',
      handler: 'collections.update',
      config: limitedWrite('collections'),
    },
    {
      method: 'DELETE',
      path: '/library/collections/:documentId',
      handler: 'collections.delete',
      config: limitedWrite('collections'),
    },
    {
      method: 'PUT',
      path: '/library/collections/:documentId/items/:videoDocumentId',
      handler: 'items.add',
      config: limitedWrite('collections'),
    },
    {
      method: 'DELETE',
      path: '/library/collections/:documentId/items/:videoDocumentId',
      handler: 'items.remove',
      config: limitedWrite('collections'),
    },

    { method: 'GET', path: '/library/history', handler: 'history.find', config: own() },
    { method: 'DELETE', path: '/library/history', handler: 'history.clear', config: own() },
    { method: 'GET', path: '/library/history/:videoDocumentId', handler: 'history.findOne', config: own() },
    {
      method: 'PUT',
      path: '/library/history/:videoDocumentId',
      handler: 'history.save',
      config: limitedWrite('history-saves'),
    },
    { method: 'DELETE', path: '/library/history/:videoDocumentId', handler: 'history.delete', config: own() },

    // courses the viewer follows (My learning), and their progress in a course's lessons
    { method: 'GET', path: '/library/courses', handler: 'courses.find', config: own() },
    {
      method: 'PUT',
      path: '/library/courses/:courseDocumentId',
      handler: 'courses.enrol',
      config: limitedWrite('history-saves'),
    },
    { method: 'DELETE', path: '/library/courses/:courseDocumentId', handler: 'courses.leave', config: own() },
    { method: 'GET', path: '/library/progress', handler: 'courses.progress', config: own() },

    { method: 'GET', path: '/library/settings', handler: 'settings.find', config: own() },
    { method: 'PATCH', path: '/library/settings', handler: 'settings.update', config: own() },
  ],
};
