/**
 * In front of users-permissions' POST /auth/local/register: the shared username, email and password rules plus the
 * common-password list, each answered on its field, and a taken username (whatever its case) or email named as such.
 */
import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { emailProblem, usernameProblem, type FieldErrors } from '@framecast/config';
import type { AuditService } from '../services/audit';
import type { PasswordsService } from '../services/passwords';
import { bodyOf, errorMessage, refuse } from './refuse';

const UP_USER = 'plugin::users-permissions.user';
const TAKEN_USERNAME = 'This username is taken: choose another.';
const TAKEN_EMAIL = 'An account already uses this email: sign in, or reset your password if you forgot it.';

export default (_options: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const passwords = () => strapi.plugin('accounts').service('passwords') as PasswordsService;
  const audit = () => strapi.plugin('accounts').service('audit') as AuditService;

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
    if (Object.keys(fields).length > 0) return refuse(ctx, 400, 'Some fields need another look.', { reason: 'validation', fields });

    const users = strapi.db.query(UP_USER);
    const [usernameTaken, emailTaken] = await Promise.all([
      users.count({ where: { $or: [{ username: { $eqi: username } }, { email: username.toLowerCase() }] } }),
      users.count({ where: { $or: [{ email }, { username: { $eqi: email } }] } }),
    ]);
    if (usernameTaken) fields.username = TAKEN_USERNAME;
    if (emailTaken) fields.email = TAKEN_EMAIL;
    if (usernameTaken || emailTaken) return refuse(ctx, 400, usernameTaken && emailTaken ? 'This username and email are taken.' : usernameTaken ? TAKEN_USERNAME : TAKEN_EMAIL, { reason: 'taken', fields });

    Object.assign(body, { username, email });
    try {
      await next();
    } catch (error) {
      // two sign-ups racing for the same name: the second one lands here
      if (errorMessage(error) === 'Email or Username are already taken') {
        return refuse(ctx, 400, 'This username or email was just taken: choose another.', { reason: 'taken', fields: { username: TAKEN_USERNAME } });
      }
      throw error;
    }
    const user = (ctx.body as { user?: { id: number; username: string } } | undefined)?.user;
    if (ctx.status === 200 && user) await audit().record('registered', { user }, ctx);
  };
};
