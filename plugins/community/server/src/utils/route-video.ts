import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ReachableVideo } from '../services/videos';
import { documentId, parse } from '../validation/input';
import { getService } from '.';

/** The video in the route, when viewers may reach it; otherwise a 400 (bad id) or a 404. */
export async function routeVideo(strapi: Core.Strapi, ctx: Context): Promise<ReachableVideo> {
  const id = parse(documentId, ctx.params.videoId);
  const video = await getService(strapi, 'videos').reachable(id);
  if (!video) throw new errors.NotFoundError('This video does not exist or is not available.');
  return video;
}
