import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { parseCollectionRef, parseVideoId } from '../validation/common';
import { parseCreateCollection, parseUpdateCollection } from '../validation/collections';
import { getService } from '../utils';
import { bodyOf, readerOf, viewerOf } from '../utils/viewer';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'collections');
  return {
    async find(ctx: Context) {
      ctx.body = { data: await service().list(viewerOf(ctx)) };
    },
    async create(ctx: Context) {
      const viewer = viewerOf(ctx);
      ctx.created({ data: await service().create(viewer, parseCreateCollection(bodyOf(ctx))) });
    },
    async findOne(ctx: Context) {
      const ref = parseCollectionRef(ctx.params.documentId);
      const reader = readerOf(ctx);
      // anyone may read a public collection, but "watch-later" means one's own
      if (ref.watchLater && reader === null) return ctx.unauthorized('Sign in to do this.');
      ctx.body = { data: await service().detail(ref, reader) };
    },
    async update(ctx: Context) {
      const viewer = viewerOf(ctx);
      const ref = parseCollectionRef(ctx.params.documentId);
      ctx.body = { data: await service().update(ref, viewer, parseUpdateCollection(bodyOf(ctx))) };
    },
    async delete(ctx: Context) {
      await service().remove(parseCollectionRef(ctx.params.documentId), viewerOf(ctx));
      ctx.status = 204;
    },
    async containing(ctx: Context) {
      const viewer = viewerOf(ctx);
      ctx.body = { data: await service().containing(viewer, parseVideoId(ctx.params.videoDocumentId)) };
    },
  };
};
