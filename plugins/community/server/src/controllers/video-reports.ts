import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { routeVideo } from '../utils/route-video';
import { parse, videoReport } from '../validation/input';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/community/videos/:videoId/report: `{ reported: false }` when this viewer had reported it already. */
  async report(ctx: Context) {
    const video = await routeVideo(strapi, ctx);
    const input = parse(videoReport, ctx.request.body);
    ctx.body = await getService(strapi, 'video-reports').report(video, ctx.state.viewer, input);
  },
});
