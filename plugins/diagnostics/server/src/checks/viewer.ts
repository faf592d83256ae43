/**
 * A throwaway viewer signs up, confirms its address, signs in and out, and is deleted: each step through the CMS's own
 * HTTP routes, as the site calls them (utils/cms-http.ts), so the guards in front of users-permissions run as for a
 * viewer. The confirmation code is read from the account, which is what the mailed link carries; the link's own route
 * confirms it.
 *
 * The throwaway is named `diagnostics-<random>` with an address under `.invalid` (RFC 6761: it cannot receive mail, so
 * no real viewer can ever confirm one, and the accounts plugin sends nothing there) and a random password that is
 * never kept: nobody can sign in with it, and it is deleted through the viewer's own deletion route. One a crashed run
 * left is removed by the next run. Its audit entries stay, as every account's do (nobody deletes audit entries),
 * marked by the `Framecast-Diagnostics` user agent. No limit is bent: sign-ups are limited per address and email (each
 * run has a new email), and only failed sign-ins count against an address (the check fails none).
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { openCmsHttp, type CmsHttp, type CmsResponse } from '../utils';
import type { Check, CheckOutcome } from './types';

/** The reserved domain of throwaway viewers (`.invalid` never resolves). */
export const THROWAWAY_DOMAIN = 'framecast-diagnostics.invalid';
export const THROWAWAY_USER_AGENT = 'Framecast-Diagnostics/1 (throwaway viewer)';
const UP_USER = 'plugin::users-permissions.user';
/** A throwaway older than this was left by a run that did not finish (a run ends within 60 s). */
const LEFT_BEHIND_MS = 10 * 60_000;

type Account = { id: number; confirmationToken: string | null; confirmed: boolean };
type ErrorBody = {
  error?: { status?: number; message?: string; details?: { reason?: string; retryAfterSeconds?: number } };
};

const users = (strapi: Core.Strapi) => strapi.db.query(UP_USER);

/** Removes an account without its password: only ever a throwaway (its sessions end with it). */
async function removeThrowaway(strapi: Core.Strapi, id: number): Promise<void> {
  await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(id));
  await users(strapi).delete({ where: { id } });
}

/** Throwaways earlier runs could not delete (a CMS stopped mid-check). */
async function sweepLeftBehind(strapi: Core.Strapi): Promise<number> {
  const left = (await users(strapi).findMany({
    select: ['id'],
    where: {
      email: { $endsWith: `@${THROWAWAY_DOMAIN}` },
      createdAt: { $lt: new Date(Date.now() - LEFT_BEHIND_MS) },
    },
  })) as Array<{ id: number }>;
  for (const { id } of left) await removeThrowaway(strapi, id);
  return left.length;
}

function said(response: CmsResponse): string {
  const body = response.json<ErrorBody>();
  return `${response.status}${body?.error?.message ? ` "${body.error.message}"` : ''}`;
}

const reasonOf = (response: CmsResponse) => response.json<ErrorBody>()?.error?.details?.reason;

const LOG_FIX = "The CMS's log at this time names the error of that request.";

