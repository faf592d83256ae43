import auditEntrySchema from './audit-entry/schema.json';
import signInFailureSchema from './sign-in-failure/schema.json';

export default {
  'audit-entry': { schema: auditEntrySchema },
  'sign-in-failure': { schema: signInFailureSchema },
};
