// What each account form sends and the checks it must pass, shared by the browser (instant messages) and the
// page handling the POST (the same messages, before the CMS is asked). Browser-safe: no Node imports.

import { emailProblem, passwordProblem, usernameProblem, type AccountField, type FieldErrors } from './rules';

export type { AccountField, FieldErrors };

export const ACCOUNT_FORMS = ['register', 'sign-in', 'email', 'reset-password'] as const;
export type AccountFormName = (typeof ACCOUNT_FORMS)[number];

/** The fields each form sends (besides the CSRF token and hidden context such as `next` or `code`). */
export const FORM_FIELDS = {
  register: ['username', 'email', 'password'],
  'sign-in': ['identifier', 'password'],
  email: ['email'],
  'reset-password': ['password', 'passwordConfirmation'],
} as const satisfies Record<AccountFormName, readonly AccountField[]>;

export type FormValues<F extends AccountFormName> = Record<(typeof FORM_FIELDS)[F][number], string>;

// Far above every policy limit: longer input is refused by the rules, but never copied around whole.
const MAX_FIELD_CHARS = 1024;

/** One text field of a submitted form; files and absent fields read as ''. Passwords keep their spaces. */
export function formText(form: FormData, name: string, { trim = true }: { trim?: boolean } = {}): string {
  const value = form.get(name);
  if (typeof value !== 'string') return '';
  const capped = value.slice(0, MAX_FIELD_CHARS);
  return trim ? capped.trim() : capped;
}

const SECRET_FIELDS: ReadonlySet<string> = new Set(['password', 'passwordConfirmation', 'currentPassword']);

export function isSecretField(field: string): boolean {
  return SECRET_FIELDS.has(field);
}

export function readFormValues<F extends AccountFormName>(name: F, form: FormData): FormValues<F> {
  const values: Record<string, string> = {};
  for (const field of FORM_FIELDS[name]) values[field] = formText(form, field, { trim: !isSecretField(field) });
  return values as FormValues<F>;
}

/** What may be shown again after a refused POST: everything the viewer typed except passwords. */
export function redisplayable<F extends AccountFormName>(name: F, values: FormValues<F>): FormValues<F> {
  const kept: Record<string, string> = {};
  for (const field of FORM_FIELDS[name])
    kept[field] = isSecretField(field) ? '' : ((values as Record<string, string>)[field] ?? '');
  return kept as FormValues<F>;
}

function compact(errors: Record<string, string | null | undefined>): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) if (message) out[field as AccountField] = message;
  return out;
}

export function registerProblems(values: FormValues<'register'>): FieldErrors {
  return compact({
    username: usernameProblem(values.username),
    email: emailProblem(values.email),
    password: passwordProblem(values.password, { username: values.username, email: values.email }),
  });
}

// Sign-in checks presence only: an old password may predate the policy, and saying more would help guessing.
export function signInProblems(values: FormValues<'sign-in'>): FieldErrors {
  return compact({
    identifier: values.identifier ? null : 'Enter your email address or username.',
    password: values.password ? null : 'Enter your password.',
  });
}

export function emailFormProblems(values: FormValues<'email'>): FieldErrors {
  return compact({ email: emailProblem(values.email) });
}

export function resetProblems(values: FormValues<'reset-password'>): FieldErrors {
  const password = passwordProblem(values.password);
  let confirmation: string | null = null;
  if (!values.passwordConfirmation) confirmation = 'Type the new password again.';
  else if (values.passwordConfirmation !== values.password) confirmation = 'The two passwords are not the same.';
  return compact({ password, passwordConfirmation: confirmation });
}

/** The checks of each form, by name: the browser script finds them through the form's data-account-form. */
export const FORM_PROBLEMS: { [F in AccountFormName]: (values: FormValues<F>) => FieldErrors } = {
  register: registerProblems,
  'sign-in': signInProblems,
  email: emailFormProblems,
  'reset-password': resetProblems,
};

export function isAccountFormName(name: string | undefined): name is AccountFormName {
  return (ACCOUNT_FORMS as readonly string[]).includes(name ?? '');
}

export function hasProblems(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** The human name of a field, for the error summary and the live announcement. */
export const FIELD_LABELS: Record<AccountField, string> = {
  username: 'Username',
  email: 'Email address',
  password: 'Password',
  passwordConfirmation: 'Confirm password',
  identifier: 'Email or username',
  currentPassword: 'Current password',
};

/** What the live region says when a submit is stopped: how many fields, which ones. */
export function problemsAnnouncement(errors: FieldErrors, order: readonly string[]): string {
  const fields = order.filter((field) => field in errors) as AccountField[];
  if (fields.length === 0) return '';
  const names = fields.map((field) => FIELD_LABELS[field]).join(', ');
  return fields.length === 1
    ? `1 field needs attention: ${names}.`
    : `${fields.length} fields need attention: ${names}.`;
}
