/**
 * Around users-permissions' other account routes: audits email confirmation, reset requests and sign-out, turns an
 * invalid confirmation code into a clear refusal, and answers a resend the same way whatever the account's state, so
 * nobody learns which emails have accounts.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { normalizeIdentifier } from '@framecast/contracts';
import { bodyOf, errorMessage, refuse } from '../utils/refuse';
import { getService } from '../utils';

type Route = 'email-confirmation' | 'send-email-confirmation' | 'forgot-password' | 'logout';
type Account = { id: number; username: string };
const UP_USER = 'plugin::users-permissions.user';

export default (options: { route?: Route } = {}, { strapi }: { strapi: Core.Strapi }) => {
  const route = options.route;
  const audit = () => getService(strapi, 'audit');
  const findAccount = (where: Record<string, unknown>) =>
    strapi.db.query(UP_USER).findOne({ select: ['id', 'username'], where }) as Promise<Account | null>;

  return async (ctx: Context, next: Next) => {
    switch (route) {
      case 'email-confirmation': {
        const code = typeof ctx.query.confirmation === 'string' ? ctx.query.confirmation : '';
        const account = code ? await findAccount({ confirmationToken: code }) : null;
        try {
          await next();
        } catch (error) {
          if (errorMessage(error) === 'Invalid token' || !code) {
            return refuse(
              ctx,
              400,
              'This confirmation link is invalid or was already used: sign in, or ask for a new link.',
              { reason: 'invalid_code' },
            );
          }
          throw error;
        }
        if (account) await audit().record('email-confirmed', { user: account }, ctx);
        return;
      }
      case 'send-email-confirmation': {
        const email = typeof bodyOf(ctx)?.email === 'string' ? (bodyOf(ctx)!.email as string).trim() : '';
        try {
          await next();
        } catch (error) {
          if (['Already confirmed', 'User blocked'].includes(errorMessage(error))) {
            ctx.status = 200;
            ctx.body = { email, sent: true };
            return;
          }
          throw error;
        }
        return;
      }
      case 'forgot-password': {
        await next();
        const email = bodyOf(ctx)?.email;
        if (ctx.status === 200 && typeof email === 'string') {
          const normalized = normalizeIdentifier(email);
          const account = await findAccount({ email: normalized });
          // the link just mailed expires PASSWORD_RESET_MINUTES from now (users-permissions' token has no time of its own)
          if (account)
            await strapi.db
              .query(UP_USER)
              .update({ where: { id: account.id }, data: { resetPasswordIssuedAt: Date.now() } });
          await audit().record('password-reset-requested', { user: account, identifier: normalized }, ctx);
        }
        return;
      }
      case 'logout': {
        await next();
        const user = ctx.state.user as Account | undefined;
        if (ctx.status === 200 && user) await audit().record('sign-out', { user }, ctx);
        return;
      }
      default:
        return next();
    }
  };
};
