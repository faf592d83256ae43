import { factories } from '@strapi/strapi';
import { WATCHABLE_VIDEO_WHERE } from '@framecast/contracts';

type VideoOutput = { documentId?: string; [key: string]: unknown };
type PlaybackAssets = { prefix: string; master: string; growing?: boolean } & Record<string, unknown>;
/** The transcoding plugin's playback service: the one owner of media URLs. */
type Playback = {
  playbackFor(documentId: string, assets: PlaybackAssets | null, options: { signed: boolean }): unknown;
};

export default factories.createCoreService('api::video.video', ({ strapi }) => ({
  /**
   * Adds `playback` (HLS master, posters, storyboard: see plugins/transcoding/README.md) to videos the public
   * may watch. The public access rules already filtered the list; the URLs are plain gateway URLs, cacheable
   * by a CDN. Anything else gets `playback: null` here and signed URLs only through the admin.
   */
  async attachPlayback<T extends VideoOutput>(videos: T[]): Promise<Array<T & { playback: unknown }>> {
    const ids = videos.map((video) => video.documentId).filter((id): id is string => typeof id === 'string');
    if (ids.length === 0) return videos.map((video) => ({ ...video, playback: null }));
    const rows = (await strapi.db.query('api::video.video').findMany({
      select: ['documentId', 'processingStatus', 'playbackAssets'],
      where: {
        documentId: { $in: ids },
        ...WATCHABLE_VIDEO_WHERE,
        // ready, or published early while it is processed: its first seconds play from a growing playlist
        $or: [{ processingStatus: 'ready' }, { processingStatus: 'processing', playbackAssets: { $notNull: true } }],
      },
    })) as Array<{ documentId: string; processingStatus: string; playbackAssets: PlaybackAssets | null }>;
    const playback = strapi.plugin('transcoding').service('playback') as unknown as Playback;
    const playable = rows.filter((row) => row.processingStatus === 'ready' || row.playbackAssets?.growing);
    const byId = new Map(
      playable.map((row) => [
        row.documentId,
        playback.playbackFor(row.documentId, row.playbackAssets, { signed: false }),
      ]),
    );
    return videos.map((video) => ({ ...video, playback: (video.documentId && byId.get(video.documentId)) || null }));
  },
}));