/** The steps, each failing with what it got and the fix. */
async function signUpInOut(
  strapi: Core.Strapi,
  http: CmsHttp,
  viewer: { username: string; email: string; password: string },
): Promise<CheckOutcome> {
  const fail = (step: string, response: CmsResponse, fix: string): CheckOutcome => ({
    status: 'fail',
    detail: `${step}: ${said(response)}`,
    fix,
  });

  const signUp = await http.request('POST', '/api/auth/local/register', {
    body: { username: viewer.username, email: viewer.email, password: viewer.password },
  });
  if (signUp.status !== 200 || signUp.json<{ ok?: boolean }>()?.ok !== true) {
    const message = signUp.json<ErrorBody>()?.error?.message ?? '';
    return fail(
      'sign-up (POST /api/auth/local/register)',
      signUp,
      /register action is currently disabled/i.test(message)
        ? 'Sign-ups are off: turn on "Enable sign-ups" in the admin (Settings → Users & Permissions plugin → Advanced settings); the CMS also turns it back on when it starts.'
        : /confirmation email/i.test(message)
          ? 'The confirmation mail could not be sent: see the mail check (SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS).'
          : /default role/i.test(message)
            ? 'The role new viewers get is missing: pick "Default role for authenticated users" in the admin (Users & Permissions plugin → Advanced settings).'
            : LOG_FIX,
    );
  }

  const account = (await users(strapi).findOne({
    select: ['id', 'confirmationToken', 'confirmed'],
    where: { email: viewer.email },
  })) as Account | null;
  if (!account)
    return {
      status: 'fail',
      detail: 'sign-up answered 200, but no account was made',
      fix: 'Check the users-permissions "Advanced settings" in the admin (one account per email) and the CMS log.',
    };
  if (!account.confirmed) {
    // the code the mailed link carries, through the link's own route
    const confirm = await http.request(
      'GET',
      `/api/auth/email-confirmation?confirmation=${encodeURIComponent(account.confirmationToken ?? '')}`,
    );
    if (confirm.status !== 302) return fail('confirming the address (the mailed link)', confirm, LOG_FIX);
  }

  const signIn = async (step: string) => {
    const answer = await http.request('POST', '/api/auth/local', {
      body: { identifier: viewer.email, password: viewer.password },
    });
    const tokens = answer.json<{ jwt?: string; refreshToken?: string }>();
    if (answer.status === 200 && tokens?.jwt && tokens.refreshToken)
      return { jwt: tokens.jwt, refreshToken: tokens.refreshToken, ms: answer.ms };
    const reason = reasonOf(answer);
    return fail(
      `${step} (POST /api/auth/local)`,
      answer,
      answer.status === 200
        ? "The CMS must answer the refresh token in the body, as the site needs (users-permissions' sessions.httpOnly false, jwtManagement 'refresh')."
        : reason === 'slowed'
          ? "Failed sign-ins from this host's address are past SIGN_IN_ADDRESS_FREE_FAILURES: the audit trail (Account audit entry) names who fails here. Run this check again in a few seconds."
          : reason === 'unconfirmed'
            ? 'The confirmation did not hold: the CMS log names the error.'
            : LOG_FIX,
    );
  };

  const first = await signIn('signing in');
  if ('status' in first) return first;
  const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
  const me = await http.request('GET', '/api/users/me', { headers: bearer(first.jwt) });
  if (me.status !== 200) return fail('the signed-in viewer (GET /api/users/me)', me, LOG_FIX);
  const signOut = await http.request('POST', '/api/auth/logout', {
    body: { refreshToken: first.refreshToken },
    headers: bearer(first.jwt),
  });
  if (signOut.status !== 200) return fail('signing out (POST /api/auth/logout)', signOut, LOG_FIX);
  const after = await http.request('GET', '/api/users/me', { headers: bearer(first.jwt) });
  if (after.status !== 401)
    return {
      status: 'fail',
      detail: `a signed-out access token is still accepted (GET /api/users/me: ${after.status})`,
      fix: "Sign-out must end the session at once: users-permissions' jwtManagement must be 'refresh' (cms/config/plugins.ts), which the accounts plugin's bootstrap relies on.",
    };

  const second = await signIn('signing in again to delete the account');
  if ('status' in second) return second;
  const deleted = await http.request('POST', '/api/accounts/delete-account', {
    body: { password: viewer.password },
    headers: bearer(second.jwt),
  });
  if (deleted.status !== 204) return fail('deleting the account (POST /api/accounts/delete-account)', deleted, LOG_FIX);
  if ((await users(strapi).count({ where: { email: viewer.email } })) > 0)
    return {
      status: 'fail',
      detail: 'the account deletion answered 204, but the account is still there',
      fix: LOG_FIX,
    };
  return {
    status: 'ok',
    detail: `${viewer.username} signed up, confirmed, signed in (${first.ms} ms) and out (its token then refused), and deleted itself, through ${http.via}`,
  };
}

const viewer: Check = {
  name: 'viewer',
  verifies: 'a throwaway viewer signs up, confirms, signs in and out through the API, and is deleted',
  readiness: false,
  async run(strapi) {
    if (!strapi.plugin('accounts') || !strapi.plugin('users-permissions'))
      return { status: 'skip', detail: 'the accounts plugin is not enabled' };
    const swept = await sweepLeftBehind(strapi);
    const username = `diagnostics-${randomBytes(8).toString('hex')}`;
    const account = {
      username,
      email: `${username}@${THROWAWAY_DOMAIN}`,
      password: randomBytes(24).toString('base64url'),
    };
    let http: CmsHttp | null = null;
    let outcome: CheckOutcome;
    try {
      http = await openCmsHttp(strapi, { userAgent: THROWAWAY_USER_AGENT });
      outcome = await signUpInOut(strapi, http, account);
    } catch (error) {
      outcome = {
        status: 'fail',
        detail: error instanceof Error ? error.message : String(error),
        fix: LOG_FIX,
      };
    } finally {
      await http?.close();
    }
    // whatever happened, no throwaway stays behind
    const left = (await users(strapi).findOne({ select: ['id'], where: { email: account.email } })) as {
      id: number;
    } | null;
    if (left) {
      try {
        await removeThrowaway(strapi, left.id);
        outcome.detail += ' (the throwaway account was then removed)';
      } catch (error) {
        outcome.detail += `; the throwaway account ${username} could not be removed: ${error instanceof Error ? error.message : String(error)}`;
        outcome.status = 'fail';
        outcome.fix = `${outcome.fix ? `${outcome.fix} ` : ''}Delete the viewer ${username} in the admin (Content Manager → User); the next run also tries.`;
      }
    }
    if (swept > 0) outcome.detail += ` (and ${swept} left by an earlier run removed)`;
    return outcome;
  },
};

export default viewer;
