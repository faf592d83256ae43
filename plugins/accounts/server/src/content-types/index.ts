import auditEntrySchema from './audit-entry/schema.json';
import profileSchema from './profile/schema.json';
import signInFailureSchema from './sign-in-failure/schema.json';

export default {
  'audit-entry': { schema: auditEntrySchema },
  profile: { schema: profileSchema },
  'sign-in-failure': { schema: signInFailureSchema },
};
