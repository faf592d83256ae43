/** Public reads personalise for a signed-in viewer; writes need one. Paths sit under /api/community. */
// public answers (comment lists, follower counts, ratings) change with every successful write: announce them
const viewer = { name: 'plugin::accounts.viewer', config: { required: true, announce: 'community::changed' } };
const maybeViewer = { name: 'plugin::accounts.viewer', config: { required: false } };
const open = { auth: false as const, middlewares: [maybeViewer] };
const signedIn = { auth: false as const, middlewares: [viewer] };
/**
 * A viewer's write, counted per viewer by the CMS's one rate limiter (plugins/rate-limits): COMMENT_RATE_LIMIT
 * (comments, replies, edits, deletions), REPORT_RATE_LIMIT, RATING_RATE_LIMIT, FOLLOW_RATE_LIMIT.
 */
const limitedWrite = (bucket: 'comments' | 'reports' | 'ratings' | 'follows') => ({
  auth: false as const,
  middlewares: [viewer, { name: 'plugin::rate-limits.limit', config: { bucket, per: 'viewer' } }],
});

export default {
  type: 'content-api',
  prefix: '/community',
  routes: [
    { method: 'GET', path: '/creators/:handle/follow', handler: 'follows.status', config: open },
    { method: 'PUT', path: '/creators/:handle/follow', handler: 'follows.follow', config: limitedWrite('follows') },
    {
      method: 'DELETE',
      path: '/creators/:handle/follow',
      handler: 'follows.unfollow',
      config: limitedWrite('follows'),
    },
    { method: 'GET', path: '/following', handler: 'follows.mine', config: signedIn },
    { method: 'GET', path: '/feed', handler: 'follows.feed', config: signedIn },

    { method: 'GET', path: '/videos/:videoId/comments', handler: 'comments.list', config: open },
    { method: 'POST', path: '/videos/:videoId/comments', handler: 'comments.create', config: limitedWrite('comments') },
    { method: 'PATCH', path: '/comments/:id', handler: 'comments.edit', config: limitedWrite('comments') },
    { method: 'DELETE', path: '/comments/:id', handler: 'comments.remove', config: limitedWrite('comments') },
    { method: 'POST', path: '/comments/:id/report', handler: 'comments.report', config: limitedWrite('reports') },

    {
      method: 'POST',
      path: '/videos/:videoId/report',
      handler: 'video-reports.report',
      config: limitedWrite('reports'),
    },

    // the forum: boards (categories and creators' Community tabs), topics, posts; a post's edit, deletion and report
    // are the comment routes above, since posts are comments
    { method: 'GET', path: '/boards', handler: 'forums.boards', config: open },
    { method: 'GET', path: '/boards/:board/topics', handler: 'forums.topics', config: open },
    { method: 'POST', path: '/boards/:board/topics', handler: 'forums.createTopic', config: limitedWrite('comments') },
    { method: 'GET', path: '/topics/:id', handler: 'forums.topic', config: open },
    { method: 'POST', path: '/topics/:id/posts', handler: 'forums.reply', config: limitedWrite('comments') },
    { method: 'PATCH', path: '/topics/:id', handler: 'forums.setFlags', config: limitedWrite('comments') },
    { method: 'DELETE', path: '/topics/:id', handler: 'forums.removeTopic', config: limitedWrite('comments') },
    { method: 'PUT', path: '/topics/:id/subscription', handler: 'forums.subscribe', config: limitedWrite('follows') },
    {
      method: 'DELETE',
      path: '/topics/:id/subscription',
      handler: 'forums.subscribe',
      config: limitedWrite('follows'),
    },
    { method: 'POST', path: '/posts/:id/hide', handler: 'forums.hidePost', config: limitedWrite('comments') },
    { method: 'POST', path: '/posts/:id/show', handler: 'forums.showPost', config: limitedWrite('comments') },

    { method: 'GET', path: '/videos/:videoId/ratings', handler: 'ratings.list', config: open },
    { method: 'PUT', path: '/videos/:videoId/rating', handler: 'ratings.rate', config: limitedWrite('ratings') },
    { method: 'DELETE', path: '/videos/:videoId/rating', handler: 'ratings.remove', config: limitedWrite('ratings') },

    { method: 'GET', path: '/notifications', handler: 'notifications.list', config: signedIn },
    { method: 'GET', path: '/notifications/unread', handler: 'notifications.unread', config: signedIn },
    { method: 'POST', path: '/notifications/read', handler: 'notifications.markRead', config: signedIn },
  ],
};
