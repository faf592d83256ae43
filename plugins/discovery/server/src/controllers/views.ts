import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { MIN_VIEW_SECONDS } from '@framecast/config';
import { parseViewBeacon } from '../validation/search-query';
import type { ViewsService } from '../services/views';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async record(ctx: Context) {
    const { tooShort, ...beacon } = parseViewBeacon((ctx.request as unknown as { body?: unknown }).body);
    if (tooShort) {
      ctx.status = 422;
      ctx.body = { data: null, error: { status: 422, name: 'UnprocessableEntityError', message: `A view counts after ${MIN_VIEW_SECONDS} s of playback` } };
      return;
    }
    ctx.body = await (strapi.plugin('discovery').service('views') as ViewsService).record(beacon);
  },
});
