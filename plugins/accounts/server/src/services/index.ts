import audit from './audit';
import emailChange from './email-change';
import notificationMail from './notification-mail';
import passwords from './passwords';
import profiles from './profiles';
import signInLimits from './sign-in-limits';
import viewers from './viewers';

export default {
  audit,
  'email-change': emailChange,
  'notification-mail': notificationMail,
  passwords,
  profiles,
  'sign-in-limits': signInLimits,
  viewers,
};
