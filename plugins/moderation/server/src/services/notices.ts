/**
 * Telling a creator what moderation did to their video: a mail to the address of their admin account, with the
 * reason and the way to appeal. The same reason shows in the video's edit view (the Moderation panel). A failed send
 * is logged, never undoes the decision.
 */
import type { Core } from '@strapi/strapi';
import type { ModeratedVideo } from './videos';

export type NoticeKind = 'held' | 'pre-moderated' | 'removed' | 'restored' | 'warned' | 'blocked' | 'appeal-refused';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function compose(
  kind: NoticeKind,
  title: string,
  reason: string | null,
  link: string,
): { subject: string; body: string[] } {
  const why = reason ? `The reason given: ${reason}` : '';
  const appeal = `You may appeal this decision once, from the video's page in the admin panel: ${link}`;
  switch (kind) {
    case 'held':
      return {
        subject: `Your video "${title}" is held for review`,
        body: [
          `Viewers reported your video "${title}", and it is hidden until a moderator has looked at it.`,
          why,
          appeal,
        ],
      };
    case 'pre-moderated':
      return {
        subject: `Your video "${title}" is waiting for review`,
        body: [
          `Videos from new channels are looked at by a moderator before they appear. "${title}" will be visible once it is approved; you will hear from us if it is not.`,
          `Its page in the admin panel: ${link}`,
        ],
      };
    case 'removed':
      return {
        subject: `Your video "${title}" was removed`,
        body: [`A moderator removed your video "${title}".`, why, appeal],
      };
    case 'blocked':
      return {
        subject: `Your channel was blocked`,
        body: [
          `A moderator removed your video "${title}" and blocked your admin account: you can no longer sign in.`,
          why,
          'To contest it, answer this mail.',
        ],
      };
    case 'warned':
      return {
        subject: `A warning about your video "${title}"`,
        body: [
          `A moderator looked at your video "${title}" and is warning you. It stays up, but repeated problems can lead to removals or a blocked channel.`,
          why,
          `Its page in the admin panel: ${link}`,
        ],
      };
    case 'restored':
      return {
        subject: `Your video "${title}" is back`,
        body: [
          `A moderator reviewed your video "${title}" and restored it: viewers can watch it again.`,
          `Its page: ${link}`,
        ],
      };
    case 'appeal-refused':
      return {
        subject: `Your appeal for "${title}" was refused`,
        body: [`A moderator reviewed your appeal for "${title}" and kept the decision.`, why, `Its page: ${link}`],
      };
  }
}

const noticesService = ({ strapi }: { strapi: Core.Strapi }) => {
  // the admin's address, from PUBLIC_URL (server.url), as the admin's own mails build it
  const adminBase = () => {
    const server = String(
      strapi.config.get('server.url', '') || `http://localhost:${strapi.config.get('server.port', 1337)}`,
    );
    return `${server.replace(/\/+$/, '')}${String(strapi.config.get('admin.path', '/admin'))}`;
  };

  return {
    /** The admin address of a video's edit view, where the creator reads the reason and appeals. */
    linkTo(documentId: string): string {
      return `${adminBase()}/content-manager/collection-types/api::video.video/${documentId}`;
    },

    async tell(kind: NoticeKind, video: ModeratedVideo, reason: string | null): Promise<boolean> {
      const to = video.creator?.owner?.email;
      if (!to) return false;
      const { subject, body } = compose(kind, video.title, reason, this.linkTo(video.documentId));
      const greeting = `Hello ${video.creator?.owner?.firstname || video.creator?.displayName || ''},`.replace(
        ' ,',
        ',',
      );
      const parts = [greeting, ...body.filter(Boolean), 'The Framecast moderators'];
      try {
        await strapi
          .plugin('email')
          .service('email')
          .send({
            to,
            subject,
            text: parts.join('\n\n'),
            html: parts.map((part) => `<p>${escapeHtml(part)}</p>`).join(''),
          });
        return true;
      } catch (error) {
        strapi.log.warn(
          `[moderation] the ${kind} mail for ${video.documentId} was not sent: ${(error as Error).message}`,
        );
        return false;
      }
    },
  };
};

export default noticesService;
export type NoticesService = ReturnType<typeof noticesService>;
