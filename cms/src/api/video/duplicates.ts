/**
 * A duplicate of a video (the content manager's "Duplicate", `documents.clone`) is a new video: it keeps what its
 * creator wrote (title, description, category, tags, language, captions, chapters, visibility) and starts everything
 * the platform made or measured as a new upload does. Without this a clone shared its original's media (its HLS files
 * are stored under the original's id, so the clone's signed playback failed, and deleting the original took the
 * clone's media with it), inherited its views, ratings and comment counts, its schedule (it
 * would publish itself at the original's time) and its collaborators, who never agreed to the new video.
 */
import type { Core, UID } from '@strapi/strapi';

const VIDEO = 'api::video.video';

/** Started afresh on a clone: to the attribute's default, else empty. */
export const FRESH_ON_CLONE = [
  // media: the creator uploads the duplicate's own file
  'source',
  'sourceKey',
  'sourceName',
  'sourceChecksum',
  'sourceSize',
  'processingStatus',
  'processingProgress',
  'transcodeJobId',
  'failureReason',
  'duration',
  'width',
  'height',
  'frameRate',
  'videoCodec',
  'audioCodec',
  'playbackAssets',
  'poster',
  // what viewers did with the original
  'viewCount',
  'ratingAverage',
  'ratingCount',
  'commentCount',
  // plans about the original (its moderation state stays: a duplicate of a held or removed video does not escape review)
  'scheduledAt',
  'unpublishAt',
  'premiere',
  'collaborators',
  'playlists',
] as const;

export function registerVideoDuplicates(strapi: Core.Strapi): void {
  const attributes = (
    strapi.getModel(VIDEO as UID.Schema) as unknown as {
      attributes: Record<string, { type: string; default?: unknown; relation?: string }>;
    }
  ).attributes;
  const fresh = Object.fromEntries(
    FRESH_ON_CLONE.filter((field) => field in attributes).map((field) => {
      const attribute = attributes[field]!;
      const empty = attribute.type === 'relation' && attribute.relation?.endsWith('ToMany') ? [] : null;
      return [field, attribute.default ?? empty];
    }),
  );
  strapi.documents.use(async (context, next) => {
    if (context.uid !== VIDEO || context.action !== 'clone') return next();
    const params = context.params as { data?: Record<string, unknown> };
    params.data = { ...params.data, ...fresh };
    return next();
  });
}
