/**
 * In front of users-permissions' reset-password and change-password: a reset link works once and for
 * PASSWORD_RESET_MINUTES after it was mailed, the new password meets the policy (checked against the account it is
 * for), the errors land on their fields, and the change is audited.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import type { FieldErrors } from '@framecast/contracts';
import { bodyOf, errorMessage, refuse } from '../utils/refuse';
import { getService, getSettings } from '../utils';

const UP_USER = 'plugin::users-permissions.user';
type Account = { id: number; username: string; email: string; resetPasswordIssuedAt?: number | string | null };
const INVALID_LINK = 'This reset link is invalid or was already used: ask for a new one.';

export default (options: { action?: 'reset' | 'change' } = {}, { strapi }: { strapi: Core.Strapi }) => {
  const action = options.action ?? 'reset';
  const passwords = () => getService(strapi, 'passwords');
  const audit = () => getService(strapi, 'audit');

  return async (ctx: Context, next: Next) => {
    const body = bodyOf(ctx) ?? {};
    const password = typeof body.password === 'string' ? body.password : '';
    const confirmation = typeof body.passwordConfirmation === 'string' ? body.passwordConfirmation : '';
    let account: Account | null;
    if (action === 'reset') {
      const code = typeof body.code === 'string' ? body.code : '';
      account = code
        ? ((await strapi.db.query(UP_USER).findOne({
            select: ['id', 'username', 'email', 'resetPasswordIssuedAt'],
            where: { resetPasswordToken: code },
          })) as Account | null)
        : null;
      if (!account) return refuse(ctx, 400, INVALID_LINK, { reason: 'invalid_code' });
      const issuedAt = Number(account.resetPasswordIssuedAt ?? 0);
      const minutes = getSettings(strapi).passwordResetMinutes;
      if (!issuedAt || Date.now() - issuedAt > minutes * 60_000) {
        // an expired link is dead for good, not only refused now
        await strapi.db
          .query(UP_USER)
          .update({ where: { id: account.id }, data: { resetPasswordToken: null, resetPasswordIssuedAt: null } });
        return refuse(ctx, 400, `This reset link has expired (links work for ${minutes} minutes): ask for a new one.`, {
          reason: 'invalid_code',
        });
      }
    } else {
      account = (ctx.state.user as Account | undefined) ?? null;
      if (!account) return refuse(ctx, 401, 'Sign in to change your password.', { reason: 'validation' });
    }

    const fields: FieldErrors = {};
    const issue = passwords().problem(password, { username: account.username, email: account.email });
    if (issue) fields.password = issue;
    else if (password !== confirmation) fields.passwordConfirmation = 'The two passwords do not match.';
    if (action === 'change' && typeof body.currentPassword !== 'string')
      fields.currentPassword = 'Enter your current password.';
    if (Object.keys(fields).length > 0)
      return refuse(ctx, 400, 'The new password needs another look.', { reason: 'validation', fields });

    try {
      await next();
    } catch (error) {
      const message = errorMessage(error);
      if (message === 'Incorrect code provided') return refuse(ctx, 400, INVALID_LINK, { reason: 'invalid_code' });
      if (message === 'The provided current password is invalid')
        return refuse(ctx, 400, 'Your current password is not this one.', {
          reason: 'validation',
          fields: { currentPassword: 'This is not your current password.' },
        });
      if (message === 'Your new password must be different than your current password')
        return refuse(ctx, 400, 'Choose a password you do not use now.', {
          reason: 'validation',
          fields: { password: 'Choose a password you do not use now.' },
        });
      throw error;
    }
    if (ctx.status === 200) {
      if (action === 'reset')
        await strapi.db.query(UP_USER).update({ where: { id: account.id }, data: { resetPasswordIssuedAt: null } });
      await audit().record(action === 'reset' ? 'password-reset' : 'password-changed', { user: account }, ctx);
    }
  };
};
