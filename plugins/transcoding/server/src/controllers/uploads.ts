import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ACCEPTED_EXTENSIONS } from '../media/media-policy';
import { TICKET_HEADER, TUS_PATH } from '../services/uploads';
import { getConfig, getService } from '../utils';

/** Ids the tus file store makes (hex), with room for others: letters, digits, "-" and "_". */
const UPLOAD_ID = /^[A-Za-z0-9_-]{1,128}$/;

function tusRefusal(ctx: Context, status: number, message: string) {
  ctx.status = status;
  ctx.set('Tus-Resumable', '1.0.0');
  ctx.type = 'text/plain';
  ctx.body = `${message}\n`;
}

/** Tickets last a working day: long uploads outlive the admin's short access token. */
const TICKET_TTL_S = 12 * 60 * 60;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const uploads = () => getService(strapi, 'uploads');
  return {
    /** POST /transcoding/upload-tickets (admin session) */
    async ticket(ctx: Context) {
      const user = ctx.state.user as { id: number };
      const expiresAt = Math.floor(Date.now() / 1000) + TICKET_TTL_S;
      ctx.body = {
        ticket: getService(strapi, 'playback').signUploadTicket(user.id, expiresAt),
        expiresAt: new Date(expiresAt * 1000).toISOString(),
        endpoint: `${TUS_PATH}/`,
        maxUploadBytes: getConfig(strapi).maxUploadBytes,
        acceptedExtensions: ACCEPTED_EXTENSIONS,
      };
    },

    /**
     * Every tus request: the ticket names the uploader; the tus server does the rest. @tus/server reads the upload
     * id from the whole URL (query string included), so it gets exactly the path of the id authorised here.
     */
    async tus(ctx: Context) {
      const id = (ctx.params.id as string | undefined) ?? null;
      if (ctx.querystring || ctx.search) return tusRefusal(ctx, 400, 'Upload addresses take no query string.');
      if (id !== null && !UPLOAD_ID.test(id)) return tusRefusal(ctx, 404, 'No such upload.');
      if (ctx.method !== 'OPTIONS') {
        const refusal = await uploads().authorize(ctx.get(TICKET_HEADER) || undefined, id);
        if (refusal) return tusRefusal(ctx, refusal.status, refusal.message);
      }
      ctx.req.url = id === null ? TUS_PATH : `${TUS_PATH}/${id}`;
      ctx.respond = false;
      await uploads().handle(ctx.req, ctx.res);
    },
  };
};
