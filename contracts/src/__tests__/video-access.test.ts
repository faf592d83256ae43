import knex from 'knex';
import { isListedVideo, isWatchableVideo, whereListedVideo } from '../video-access';

const published = '2026-01-01T00:00:00.000Z';

const ROWS = [
  [{ publishedAt: published, visibility: 'public', moderationState: 'approved' }, true, true],
  [{ publishedAt: published, visibility: 'unlisted', moderationState: 'approved' }, false, true],
  [{ publishedAt: published, visibility: 'private', moderationState: 'approved' }, false, false],
  [{ publishedAt: null, visibility: 'public', moderationState: 'approved' }, false, false],
  [{ publishedAt: published, visibility: 'public', moderationState: 'pending' }, false, false],
  [{ publishedAt: published, visibility: 'public', moderationState: 'rejected' }, false, false],
  [{ publishedAt: published, visibility: 'public', moderationState: 'removed' }, false, false],
  [{ publishedAt: published, visibility: null, moderationState: 'approved' }, false, false],
] as const;

describe('who may watch a video', () => {
  it.each(ROWS)('%o: listed %s, watchable by link %s', (row, listed, watchable) => {
    expect(isListedVideo(row)).toBe(listed);
    expect(isWatchableVideo(row)).toBe(watchable);
  });
});

describe('the listed rule in SQL', () => {
  it('selects in SQLite exactly the rows isListedVideo lists', async () => {
    const db = knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    try {
      await db.schema.createTable('videos', (table) => {
        table.integer('id');
        table.string('published_at').nullable();
        table.string('visibility').nullable();
        table.string('moderation_state').nullable();
      });
      await db('videos').insert(
        ROWS.map(([row], id) => ({
          id,
          published_at: row.publishedAt,
          visibility: row.visibility,
          moderation_state: row.moderationState,
        })),
      );
      const columns = { publishedAt: 'published_at', visibility: 'visibility', moderationState: 'moderation_state' };
      const query = db('videos').select('id').orderBy('id');
      whereListedVideo(query, (field) => columns[field]);
      const listed = (await query).map((row: { id: number }) => row.id);
      expect(listed).toEqual(ROWS.flatMap(([row], id) => (isListedVideo(row) ? [id] : [])));
      expect(listed.length).toBeGreaterThan(0);
    } finally {
      await db.destroy();
    }
  });
});
