// The account rules the CMS enforces (contracts/src/accounts.ts): the browser's form checks use the same functions.
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
} from '@framecast/contracts';
export type { AccountField, FieldErrors } from '@framecast/contracts';
