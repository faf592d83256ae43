import { factories } from '@strapi/strapi';

type Playback = { src: string; mime: string } | null;
type VideoOutput = { documentId?: string; [key: string]: unknown };

export default factories.createCoreService('api::video.video', ({ strapi }) => ({
  /**
   * The source file is private: responses carry only where to play it from.
   * (The media gateway and HLS ladder replace this with signed playlists.)
   */
  async attachPlayback<T extends VideoOutput>(videos: T[]): Promise<Array<T & { playback: Playback }>> {
    const ids = videos.map((video) => video.documentId).filter((id): id is string => typeof id === 'string');
    if (ids.length === 0) return videos.map((video) => ({ ...video, playback: null }));
    const rows = (await strapi.db.query('api::video.video').findMany({
      select: ['documentId'],
      where: { documentId: { $in: ids }, publishedAt: { $notNull: true } },
      populate: { source: { select: ['url', 'mime'] } },
    })) as Array<{ documentId: string; source?: { url: string; mime: string } | null }>;
    const byId = new Map(rows.map((row) => [row.documentId, row.source ?? null]));
    return videos.map((video) => {
      const source = video.documentId ? byId.get(video.documentId) : null;
      return { ...video, playback: source ? { src: source.url, mime: source.mime } : null };
    });
  },
}));
