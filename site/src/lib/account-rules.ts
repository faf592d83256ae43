// The account rules the CMS enforces, imported from the contract's TypeScript source: it has no imports of its own,
// so the browser bundle gets exactly these functions (the package's CommonJS build would drag zod along).
export {
  EMAIL_MAX_LENGTH,
  PASSWORD_POLICY,
  SESSION_DEFAULTS,
  SIGN_IN_LIMIT,
  USERNAME_PATTERN,
  USERNAME_POLICY,
  emailProblem,
  normalizeIdentifier,
  passwordProblem,
  usernameProblem,
} from '@framecast/config/src/accounts';
export type { AccountField, FieldErrors } from '@framecast/config/src/accounts';
