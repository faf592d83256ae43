// Accounts: register, sign in, tokens, email confirmation, password reset and change (users-permissions in refresh
// mode, plus plugins/accounts). Every call is an uncached account call (see client.ts).

import { log } from '../log';
import { accountCall, apiUrl, type AccountAnswer } from './client';
import { CmsUnavailableError } from './errors';

export interface AccountUser {
  id: number;
  documentId: string;
  username: string;
  email: string;
  confirmed?: boolean;
  blocked?: boolean;
}

export interface AccessTokens {
  /** Short-lived access token (minutes). */
  jwt: string;
  /** Rotated on every refresh: the previous one stops working. */
  refreshToken: string;
}

export interface SignedIn extends AccessTokens {
  user: AccountUser;
}

function payloadOf(answer: AccountAnswer, path: string): Record<string, unknown> {
  if (answer.redirected) throw new CmsUnavailableError('invalid-response', apiUrl(path), { status: 302 });
  return answer.payload;
}

function asUser(value: unknown, path: string): AccountUser {
  const user = value as Partial<AccountUser> | null;
  if (!user || typeof user.id !== 'number' || typeof user.username !== 'string' || typeof user.email !== 'string') {
    throw new CmsUnavailableError('invalid-response', apiUrl(path), { status: 200 });
  }
  return {
    id: user.id,
    documentId: typeof user.documentId === 'string' ? user.documentId : String(user.id),
    username: user.username,
    email: user.email,
    confirmed: user.confirmed,
    blocked: user.blocked,
  };
}

// The site keeps both tokens server-side; a CMS that sets the refresh token as a cookie instead is misconfigured.
function asTokens(payload: Record<string, unknown>, path: string): AccessTokens {
  const { jwt, refreshToken } = payload;
  if (typeof jwt !== 'string' || !jwt || typeof refreshToken !== 'string' || !refreshToken) {
    log.error(
      'cms answered without jwt and refreshToken in the body (users-permissions sessions.httpOnly must be false)',
      { path },
    );
    throw new CmsUnavailableError('invalid-response', apiUrl(path), { status: 200 });
  }
  return { jwt, refreshToken };
}

function asSignedIn(payload: Record<string, unknown>, path: string): SignedIn {
  return { ...asTokens(payload, path), user: asUser(payload.user, path) };
}

/**
 * Asks for an account; the CMS mails a confirmation link, or, when the email already has an account, a note to its
 * owner: the answer is the same either way. Refusals: 400 (fields, reason 'validation', or 'taken' for a username), 429.
 */
export async function registerAccount(input: { username: string; email: string; password: string }): Promise<void> {
  const path = '/auth/local/register';
  payloadOf(await accountCall(path, { body: input }), path);
}

/** Refusals: 400 reason 'invalid_credentials' | 'unconfirmed' | 'blocked', 429 reason 'locked' with Retry-After. */
export async function signIn(input: { identifier: string; password: string }): Promise<SignedIn> {
  const path = '/auth/local';
  return asSignedIn(
    payloadOf(await accountCall(path, { body: { identifier: input.identifier, password: input.password } }), path),
    path,
  );
}

/** A new token pair for a refresh token (which stops working); 401 when it is invalid, expired or revoked. */
export async function refreshAccess(refreshToken: string): Promise<AccessTokens> {
  const path = '/auth/refresh';
  return asTokens(payloadOf(await accountCall(path, { body: { refreshToken } }), path), path);
}

/** Revokes the session behind these tokens: afterwards neither token is accepted. */
export async function revokeAccess(tokens: AccessTokens): Promise<void> {
  await accountCall('/auth/logout', { body: { refreshToken: tokens.refreshToken }, bearer: tokens.jwt });
}

/** Confirms an email address with the code from the mail. The CMS answers with a redirect (or `{ ok: true }`); 400 reason 'invalid_code'. */
export async function confirmEmail(code: string): Promise<void> {
  await accountCall('/auth/email-confirmation', {
    method: 'GET',
    query: new URLSearchParams({ confirmation: code }).toString(),
  });
}

/** Mails a new confirmation link if the address belongs to an unconfirmed account (the answer never tells). */
export async function resendConfirmation(email: string): Promise<void> {
  await accountCall('/auth/send-email-confirmation', { body: { email } });
}

/** Mails a reset link if the address belongs to an account (the answer never tells). */
export async function requestPasswordReset(email: string): Promise<void> {
  await accountCall('/auth/forgot-password', { body: { email } });
}

/** Sets a new password with the code from the mail and signs the viewer in. 400: fields, or reason 'invalid_code'. */
export async function resetPassword(input: {
  code: string;
  password: string;
  passwordConfirmation: string;
}): Promise<SignedIn> {
  const path = '/auth/reset-password';
  return asSignedIn(payloadOf(await accountCall(path, { body: input }), path), path);
}

/** Changes the signed-in viewer's password; the answer carries a new token pair. */
export async function changePassword(
  jwt: string,
  input: { currentPassword: string; password: string; passwordConfirmation: string },
): Promise<SignedIn> {
  const path = '/auth/change-password';
  return asSignedIn(payloadOf(await accountCall(path, { body: input, bearer: jwt }), path), path);
}

/** The signed-in viewer as the CMS knows them now; 401 when the token is no longer accepted. */
export async function currentAccount(jwt: string): Promise<AccountUser> {
  const path = '/users/me';
  return asUser(payloadOf(await accountCall(path, { method: 'GET', bearer: jwt }), path), path);
}
