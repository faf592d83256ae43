import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ACCEPTED_EXTENSIONS } from '../config';
import { signUploadTicket } from '../services/media-signing';
import { TICKET_HEADER, TUS_PATH } from '../services/uploads';

type Pipeline = ReturnType<typeof import('../services/pipeline').default>;
type Uploads = ReturnType<typeof import('../services/uploads').default>;

/** Tickets last a working day: long uploads outlive the admin's short access token. */
const TICKET_TTL_S = 12 * 60 * 60;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pipeline = () => strapi.plugin('transcoding').service('pipeline') as Pipeline;
  const uploads = () => strapi.plugin('transcoding').service('uploads') as Uploads;
  return {
    /** POST /transcoding/upload-tickets (admin session) */
    async ticket(ctx: Context) {
      const user = ctx.state.user as { id: number };
      const expiresAt = Math.floor(Date.now() / 1000) + TICKET_TTL_S;
      ctx.body = {
        ticket: signUploadTicket(pipeline().signingSecret, user.id, expiresAt),
        expiresAt: new Date(expiresAt * 1000).toISOString(),
        endpoint: `${TUS_PATH}/`,
        maxUploadBytes: pipeline().config.maxUploadBytes,
        acceptedExtensions: ACCEPTED_EXTENSIONS,
      };
    },

    /** Every tus request: the ticket names the uploader; the tus server does the rest. */
    async tus(ctx: Context) {
      if (ctx.method !== 'OPTIONS') {
        const refusal = await uploads().authorize(ctx.get(TICKET_HEADER) || undefined, ctx.params.id ?? null);
        if (refusal) {
          ctx.status = refusal.status;
          ctx.set('Tus-Resumable', '1.0.0');
          ctx.type = 'text/plain';
          ctx.body = `${refusal.message}\n`;
          return;
        }
      }
      ctx.respond = false;
      await uploads().handle(ctx.req, ctx.res);
    },
  };
};
