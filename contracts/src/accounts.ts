/**
 * Viewer accounts: the rules the site checks as the viewer types and the CMS enforces (the accounts plugin adds the
 * common-password list, which only the server holds), and the session and sign-in limits both sides quote.
 */

export const PASSWORD_POLICY = { minLength: 12, maxLength: 128 } as const;
export const USERNAME_POLICY = { minLength: 3, maxLength: 30 } as const;
/** Letters, digits, `_`, `.` and `-`; starts and ends with a letter or digit. */
export const USERNAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const EMAIL_MAX_LENGTH = 254;

/**
 * Failed sign-ins: an account locks after `failures` wrong passwords, first for `lockMinutes`, then each further failure
 * locks it twice as long up to `lockMaxMinutes`; an address gets `addressFreeFailures` wrong passwords, then one attempt
 * every `addressSlowSeconds`. Both forget their failures after `windowMinutes` without one (or, for an account, at the
 * next successful sign-in).
 */
export const SIGN_IN_LIMIT = {
  failures: 10,
  lockMinutes: 1,
  lockMaxMinutes: 60,
  windowMinutes: 60,
  addressFreeFailures: 30,
  addressSlowSeconds: 5,
} as const;

/** Site session defaults (each configurable through the environment). */
export const SESSION_DEFAULTS = { idleMinutes: 30, absoluteHours: 12, rememberDays: 30 } as const;

export type AccountField =
  'username' | 'email' | 'password' | 'passwordConfirmation' | 'identifier' | 'currentPassword';
/** Field-level errors as the CMS returns them and the site renders them: field -> one message. */
export type FieldErrors = Partial<Record<AccountField, string>>;

/** The identifier a sign-in is counted and looked up under: case and surrounding spaces do not make a new one. */
export function normalizeIdentifier(identifier: string): string {
  return identifier.normalize('NFKC').trim().toLowerCase();
}

export function usernameProblem(username: string): string | null {
  const value = username.trim();
  if (!value) return 'Choose a username.';
  if (value.length < USERNAME_POLICY.minLength) return `Use at least ${USERNAME_POLICY.minLength} characters.`;
  if (value.length > USERNAME_POLICY.maxLength) return `Use at most ${USERNAME_POLICY.maxLength} characters.`;
  if (!USERNAME_PATTERN.test(value))
    return 'Use letters, digits, “_”, “.” or “-”, starting and ending with a letter or digit.';
  if (value.includes('@')) return 'A username cannot contain “@”.';
  return null;
}

export function emailProblem(email: string): string | null {
  const value = email.trim();
  if (!value) return 'Enter your email address.';
  if (value.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(value))
    return 'Enter an email address like name@example.com.';
  return null;
}

/**
 * The policy's length and personal-data rules. `isCommon` is the server's list check; the site leaves it out and shows
 * the strength meter instead.
 */
export function passwordProblem(
  password: string,
  context: { username?: string; email?: string } = {},
  isCommon?: (password: string) => boolean,
): string | null {
  if (!password) return 'Choose a password.';
  const length = [...password].length;
  if (length < PASSWORD_POLICY.minLength) return `Use at least ${PASSWORD_POLICY.minLength} characters.`;
  if (length > PASSWORD_POLICY.maxLength) return `Use at most ${PASSWORD_POLICY.maxLength} characters.`;
  const lower = password.toLowerCase();
  const personal = [context.username, context.email?.split('@')[0]]
    .map((part) => part?.trim().toLowerCase())
    .filter((part): part is string => Boolean(part && part.length >= 3));
  if (personal.some((part) => lower.includes(part))) return 'Do not use your username or email in your password.';
  if (isCommon?.(password))
    return 'This password is too common: it is on a list of passwords attackers try first. Choose another.';
  return null;
}

export type ProfileField = 'displayName' | 'avatar' | 'bio' | 'interests';

/** The viewer's own profile as GET/PATCH /accounts/profile return it. */
export interface ProfileView {
  username: string;
  email: string;
  displayName: string | null;
  bio: string | null;
  avatar: { url: string } | null;
  interests: Array<{ documentId: string; name: string; slug: string }>;
  notifications: { newVideoEmail: boolean; replyEmail: boolean };
  /** what others may see: `showInFollowers` lets the creators this viewer follows see their name among recent followers */
  privacy: { showInFollowers: boolean };
  completion: { percent: number; next: { field: ProfileField; label: string } | null };
}
