import accountEvents from './account-events';
import adminSignInAudit from './admin-sign-in-audit';
import passwordGuard from './password-guard';
import registerGuard from './register-guard';
import signInGuard from './sign-in-guard';
import viewer from './viewer';

export default {
  'account-events': accountEvents,
  'admin-sign-in-audit': adminSignInAudit,
  'password-guard': passwordGuard,
  'register-guard': registerGuard,
  'sign-in-guard': signInGuard,
  viewer,
};
