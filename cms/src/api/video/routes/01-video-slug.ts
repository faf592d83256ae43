export default {
  routes: [
    {
      method: 'GET',
      path: '/videos/slug/:slug',
      handler: 'api::video.video.findBySlug',
      config: {},
    },
  ],
};
