/**
 * Changing the email address: the password proves it is the viewer, a link mailed to the NEW address proves they own
 * it (valid 24 h), and only then is the address swapped; the old address is told. Until then nothing changes, so a
 * typo never locks anyone out.
 */
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { emailProblem } from '@framecast/contracts';
import type { AuditService } from './audit';
import type { Viewer } from './viewers';
import { getService, getSettings } from '../utils';
import { profileError } from '../utils/errors';

const PROFILE = 'plugin::accounts.profile';
const UP_USER = 'plugin::users-permissions.user';
const VALID_MS = 24 * 3_600_000;

const emailChangeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getSettings(strapi);
  const send = (to: string, subject: string, text: string) =>
    strapi
      .plugin('email')
      .service('email')
      .send({
        to,
        subject,
        text,
        html: text
          .split('\n\n')
          .map((part) => `<p>${part}</p>`)
          .join(''),
      });

  return {
    async request(viewer: Viewer, input: { email: string; password: string }): Promise<{ pendingEmail: string }> {
      const email = input.email.trim().toLowerCase();
      const problem = emailProblem(email);
      if (problem) throw profileError(400, problem, 'email');
      const user = (await strapi.db
        .query(UP_USER)
        .findOne({ where: { id: viewer.id }, select: ['id', 'password', 'email'] })) as {
        id: number;
        password: string;
        email: string;
      };
      const users = strapi.plugin('users-permissions').service('user') as {
        validatePassword(password: string, hash: string): Promise<boolean>;
      };
      if (!(await users.validatePassword(input.password, user.password)))
        throw profileError(400, 'This is not your password.', 'password');
      if (email === user.email) throw profileError(400, 'This is already your address.', 'email');
      if (await strapi.db.query(UP_USER).count({ where: { $or: [{ email }, { username: { $eqi: email } }] } })) {
        throw profileError(400, 'An account already uses this email.', 'email');
      }
      const profiles = strapi.plugin('accounts').service('profiles') as { get(viewer: Viewer): Promise<unknown> };
      await profiles.get(viewer);
      const token = randomBytes(24).toString('hex');
      await strapi.db.query(PROFILE).update({
        where: { user: viewer.id },
        data: { pendingEmail: email, emailChangeToken: token, emailChangeExpiresAt: new Date(Date.now() + VALID_MS) },
      });
      const link = `${config().siteUrl}/account/email-confirm?token=${token}`;
      await send(
        email,
        'Confirm your new email address for Framecast',
        `Hello ${viewer.username},\n\nConfirm that this is your new address for Framecast: ${link}\n\nThe link works for 24 hours. If you did not ask for this, ignore this mail: nothing changes.`,
      );
      return { pendingEmail: email };
    },

    /** The link from the mail: the token is the credential (the viewer may open it on another device). */
    async confirm(token: string, ctx: Parameters<AuditService['record']>[2]): Promise<{ email: string }> {
      const profile = (await strapi.db.query(PROFILE).findOne({
        where: { emailChangeToken: token },
        select: ['id', 'user', 'pendingEmail', 'emailChangeExpiresAt'],
      })) as { id: number; user: number; pendingEmail: string | null; emailChangeExpiresAt: string | null } | null;
      if (
        !profile?.pendingEmail ||
        !profile.emailChangeExpiresAt ||
        new Date(profile.emailChangeExpiresAt).getTime() < Date.now()
      ) {
        throw profileError(
          400,
          'This confirmation link is invalid or has expired: ask for a new one from your account settings.',
        );
      }
      const email = profile.pendingEmail;
      if (await strapi.db.query(UP_USER).count({ where: { email, id: { $ne: profile.user } } }))
        throw profileError(400, 'Another account took this email meanwhile.', 'email');
      const user = (await strapi.db
        .query(UP_USER)
        .findOne({ where: { id: profile.user }, select: ['id', 'username', 'email'] })) as {
        id: number;
        username: string;
        email: string;
      };
      await strapi.db.query(UP_USER).update({ where: { id: user.id }, data: { email, confirmed: true } });
      await strapi.db.query(PROFILE).update({
        where: { id: profile.id },
        data: { pendingEmail: null, emailChangeToken: null, emailChangeExpiresAt: null },
      });
      await getService(strapi, 'audit').record('email-changed', { user }, ctx);
      await send(
        user.email,
        'Your Framecast email address was changed',
        `Hello ${user.username},\n\nThe email address of your Framecast account is now ${email}. If you did not do this, reset your password at ${config().siteUrl}/account/forgot-password and contact the site's team.`,
      ).catch((error: Error) =>
        strapi.log.error(`[accounts] could not tell the old address about an email change: ${error.message}`),
      );
      return { email };
    },
  };
};

export default emailChangeService;
export type EmailChangeService = ReturnType<typeof emailChangeService>;
