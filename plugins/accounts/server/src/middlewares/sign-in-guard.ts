/**
 * In front of users-permissions' POST /auth/local: only `identifier` and `password` are accepted (so the limit cannot be
 * dodged under another field name), each attempt is counted per account and per address before the password is
 * checked (a locked account, or an address past its free failures, gets 429 and Retry-After; see sign-in-limits.ts),
 * a username signs in whatever its case, errors say what the viewer can act on without telling which of identifier
 * or password was wrong, and every outcome is audited.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { normalizeIdentifier, type FieldErrors } from '@framecast/contracts';
import { signInKeys } from '../services/sign-in-limits';
import { bodyOf, errorMessage, minutesFrom, refuse } from '../utils/refuse';
import { getService } from '../utils';

const WRONG = 'Wrong email/username or password.';
const UP_USER = 'plugin::users-permissions.user';

export default (_options: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const audit = () => getService(strapi, 'audit');
  const limits = () => getService(strapi, 'sign-in-limits');

  return async (ctx: Context, next: Next) => {
    const body = bodyOf(ctx);
    const fields: FieldErrors = {};
    const identifier = typeof body?.identifier === 'string' ? body.identifier.trim() : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    if (!identifier) fields.identifier = 'Enter your email or username.';
    else if (identifier.length > 254) fields.identifier = 'This is longer than any email or username.';
    if (!password) fields.password = 'Enter your password.';
    else if (password.length > 1024) fields.password = WRONG;
    const extra = body ? Object.keys(body).filter((key) => key !== 'identifier' && key !== 'password') : [];
    if (extra.length > 0) {
      return refuse(
        ctx,
        400,
        `Only "identifier" and "password" are accepted (got ${extra.map((key) => `"${key}"`).join(', ')}).`,
        { reason: 'validation' },
      );
    }
    if (Object.keys(fields).length > 0)
      return refuse(ctx, 400, 'Enter your email or username and your password.', { reason: 'validation', fields });

    const normalized = normalizeIdentifier(identifier);
    // users-permissions matches emails in lower case but usernames exactly: find the account whatever the spelling
    const account = (await strapi.db.query(UP_USER).findOne({
      select: ['id', 'username'],
      where: normalized.includes('@') ? { email: normalized } : { username: { $eqi: normalized } },
    })) as { id: number; username: string } | null;
    if (account && !normalized.includes('@')) body!.identifier = account.username;
    else body!.identifier = normalized.includes('@') ? normalized : identifier;

    // one count per account, whichever of its email or username is typed; per typed name when there is no account
    const keys = signInKeys(account ? `user:${account.id}` : normalized, audit().clientAddress(ctx));
    const claim = await limits().claim(keys);
    if (!claim.allowed) {
      await audit().record(
        'sign-in-failed',
        { user: account, identifier: normalized, reason: `locked-by-${claim.by}` },
        ctx,
      );
      return claim.by === 'account'
        ? refuse(ctx, 429, `Too many failed sign-ins. Try again in ${minutesFrom(claim.retryAfterSeconds)}.`, {
            reason: 'locked',
            retryAfterSeconds: claim.retryAfterSeconds,
          })
        : refuse(ctx, 429, `Too many sign-in attempts from your network. Try again in ${claim.retryAfterSeconds} s.`, {
            reason: 'slowed',
            retryAfterSeconds: claim.retryAfterSeconds,
          });
    }

    try {
      await next();
    } catch (error) {
      const message = errorMessage(error);
      if (message === 'Invalid identifier or password') {
        const outcome = await limits().recordFailure(keys);
        await audit().record(
          'sign-in-failed',
          { user: account, identifier: normalized, reason: 'invalid_credentials' },
          ctx,
        );
        if (outcome.locked)
          await audit().record(
            'lockout',
            { user: account, identifier: normalized, reason: `for-${outcome.retryAfterSeconds}s` },
            ctx,
          );
        return refuse(ctx, 400, WRONG, { reason: 'invalid_credentials' });
      }
      // the password was right (users-permissions checks it first) or nothing was checked: the attempt is given back
      await limits().release(keys);
      if (message === 'Your account email is not confirmed') {
        await audit().record('sign-in-failed', { user: account, identifier: normalized, reason: 'unconfirmed' }, ctx);
        return refuse(
          ctx,
          400,
          'Confirm your email address first: follow the link in the mail we sent you, or ask for a new one.',
          { reason: 'unconfirmed' },
        );
      }
      if (message.includes('blocked')) {
        await audit().record('sign-in-failed', { user: account, identifier: normalized, reason: 'blocked' }, ctx);
        return refuse(
          ctx,
          400,
          'This account has been blocked by a moderator. Contact the site’s team if you think this is a mistake.',
          { reason: 'blocked' },
        );
      }
      throw error;
    }
    if (ctx.status === 200) {
      await limits().clearAccount(keys);
      await audit().record('sign-in', { user: account }, ctx);
    } else {
      await limits().release(keys);
    }
  };
};
