import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const gateway = () => getService(strapi, 'gateway');
  return {
    /** GET /media/videos/:documentId/:version/<file>: open videos only. */
    async serve(ctx: Context) {
      const { documentId, version } = ctx.params;
      await gateway().serve(ctx, { documentId, version, file: ctx.params.file ?? ctx.params[0] ?? '' });
    },

    /** GET /media/s/:token/videos/:documentId/:version/<file>: any video, with a valid signature. */
    async serveSigned(ctx: Context) {
      const { token, documentId, version } = ctx.params;
      await gateway().serve(ctx, { documentId, version, file: ctx.params.file ?? ctx.params[0] ?? '', token });
    },
  };
};
