import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';

const VIDEO_FILE = /\.(mp4|m4v|mov|mkv|webm|avi|ts|mts)$/i;

/**
 * Strapi serves the local media library (public/uploads) to anyone. A file that is a video's source must not
 * be: viewers get the HLS ladder through the media gateway, and unpublished or private sources stay private.
 * Goes before `strapi::public` in cms/config/middlewares.ts.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: Next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !ctx.path.startsWith('/uploads/') || !VIDEO_FILE.test(ctx.path)) return next();
    const sources = await strapi.db.query('api::video.video').count({ where: { source: { url: ctx.path } } });
    if (sources > 0) return ctx.notFound('No such file.');
    return next();
  };
