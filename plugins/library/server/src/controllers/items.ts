import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { parseCollectionRef, parseVideoId } from '../validation/common';
import { getService } from '../utils';
import { viewerOf } from '../utils/viewer';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'collections');
  return {
    async add(ctx: Context) {
      const viewer = viewerOf(ctx);
      const { collection, added } = await service().addItem(
        parseCollectionRef(ctx.params.documentId),
        viewer,
        parseVideoId(ctx.params.videoDocumentId),
      );
      ctx.body = { data: collection, meta: { added } };
    },
    async remove(ctx: Context) {
      const viewer = viewerOf(ctx);
      const { collection, removed } = await service().removeItem(
        parseCollectionRef(ctx.params.documentId),
        viewer,
        parseVideoId(ctx.params.videoDocumentId),
      );
      ctx.body = { data: collection, meta: { removed } };
    },
  };
};
