/**
 * Around the admin panel's POST /admin/login (put in front of Strapi's own rate limit by register.ts): every outcome
 * joins the audit trail viewers' sign-ins are in, as `accountType: admin`. A success; a failure (wrong credentials, an
 * inactive account, a malformed request); a lockout when a failure used the last attempt Strapi's limit allows
 * (`admin.rateLimit`: 5 per email and address in 5 minutes by default); and each attempt refused while locked. Only
 * the typed email and the outcome are kept: the password never leaves the request.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { EMAIL_MAX_LENGTH } from '@framecast/contracts';
import { bodyOf, errorMessage } from '../utils/refuse';
import { getService } from '../utils';

/** What Strapi's limit (koa2-ratelimit) leaves on `ctx.state.rateLimit`: `reset` in Unix seconds. */
type RateLimitState = { remaining?: number; reset?: number };

/** Why Strapi refused a sign-in, from the error it threw (its messages are fixed strings). */
function failureReason(error: unknown): string {
  const status = (error as { status?: number } | null)?.status;
  const name = (error as { name?: string } | null)?.name;
  const message = errorMessage(error);
  if (status === 429 || name === 'RateLimitError') return 'locked';
  if (name === 'ValidationError') return 'validation';
  if (message === 'Invalid credentials') return 'invalid_credentials';
  if (message === 'User not active') return 'blocked';
  if ((error as { details?: { code?: string } } | null)?.details?.code === 'LOGIN_NOT_ALLOWED') return 'not-allowed';
  return 'error';
}

function secondsUntil(reset: RateLimitState['reset']): number | null {
  return typeof reset === 'number' && Number.isFinite(reset) ? Math.max(1, Math.ceil(reset - Date.now() / 1000)) : null;
}

export default (_options: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const audit = () => getService(strapi, 'audit');

  return async (ctx: Context, next: Next) => {
    const typed = bodyOf(ctx)?.email;
    const identifier =
      typeof typed === 'string' ? typed.trim().toLowerCase().slice(0, EMAIL_MAX_LENGTH) || undefined : undefined;
    const admin = async () => {
      if (!identifier) return null;
      const user = (await strapi.db
        .query('admin::user')
        .findOne({ select: ['id', 'username'], where: { email: identifier } })) as {
        id: number;
        username: string | null;
      } | null;
      return user ? { id: user.id, username: user.username ?? undefined } : null;
    };
    const failed = async (reason: string) => {
      const user = await admin();
      await audit().record('sign-in-failed', { accountType: 'admin', user, identifier, reason }, ctx);
      const limit = ctx.state.rateLimit as RateLimitState | undefined;
      // the attempt that used the last one the limit allows: the next ones are refused until it resets
      if (reason !== 'locked' && limit?.remaining === 0) {
        const seconds = secondsUntil(limit.reset);
        await audit().record(
          'lockout',
          { accountType: 'admin', user, identifier, reason: seconds ? `for-${seconds}s` : 'rate-limit' },
          ctx,
        );
      }
    };

    try {
      await next();
    } catch (error) {
      await failed(failureReason(error));
      throw error;
    }
    const user = ctx.state.user as { id?: number; username?: string | null } | undefined;
    if (ctx.status === 200 && typeof user?.id === 'number') {
      await audit().record(
        'sign-in',
        { accountType: 'admin', user: { id: user.id, username: user.username ?? undefined }, identifier },
        ctx,
      );
    } else if (ctx.status >= 400) {
      // answered without a throw (Strapi answers 501 to an unexpected strategy error)
      await failed('error');
    }
  };
};
