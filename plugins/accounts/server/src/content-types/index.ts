import auditEntrySchema from './audit-entry/schema.json';
import profileSchema from './profile/schema.json';
import signInStateSchema from './sign-in-state/schema.json';

export default {
  'audit-entry': { schema: auditEntrySchema },
  profile: { schema: profileSchema },
  'sign-in-state': { schema: signInStateSchema },
};
