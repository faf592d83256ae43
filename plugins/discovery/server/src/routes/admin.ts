/**
 * `npm run reindex` against a running CMS (POST /discovery/reindex): admin-type routes sit outside /api. Public to
 * Strapi's auth because the caller is a script, not an admin user: the policy lets in only a short-lived token
 * signed with this server's ADMIN_JWT_SECRET (utils/reindex-token.ts).
 */
export default {
  type: 'admin',
  routes: [
    {
      method: 'POST',
      path: '/reindex',
      handler: 'reindex.run',
      config: { auth: false, policies: ['plugin::discovery.has-reindex-token'] },
    },
  ],
};
