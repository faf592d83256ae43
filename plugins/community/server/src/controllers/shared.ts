import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { CommentError } from '../services/comments';
import type { ReachableVideo, VideosService } from '../services/videos';
import { parse, documentId } from '../validation/input';

export function notFound(ctx: Context, message: string): void {
  ctx.status = 404;
  ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message, details: {} } };
}

/** The video in the route, when viewers may reach it; otherwise the request is answered (400 or 404) and null returned. */
export async function routeVideo(strapi: Core.Strapi, ctx: Context): Promise<ReachableVideo | null> {
  const id = parse(documentId, ctx.params.videoId, ctx);
  if (!id) return null;
  const video = await (strapi.plugin('community').service('videos') as VideosService).reachable(id);
  if (!video) notFound(ctx, 'This video does not exist or is not available.');
  return video;
}

/** Runs a service call, turning its CommentError into the matching answer. */
export async function answering(ctx: Context, work: () => Promise<unknown>, status = 200): Promise<void> {
  try {
    const body = await work();
    ctx.status = body === undefined ? 204 : status;
    if (body !== undefined) ctx.body = body;
  } catch (error) {
    if (!(error instanceof CommentError)) throw error;
    ctx.status = error.status;
    ctx.body = { data: null, error: { status: error.status, name: error.status === 403 ? 'ForbiddenError' : error.status === 404 ? 'NotFoundError' : 'ValidationError', message: error.message, details: {} } };
  }
}
