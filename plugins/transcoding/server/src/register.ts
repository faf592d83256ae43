import type { Core } from '@strapi/strapi';
import { checkCaptionTracks } from './media/caption-tracks';
import { useMediaTools } from './media/ffmpeg';
import { guardMediaLibrary } from './media/media-library-guard';
import { getConfig, getService } from './utils';

const VIDEO = 'api::video.video';
const WRITES = new Set(['create', 'update', 'publish', 'unpublish', 'delete', 'discardDraft']);

/** Admin routes of the upload plugin that store a new file: counted in the same `uploads` bucket as tus uploads. */
const MEDIA_LIBRARY_WRITES = new Set(['/', '/files', '/files/:id/replace', '/actions/upload-from-urls']);

function limitMediaLibraryUploads(strapi: Core.Strapi) {
  type Route = { method: string; path: string; config?: { middlewares?: unknown[] } };
  const routes =
    (strapi.plugin('upload').routes as unknown as Record<string, { routes?: Route[] }>).admin?.routes ?? [];
  for (const route of routes) {
    if (route.method !== 'POST' || !MEDIA_LIBRARY_WRITES.has(route.path)) continue;
    route.config = {
      ...route.config,
      middlewares: [
        ...(route.config?.middlewares ?? []),
        { name: 'plugin::rate-limits.limit', config: { bucket: 'uploads', per: 'user' } },
      ],
    };
  }
}

/**
 * A video whose `source` is set through the content manager or the API (the media library path) takes the
 * same road as a tus upload. The job is queued after the write, outside its transaction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  // the ffmpeg and ffprobe binaries named in the settings, for every run in this process
  useMediaTools(getConfig(strapi).mediaTools);
  // every road into the media library: only the media types the uploader's roles allow, decided on the bytes
  guardMediaLibrary(strapi);
  limitMediaLibraryUploads(strapi);
  strapi.documents.use(async (context, next) => {
    if (context.uid === VIDEO && (context.action === 'create' || context.action === 'update')) {
      // caption files are checked against the video they are attached to (its duration, once known)
      const data = (context.params as { data?: Record<string, unknown> }).data;
      if (data && 'captions' in data) {
        const documentId = (context.params as { documentId?: string }).documentId;
        const row = documentId
          ? ((await strapi.db.query(VIDEO).findOne({ where: { documentId }, select: ['duration'] })) as {
              duration?: number | string | null;
            } | null)
          : null;
        const duration = Number(row?.duration ?? data.duration);
        await checkCaptionTracks(strapi, data.captions, Number.isFinite(duration) && duration > 0 ? duration : null);
      }
    }
    const result = await next();
    if (context.uid !== VIDEO || !WRITES.has(context.action)) return result;
    getService(strapi, 'playback').clearAccessCache();
    const params = context.params as { data?: Record<string, unknown> };
    const documentId = (result as { documentId?: string } | null)?.documentId;
    if (
      (context.action === 'create' || context.action === 'update') &&
      documentId &&
      params.data &&
      'source' in params.data &&
      params.data.source
    ) {
      getService(strapi, 'pipeline').queueMediaLibrarySourceSoon(documentId);
    }
    return result;
  });
};
