/**
 * The videos viewers may follow, comment on and rate: published, approved, public or unlisted (anyone with the link
 * can watch an unlisted one, so they can discuss it too). Private and removed videos are out of reach.
 */
import type { Core } from '@strapi/strapi';
import { WATCHABLE_VIDEO_WHERE } from '@framecast/contracts';

export type ReachableVideo = {
  documentId: string;
  title: string;
  creator: { documentId: string; handle: string; displayName: string } | null;
};

const VIDEO = 'api::video.video';

const videosService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async reachable(documentId: string): Promise<ReachableVideo | null> {
    const row = (await strapi.db.query(VIDEO).findOne({
      where: { documentId, ...WATCHABLE_VIDEO_WHERE },
      select: ['documentId', 'title'],
      populate: { creator: { select: ['documentId', 'handle', 'displayName'] } },
    })) as ReachableVideo | null;
    return row ? { documentId: row.documentId, title: row.title, creator: row.creator ?? null } : null;
  },

  /** Sets a counter column on every row of the video (draft and published) from one statement, so racing writers cannot lose a count. */
  async setCounters(
    documentId: string,
    counters: Record<string, (knex: Core.Strapi['db']['connection']) => unknown>,
  ): Promise<void> {
    const knex = strapi.db.connection;
    const table = strapi.db.metadata.get(VIDEO).tableName;
    const values: Record<string, unknown> = {};
    for (const [column, expression] of Object.entries(counters)) values[column] = expression(knex);
    await knex(table).where({ document_id: documentId }).update(values);
    // raw SQL escapes the query engine's lifecycles: say which video changed (the public response cache listens)
    const attributes = Object.keys(counters).map((column) =>
      column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    );
    strapi.eventHub.emit('community::changed', { uid: VIDEO, documentIds: [documentId], attributes });
  },
});

export default videosService;
export type VideosService = ReturnType<typeof videosService>;
