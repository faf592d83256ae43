/**
 * Notification mails for viewers who asked for them (profile choices), each with a one-click unsubscribe (RFC 8058:
 * List-Unsubscribe + List-Unsubscribe-Post, answered by POST /api/accounts/unsubscribe) and a link to the site.
 * Sent after the request that caused them; a failed send is logged, the in-app notification stays.
 */
import type { Core } from '@strapi/strapi';
import { getSettings } from '../utils';

export type MailKind = 'new-video' | 'reply';
export type NotificationMail = { recipient: number; kind: MailKind; text: string; video?: string | null };

const PREFERENCE: Record<MailKind, 'notifyNewVideoEmail' | 'notifyReplyEmail'> = {
  'new-video': 'notifyNewVideoEmail',
  reply: 'notifyReplyEmail',
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const notificationMailService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getSettings(strapi);

  return {
    unsubscribeUrl(token: string, kind: MailKind): string {
      return `${config().publicApiUrl}/api/accounts/unsubscribe?token=${encodeURIComponent(token)}&kind=${kind}`;
    },

    async send(mails: NotificationMail[]): Promise<number> {
      let sent = 0;
      for (const kind of ['new-video', 'reply'] as const) {
        const batch = mails.filter((mail) => mail.kind === kind);
        if (!batch.length) continue;
        const profiles = (await strapi.db.query('plugin::accounts.profile').findMany({
          where: { user: { $in: batch.map((mail) => mail.recipient) }, [PREFERENCE[kind]]: true },
          select: ['user', 'unsubscribeToken'],
        })) as Array<{ user: number; unsubscribeToken: string }>;
        if (!profiles.length) continue;
        const users = (await strapi.db.query('plugin::users-permissions.user').findMany({
          where: { id: { $in: profiles.map((profile) => profile.user) }, confirmed: true, blocked: false },
          select: ['id', 'email'],
        })) as Array<{ id: number; email: string }>;
        const slugs = new Map<string, string>();
        for (const mail of batch) {
          if (mail.video && !slugs.has(mail.video)) {
            const video = (await strapi.db
              .query('api::video.video')
              .findOne({ where: { documentId: mail.video }, select: ['slug'] })) as { slug: string } | null;
            if (video) slugs.set(mail.video, video.slug);
          }
        }
        for (const mail of batch) {
          const user = users.find((candidate) => candidate.id === mail.recipient);
          const profile = profiles.find((candidate) => candidate.user === mail.recipient);
          if (!user || !profile) continue;
          const slug = mail.video ? slugs.get(mail.video) : undefined;
          // `src=mail`: creator analytics credit the view to the notification mail
          const link = slug ? `${config().siteUrl}/watch/${slug}?src=mail` : `${config().siteUrl}/account`;
          const unsubscribe = this.unsubscribeUrl(profile.unsubscribeToken, kind);
          const stop = kind === 'reply' ? 'replies to your comments' : 'new videos from creators you follow';
          try {
            await strapi
              .plugin('email')
              .service('email')
              .send({
                to: user.email,
                subject: mail.text,
                text: `${mail.text}\n\n${link}\n\nYou get this mail because you asked for mails about ${stop}. Stop them: ${unsubscribe}`,
                html: `<p>${escapeHtml(mail.text)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p><p style="color:#666">You get this mail because you asked for mails about ${stop}. <a href="${escapeHtml(unsubscribe)}">Stop these mails</a>.</p>`,
                headers: {
                  'List-Unsubscribe': `<${unsubscribe}>`,
                  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
                },
              });
            sent += 1;
          } catch (error) {
            strapi.log.error(`[accounts] notification mail to user ${user.id} failed: ${(error as Error).message}`);
          }
        }
      }
      return sent;
    },

    /** One-click unsubscribe: the token in the mail names the viewer; the kind says which mails stop. */
    async unsubscribe(token: string, kind: MailKind): Promise<boolean> {
      const result = (await strapi.db
        .query('plugin::accounts.profile')
        .updateMany({ where: { unsubscribeToken: token }, data: { [PREFERENCE[kind]]: false } })) as { count: number };
      return result.count > 0;
    },
  };
};

export default notificationMailService;
export type NotificationMailService = ReturnType<typeof notificationMailService>;
