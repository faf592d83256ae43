/**
 * The admin panel's routes, under /collaboration: `plugin::collaboration.invitations` (the Creator role). Each answers
 * only for the user's own channel: an invitation to or from another channel is 404.
 */
const config = {
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: ['plugin::collaboration.invitations'] } },
  ],
};

export default {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/invitations', handler: 'invitations.mine', config },
    { method: 'GET', path: '/videos/:documentId/invitations', handler: 'invitations.ofVideo', config },
    { method: 'POST', path: '/videos/:documentId/invitations', handler: 'invitations.invite', config },
    { method: 'POST', path: '/invitations/:id/accept', handler: 'invitations.accept', config },
    { method: 'POST', path: '/invitations/:id/decline', handler: 'invitations.decline', config },
    { method: 'POST', path: '/invitations/:id/withdraw', handler: 'invitations.withdraw', config },
  ],
};
