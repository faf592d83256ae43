import { factories } from '@strapi/strapi';
import { WATCHABLE_VIDEO_WHERE } from '@framecast/contracts';

type VideoOutput = { documentId?: string; [key: string]: unknown };
type PlaybackAssets = { prefix: string; master: string; growing?: boolean } & Record<string, unknown>;
type PlaybackRow = { documentId: string; processingStatus: string; playbackAssets: PlaybackAssets | null };
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
  async attachPlayback<T extends VideoOutput>(
    videos: T[],
    read?: Array<Record<string, unknown>>,
  ): Promise<Array<T & { playback: unknown }>> {
    const ids = videos.map((video) => video.documentId).filter((id): id is string => typeof id === 'string');
    if (ids.length === 0) return videos.map((video) => ({ ...video, playback: null }));
    // the rows the request already read, when they carry every column the question needs: no second query
    const rows = (read && playbackRowsFrom(read, ids)) ?? (await this.readPlaybackRows(ids));
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

  async readPlaybackRows(ids: string[]): Promise<PlaybackRow[]> {
    return (await strapi.db.query('api::video.video').findMany({
      select: ['documentId', 'processingStatus', 'playbackAssets'],
      where: {
        documentId: { $in: ids },
        ...WATCHABLE_VIDEO_WHERE,
        // ready, or published early while it is processed: its first seconds play from a growing playlist
        $or: [{ processingStatus: 'ready' }, { processingStatus: 'processing', playbackAssets: { $notNull: true } }],
      },
    })) as PlaybackRow[];
  },
}));

const PLAYBACK_COLUMNS = [
  'documentId',
  'publishedAt',
  'visibility',
  'moderationState',
  'processingStatus',
  'playbackAssets',
];

/**
 * The rows `readPlaybackRows` would find, taken from rows already read (published rows of the Document Service):
 * the same conditions, in JavaScript. Undefined when a row lacks a column (a read with `fields`): then it queries.
 */
function playbackRowsFrom(read: Array<Record<string, unknown>>, ids: string[]): PlaybackRow[] | undefined {
  const complete = (row: Record<string, unknown>) =>
    // a draft row would stand for its published twin in the query: only published rows answer for themselves
    Boolean(row) && PLAYBACK_COLUMNS.every((column) => Object.hasOwn(row, column)) && row.publishedAt != null;
  if (!read.every(complete)) return undefined;
  const wanted = new Set(ids);
  return (read as unknown as Array<PlaybackRow & Record<string, unknown>>).filter(
    (row) =>
      wanted.has(row.documentId) &&
      isWatchableRow(row) &&
      (row.processingStatus === 'ready' || (row.processingStatus === 'processing' && row.playbackAssets != null)),
  );
}

function isWatchableRow(row: Record<string, unknown>): boolean {
  const where = WATCHABLE_VIDEO_WHERE;
  return (
    row.publishedAt !== null &&
    row.publishedAt !== undefined &&
    (where.visibility.$in as readonly unknown[]).includes(row.visibility) &&
    row.moderationState === where.moderationState
  );
}
