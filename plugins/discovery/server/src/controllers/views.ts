import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { MIN_VIEW_SECONDS, verifyViewerToken, viewSigningSecretFromEnv } from '@framecast/config';
import { parseViewBeacon } from '../validation/search-query';
import type { ViewsService } from '../services/views';

const REFUSED = {
  malformed: 'The viewer id is not signed by the site',
  forged: 'The viewer id is not signed by the site',
  expired: 'The signed viewer id has expired',
} as const;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // read once; the bootstrap has already warned when it is missing
  const secret = viewSigningSecretFromEnv();

  return {
    /** Counts a view the site vouches for: the beacon's viewer id must carry the site's signature (VIEW_SIGNING_SECRET). */
    async record(ctx: Context) {
      const { tooShort, ...beacon } = parseViewBeacon((ctx.request as unknown as { body?: unknown }).body);
      if (!secret) {
        ctx.status = 503;
        ctx.body = { data: null, error: { status: 503, name: 'ServiceUnavailableError', message: 'View counting is off: VIEW_SIGNING_SECRET is not set' } };
        return;
      }
      const viewer = verifyViewerToken(secret, beacon.viewer);
      if (!viewer.ok) {
        strapi.log.info(`[discovery] view beacon refused: ${viewer.reason} viewer id`);
        // set here: Strapi's error middleware answers every UnauthorizedError with a bare "Unauthorized"
        ctx.status = 401;
        ctx.body = { data: null, error: { status: 401, name: 'UnauthorizedError', message: REFUSED[viewer.reason], details: { reason: viewer.reason } } };
        return;
      }
      if (tooShort) {
        ctx.status = 422;
        ctx.body = { data: null, error: { status: 422, name: 'UnprocessableEntityError', message: `A view counts after ${MIN_VIEW_SECONDS} s of playback` } };
        return;
      }
      ctx.body = await (strapi.plugin('discovery').service('views') as ViewsService).record({ ...beacon, viewer: viewer.viewerId });
    },
  };
};
