/**
 * Creator applications. A signed-in viewer whose address is confirmed applies (handle, channel name, what they will
 * publish, up to three links); one at a time. A moderator approves — an admin account with the Creator role for the
 * viewer's address, a channel (creator profile) it owns, and a mail with the link to set the admin password — or
 * declines with a reason, mailed too; the applicant sees the state on the site and may apply again after a decline.
 */
import type { Core } from '@strapi/strapi';
import type { CreatorApplicationReview, CreatorApplicationView } from '@framecast/contracts';
import { conflict, forbidden, notFound } from '../utils/errors';

const APPLICATION = 'plugin::onboarding.application';
const CREATOR = 'api::creator.creator';
const VIEWER = 'plugin::users-permissions.user';
const ADMIN_USER = 'admin::user';
const CREATOR_ROLE = 'framecast-creator';

type Row = {
  id: number;
  applicant: number;
  handle: string;
  displayName: string;
  about: string;
  links: string[] | null;
  state: 'pending' | 'approved' | 'declined';
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | Date | null;
  createdAt: string | Date;
  adminUser: number | null;
};

export interface Moderator {
  id: number;
  name: string;
}

const view = (row: Row): CreatorApplicationView => ({
  id: row.id,
  handle: row.handle,
  displayName: row.displayName,
  about: row.about,
  links: row.links ?? [],
  state: row.state,
  reason: row.reason,
  createdAt: new Date(row.createdAt).toISOString(),
  decidedAt: row.decidedAt ? new Date(row.decidedAt).toISOString() : null,
});

const PLATFORMS: Array<[RegExp, string]> = [
  [/(^|\.)youtube\.com$|(^|\.)youtu\.be$/, 'youtube'],
  [/(^|\.)github\.com$/, 'github'],
  [/(^|\.)instagram\.com$/, 'instagram'],
  [/(^|\.)linkedin\.com$/, 'linkedin'],
  [/(^|\.)bsky\.app$/, 'bluesky'],
  [/(^|\.)(x|twitter)\.com$/, 'x'],
];

function platformOf(url: string): string {
  const host = new URL(url).hostname.toLowerCase();
  return PLATFORMS.find(([pattern]) => pattern.test(host))?.[1] ?? 'website';
}

const applicationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(APPLICATION);

  const adminBase = () => {
    const server = String(
      strapi.config.get('server.url', '') || `http://localhost:${strapi.config.get('server.port', 1337)}`,
    );
    return `${server.replace(/\/+$/, '')}${String(strapi.config.get('admin.path', '/admin'))}`;
  };

  async function mail(to: string, subject: string, paragraphs: string[]): Promise<boolean> {
    const escape = (text: string) =>
      text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
    try {
      await strapi
        .plugin('email')
        .service('email')
        .send({
          to,
          subject,
          text: paragraphs.join('\n\n'),
          html: paragraphs.map((p) => `<p>${escape(p)}</p>`).join(''),
        });
      return true;
    } catch (error) {
      strapi.log.warn(`[onboarding] mail "${subject}" not sent: ${(error as Error).message}`);
      return false;
    }
  }

  async function handleTaken(handle: string, except?: number): Promise<boolean> {
    if ((await strapi.db.query(CREATOR).count({ where: { handle } })) > 0) return true;
    return (
      (await rows().count({ where: { handle, state: 'pending', ...(except ? { id: { $ne: except } } : {}) } })) > 0
    );
  }

  async function applicantOf(id: number) {
    return (await strapi.db.query(VIEWER).findOne({
      where: { id },
      select: ['id', 'username', 'email', 'confirmed', 'blocked', 'createdAt'],
    })) as { id: number; username: string; email: string; confirmed: boolean | null; createdAt: string } | null;
  }

  async function pendingOrFail(id: number): Promise<Row> {
    const row = (await rows().findOne({ where: { id } })) as Row | null;
    if (!row) throw notFound('No such application.');
    if (row.state !== 'pending') throw conflict(`This application was ${row.state} already.`);
    return row;
  }

  return {
    async mine(viewer: number): Promise<CreatorApplicationView | null> {
      const row = (await rows().findOne({
        where: { applicant: viewer },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      })) as Row | null;
      return row ? view(row) : null;
    },

    async apply(
      viewer: number,
      input: { handle: string; displayName: string; about: string; links: string[] },
    ): Promise<CreatorApplicationView> {
      const account = await applicantOf(viewer);
      if (!account?.confirmed)
        throw forbidden('Confirm your email address first: the link is in the mail we sent you.');
      const latest = await this.mine(viewer);
      if (latest?.state === 'pending') throw conflict('You have applied already: a moderator will answer soon.');
      if (latest?.state === 'approved') throw conflict('You are a creator already: sign in to the admin panel.');
      if (await handleTaken(input.handle)) throw conflict('This handle is taken: choose another.', 'handle');
      if ((await strapi.db.query(ADMIN_USER).count({ where: { email: account.email.toLowerCase() } })) > 0)
        throw conflict('Your address already has an admin account: ask a moderator.');
      const row = (await rows().create({ data: { applicant: viewer, ...input, state: 'pending' } })) as Row;
      strapi.log.info(`[onboarding] application ${row.id} from viewer ${viewer}`);
      return view(row);
    },

    async list(state: 'pending' | 'approved' | 'declined'): Promise<CreatorApplicationReview[]> {
      const found = (await rows().findMany({
        where: { state },
        orderBy: [{ createdAt: state === 'pending' ? 'asc' : 'desc' }],
        limit: 200,
      })) as Row[];
      const people = (await strapi.db.query(VIEWER).findMany({
        where: { id: { $in: found.map((row) => row.applicant) } },
        select: ['id', 'username', 'email', 'createdAt'],
      })) as Array<{ id: number; username: string; email: string; createdAt: string }>;
      const byId = new Map(people.map((person) => [person.id, person]));
      return found.map((row) => {
        const person = byId.get(row.applicant);
        return {
          ...view(row),
          applicant: person
            ? { username: person.username, email: person.email, memberSince: new Date(person.createdAt).toISOString() }
            : null,
          decidedBy: row.decidedBy,
        };
      });
    },

    /** Approves: the admin account (Creator role, invited by mail), the channel it owns; undone when a step fails. */
    async approve(
      id: number,
      moderator: Moderator,
    ): Promise<{ application: CreatorApplicationView; invited: boolean }> {
      const row = await pendingOrFail(id);
      const applicant = await applicantOf(row.applicant);
      if (!applicant) throw conflict('The applicant deleted their account.');
      if ((await strapi.db.query(CREATOR).count({ where: { handle: row.handle } })) > 0)
        throw conflict(
          `The handle @${row.handle} was taken since: decline with a reason, and the applicant may apply again.`,
        );
      const email = applicant.email.toLowerCase();
      if ((await strapi.db.query(ADMIN_USER).count({ where: { email } })) > 0)
        throw conflict('An admin account already uses the applicant’s address.');
      const role = (await strapi.db.query('admin::role').findOne({ where: { code: CREATOR_ROLE } })) as {
        id: number;
      } | null;
      if (!role) throw conflict('The Creator role is missing: restart the CMS to restore it.');

      const users = strapi.admin.services.user as {
        create(attributes: Record<string, unknown>): Promise<{ id: number; registrationToken: string | null }>;
        deleteById(id: number): Promise<unknown>;
      };
      const [firstname, ...rest] = row.displayName.split(/\s+/);
      const user = await users.create({ firstname, lastname: rest.join(' ') || null, email, roles: [role.id] });
      try {
        await strapi.documents(CREATOR).create({
          data: {
            handle: row.handle,
            displayName: row.displayName,
            bio: row.about,
            owner: user.id,
            socialLinks: (row.links ?? []).map((url) => ({ platform: platformOf(url), url })),
          } as never,
        });
      } catch (error) {
        await users.deleteById(user.id);
        throw error;
      }
      const decided = (await rows().update({
        where: { id },
        data: { state: 'approved', decidedBy: moderator.name, decidedAt: new Date(), adminUser: user.id },
      })) as Row;
      const link = `${adminBase()}/auth/register?registrationToken=${user.registrationToken}`;
      const invited = await mail(email, 'Your Framecast channel is ready', [
        `Hello ${row.displayName},`,
        `Your application was approved: your channel @${row.handle} is ready.`,
        `Set the password of your admin account here (the link works once): ${link}`,
        'Then sign in to the admin panel to upload your first video.',
        'The Framecast moderators',
      ]);
      strapi.log.info(`[onboarding] application ${id} approved by ${moderator.id}: admin user ${user.id}`);
      return { application: view(decided), invited };
    },

    async decline(id: number, reason: string, moderator: Moderator): Promise<CreatorApplicationView> {
      const row = await pendingOrFail(id);
      const decided = (await rows().update({
        where: { id },
        data: { state: 'declined', reason, decidedBy: moderator.name, decidedAt: new Date() },
      })) as Row;
      const applicant = await applicantOf(row.applicant);
      if (applicant)
        await mail(applicant.email, 'About your Framecast creator application', [
          `Hello ${row.displayName},`,
          'A moderator looked at your application to become a creator and declined it.',
          `The reason given: ${reason}`,
          'You may apply again from your account page.',
          'The Framecast moderators',
        ]);
      return view(decided);
    },

    /** Account deletion: the viewer's applications go. */
    async forgetViewer(viewer: number): Promise<void> {
      await rows().deleteMany({ where: { applicant: viewer } });
    },
  };
};

export default applicationsService;
export type ApplicationsService = ReturnType<typeof applicationsService>;
