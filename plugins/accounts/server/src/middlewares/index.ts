import accountEvents from './account-events';
import passwordGuard from './password-guard';
import registerGuard from './register-guard';
import signInGuard from './sign-in-guard';
import viewer from './viewer';

export default {
  'account-events': accountEvents,
  'password-guard': passwordGuard,
  'register-guard': registerGuard,
  'sign-in-guard': signInGuard,
  viewer,
};
