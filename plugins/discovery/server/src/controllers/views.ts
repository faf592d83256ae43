import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import createError from 'http-errors';
import { VIEW_RULE, verifyViewerToken } from '@framecast/contracts';
import { parseViewBeacon } from '../validation/search-query';
import { getService } from '../utils';

const REFUSED = {
  malformed: 'The viewer id is not signed by the site',
  forged: 'The viewer id is not signed by the site',
  expired: 'The signed viewer id has expired',
} as const;

/**
 * Refusals Strapi's error middleware shapes as `{ data: null, error: { status, name, message, details } }`. They are
 * http-errors errors (`errors.HttpError`), not `errors.*` classes: @strapi/utils has none for 422 or 503, and Strapi
 * answers every `errors.UnauthorizedError` thrown behind a route with a bare "Unauthorized", losing the reason.
 */
const refuse = (status: 401 | 422 | 503, message: string, details?: Record<string, unknown>) =>
  createError(status, message, details ? { details } : {});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // read once; the bootstrap has already warned when it is missing
  const secret = getService(strapi, 'engine').config.viewSigningSecret;

  return {
    /** Counts a view the site vouches for: the beacon's viewer id must carry the site's signature (VIEW_SIGNING_SECRET). */
    async record(ctx: Context) {
      const { tooShort, ...beacon } = parseViewBeacon((ctx.request as unknown as { body?: unknown }).body);
      if (!secret) throw refuse(503, 'View counting is off: VIEW_SIGNING_SECRET is not set');
      const viewer = verifyViewerToken(secret, beacon.viewer);
      if (!viewer.ok) {
        strapi.log.info(`[discovery] view beacon refused: ${viewer.reason} viewer id`);
        throw refuse(401, REFUSED[viewer.reason], { reason: viewer.reason });
      }
      if (tooShort) throw refuse(422, `A view counts after ${VIEW_RULE.minPlayedSeconds} s of playback`);
      ctx.body = await getService(strapi, 'views').record({ ...beacon, viewer: viewer.viewerId });
    },
  };
};
