import { factories } from '@strapi/strapi';
import { allowUnlistedVideos } from '../../../public-access';
import { publicOutputSanitizer } from '../../../public-reads';

const UID = 'api::video.video';

export default factories.createCoreController(UID, ({ strapi }) => ({
  /** The core `find`, with playback taken from the rows it read (no second query when they carry its columns). */
  async find(ctx) {
    await this.validateQuery!(ctx);
    const query = await this.sanitizeQuery!(ctx);
    const { results, pagination } = (await strapi.service(UID).find(query)) as {
      results: Array<Record<string, unknown>>;
      pagination: unknown;
    };
    const sanitized = await this.sanitizeOutput!(results, ctx);
    const { data, meta } = (await this.transformResponse!(sanitized, { pagination })) as {
      data: Array<{ documentId?: string }>;
      meta: unknown;
    };
    return { data: await strapi.service(UID).attachPlayback(data, results), meta };
  },

  async findOne(ctx) {
    const response = await super.findOne(ctx);
    if (!response?.data) return response;
    const [data] = await strapi.service(UID).attachPlayback([response.data]);
    return { data, meta: response.meta };
  },

  /** GET /videos/slug/:slug — the only way to reach an unlisted video. */
  async findBySlug(ctx) {
    const slug = String(ctx.params.slug ?? '');
    if (!/^[A-Za-z0-9-_.~]{1,200}$/.test(slug)) return ctx.badRequest('Invalid slug');
    await this.validateQuery!(ctx);
    const query = await this.sanitizeQuery!(ctx);
    allowUnlistedVideos(ctx);
    const video = await strapi.documents(UID).findFirst({
      ...query,
      status: 'published',
      filters: { slug: { $eq: slug } },
    });
    if (!video) return ctx.notFound('Video not found');
    const sanitized = await this.sanitizeOutput!(video, ctx);
    const [data] = await strapi.service(UID).attachPlayback([sanitized as { documentId: string }]);
    return this.transformResponse!(data);
  },

  // public reads go through a compiled plan (src/public-reads): the generic sanitizer's answer, cheaper
  sanitizeOutput: publicOutputSanitizer(strapi, UID),
}));
