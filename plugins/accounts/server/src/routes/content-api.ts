/** The viewer's own account: profile, avatar, deletion (users-permissions keeps sign-up, sign-in and passwords). */
const viewer = { name: 'plugin::accounts.viewer', config: { required: true, announce: 'accounts::changed' } };
const signedIn = { auth: false as const, middlewares: [viewer] };

export default {
  type: 'content-api',
  prefix: '/accounts',
  routes: [
    { method: 'GET', path: '/profile', handler: 'profile.get', config: signedIn },
    { method: 'PATCH', path: '/profile', handler: 'profile.update', config: signedIn },
    { method: 'PUT', path: '/profile/avatar', handler: 'profile.setAvatar', config: signedIn },
    { method: 'DELETE', path: '/profile/avatar', handler: 'profile.removeAvatar', config: signedIn },
    { method: 'POST', path: '/email', handler: 'profile.requestEmailChange', config: signedIn },
    // the link mailed to the new address: its token is the credential
    { method: 'POST', path: '/email/confirm', handler: 'profile.confirmEmailChange', config: { auth: false as const } },
    // one-click unsubscribe from a mail client (RFC 8058): the token is the credential
    { method: 'POST', path: '/unsubscribe', handler: 'profile.unsubscribe', config: { auth: false as const } },
    // POST: bodies of DELETE requests are not parsed, and deletion needs the password
    { method: 'POST', path: '/delete-account', handler: 'profile.deleteAccount', config: signedIn },
  ],
};
