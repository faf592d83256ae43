/**
 * The media gateway, for players and CDNs: public (a signed path for anything not open to everyone), at /media.
 * Not a content-api router, whose routes always live under /api: an 'admin'-type router with an empty prefix is
 * the one Strapi mounts at the root.
 */
export default {
  type: 'admin',
  prefix: '',
  routes: [
    {
      method: 'GET',
      path: '/media/videos/:documentId/:version/:file(.*)',
      handler: 'media.serve',
      config: { auth: false },
    },
    {
      method: 'GET',
      path: '/media/s/:token/videos/:documentId/:version/:file(.*)',
      handler: 'media.serveSigned',
      config: { auth: false },
    },
  ],
};
