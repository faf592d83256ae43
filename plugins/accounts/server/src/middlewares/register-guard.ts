/**
 * In front of users-permissions' POST /auth/local/register: the shared username, email and password rules plus the
 * common-password list, each answered on its field, and a taken username (whatever its case) named as such. Whether an
 * email already has an account is never told: the answer is the same, and that account's owner gets a mail instead.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { emailProblem, usernameProblem, type FieldErrors } from '@framecast/contracts';
import { bodyOf, errorMessage, refuse } from '../utils/refuse';
import { getService, getSettings } from '../utils';

const UP_USER = 'plugin::users-permissions.user';
const TAKEN_USERNAME = 'This username is taken: choose another.';

/** The one answer to a sign-up that passed the rules, whether the email was new or already had an account. */
function answerSent(ctx: Context, email: string): void {
  ctx.status = 200;
  ctx.body = { ok: true, email, message: 'Check your mail: we sent a link to finish creating your account.' };
}

export default (_options: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const passwords = () => getService(strapi, 'passwords');
  const audit = () => getService(strapi, 'audit');
  const settings = () => getSettings(strapi);

  /** The owner of the email hears of the attempt (it may be them, having forgotten the account). */
  async function tellOwner(email: string): Promise<void> {
    const site = settings().siteUrl;
    const text = [
      'Hello,',
      'Someone (perhaps you) tried to create a Framecast account with this email address, which already has one. If it was you, sign in:',
      `${site}/account/sign-in`,
      'or, if you forgot your password, choose a new one:',
      `${site}/account/forgot-password`,
      'If it was not you, ignore this mail: nothing was changed.',
    ].join('\n\n');
    try {
      await strapi
        .plugin('email')
        .service('email')
        .send({
          to: email,
          subject: 'You already have a Framecast account',
          text,
          html: text
            .split('\n\n')
            .map((part) => `<p>${part}</p>`)
            .join(''),
        });
    } catch (error) {
      strapi.log.error(`[accounts] could not send the existing-account mail: ${(error as Error).message}`);
    }
  }

  return async (ctx: Context, next: Next) => {
    const body = bodyOf(ctx);
    if (!body) return refuse(ctx, 400, 'Send a username, an email and a password.', { reason: 'validation' });
    const extra = Object.keys(body).filter((key) => !['username', 'email', 'password'].includes(key));
    if (extra.length > 0) return refuse(ctx, 400, `Unexpected fields: ${extra.join(', ')}.`, { reason: 'validation' });
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';

    const fields: FieldErrors = {};
    const usernameIssue = usernameProblem(username);
    const emailIssue = emailProblem(email);
    const passwordIssue = passwords().problem(password, { username, email });
    if (usernameIssue) fields.username = usernameIssue;
    if (emailIssue) fields.email = emailIssue;
    if (passwordIssue) fields.password = passwordIssue;
    if (Object.keys(fields).length > 0)
      return refuse(ctx, 400, 'Some fields need another look.', { reason: 'validation', fields });

    const users = strapi.db.query(UP_USER);
    const usernameTaken = async () =>
      (await users.count({ where: { $or: [{ username: { $eqi: username } }, { email: username.toLowerCase() }] } })) >
      0;
    const emailTaken = async () =>
      (await users.count({ where: { $or: [{ email }, { username: { $eqi: email } }] } })) > 0;
    // usernames are public (shown beside comments): a taken one is named; whether an email has an account is not told
    if (await usernameTaken())
      return refuse(ctx, 400, TAKEN_USERNAME, { reason: 'taken', fields: { username: TAKEN_USERNAME } });
    if (await emailTaken()) {
      await tellOwner(email);
      await audit().record('sign-up-existing-email', { identifier: email }, ctx);
      return answerSent(ctx, email);
    }

    Object.assign(body, { username, email });
    try {
      await next();
    } catch (error) {
      // two sign-ups racing for the same name: the second one lands here
      if (errorMessage(error) === 'Email or Username are already taken') {
        if (await usernameTaken())
          return refuse(ctx, 400, TAKEN_USERNAME, { reason: 'taken', fields: { username: TAKEN_USERNAME } });
        return answerSent(ctx, email);
      }
      throw error;
    }
    const user = (ctx.body as { user?: { id: number; username: string } } | undefined)?.user;
    if (ctx.status === 200 && user) {
      await audit().record('registered', { user }, ctx);
      answerSent(ctx, email);
    }
  };
};
