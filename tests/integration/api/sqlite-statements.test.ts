/**
 * The SQLite connection keeps its compiled statements (cms/config/database.ts): the same SQL is compiled once, a
 * schema change still shows in a kept statement's rows, every query still gets its own bindings, and the cache is
 * bounded. On PostgreSQL there is nothing to keep: the suite runs on SQLite only.
 */
import type { Knex } from 'knex';
import { startTestCms, type TestCms } from '../setup/strapi';

type Statement = { all(...bindings: unknown[]): unknown[] };
type Connection = { prepare(source: string): Statement };
type Client = { acquireConnection(): Promise<Connection>; releaseConnection(connection: Connection): Promise<void> };

const onSqlite = process.env.FRAMECAST_TEST_DB_KIND === 'postgres' ? describe.skip : describe;

onSqlite('SQLite statements', () => {
  let cms: TestCms;
  let knex: Knex;

  beforeAll(async () => {
    cms = await startTestCms();
    knex = cms.strapi.db.connection as unknown as Knex;
  });
  afterAll(async () => {
    await cms?.stop();
  });

  async function withConnection<T>(use: (connection: Connection) => T): Promise<T> {
    const client = knex.client as unknown as Client;
    const connection = await client.acquireConnection();
    try {
      return use(connection);
    } finally {
      await client.releaseConnection(connection);
    }
  }

  it('compiles the same SQL once and reuses it', async () => {
    await withConnection((connection) => {
      const first = connection.prepare('select 1 as one');
      expect(connection.prepare('select 1 as one')).toBe(first);
      expect(connection.prepare('select 2 as two')).not.toBe(first);
      expect(first.all()).toEqual([{ one: 1 }]);
    });
  });

  it('answers each query with its own bindings through one kept statement', async () => {
    await knex.schema.createTable('statement_probe', (table) => {
      table.increments('id');
      table.string('name');
    });
    try {
      await knex('statement_probe').insert(['a', 'b', 'c'].map((name) => ({ name })));
      for (const name of ['a', 'b', 'c', 'b', 'a']) {
        expect(await knex('statement_probe').where({ name }).select('name')).toEqual([{ name }]);
      }
      // a kept `select *` sees a column added after it was compiled (SQLite compiles it again on a schema change)
      expect(Object.keys((await knex('statement_probe').select('*'))[0] as object)).toEqual(['id', 'name']);
      await knex.schema.alterTable('statement_probe', (table) => {
        table.integer('size');
      });
      await knex('statement_probe').update({ size: 7 });
      expect((await knex('statement_probe').select('*'))[0]).toEqual({ id: 1, name: 'a', size: 7 });
    } finally {
      await knex.schema.dropTableIfExists('statement_probe');
    }
  });

  it('keeps at most 1,000 statements, dropping the least recently used', async () => {
    await withConnection((connection) => {
      const oldest = connection.prepare('select 0 as n');
      const recent = connection.prepare('select -1 as n');
      for (let i = 1; i <= 999; i += 1) {
        connection.prepare(`select ${i} as n`);
        // used again and again: never the least recently used
        if (i % 100 === 0) connection.prepare('select -1 as n');
      }
      expect(connection.prepare('select -1 as n')).toBe(recent);
      expect(connection.prepare('select 0 as n')).not.toBe(oldest);
    });
  });
});
