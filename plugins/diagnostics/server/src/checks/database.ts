/**
 * The database: a row written, read back and rolled back inside a transaction (the CMS can write, not only connect),
 * then Strapi's migrations: none may be pending.
 */
import { randomUUID } from 'node:crypto';
import type { Check } from './types';

const PROBE_TABLE = 'strapi_core_store_settings';

class Rollback extends Error {}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);

const database: Check = {
  name: 'database',
  verifies: 'a row is written, read back and rolled back in a transaction; no migration is pending',
  readiness: true,
  async run(strapi) {
    const client = String(strapi.db.config.connection.client);
    const key = `framecast_diagnostics_${randomUUID()}`;
    try {
      let read = false;
      await strapi.db.connection
        .transaction(async (trx) => {
          await trx(PROBE_TABLE).insert({ key, value: '"probe"', type: 'string' });
          read = Boolean(await trx(PROBE_TABLE).where({ key }).first());
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        });
      if (!read)
        return {
          status: 'fail',
          detail: `${client}: a row written in a transaction could not be read back`,
          fix: DATABASE_FIX,
        };
      if (await strapi.db.connection(PROBE_TABLE).where({ key }).first())
        return {
          status: 'fail',
          detail: `${client}: a rolled-back row is still there`,
          fix: 'The database ignores transactions: use PostgreSQL or SQLite as configured by DATABASE_CLIENT.',
        };
      if (await strapi.db.migrations.shouldRun())
        return {
          status: 'fail',
          detail: `${client}: migrations are pending`,
          fix: 'Restart the CMS (`npm start`): Strapi runs pending migrations at boot; read its log if they fail.',
        };
      return { status: 'ok', detail: `${client}: write, read and rollback in a transaction; no pending migration` };
    } catch (error) {
      return { status: 'fail', detail: `${client}: ${firstLine(error)}`, fix: DATABASE_FIX };
    }
  },
};

/** What to do when the database does not answer; also printed by `npm run diagnose` when the CMS cannot boot. */
export const DATABASE_FIX =
  'Check that the database server runs and that DATABASE_URL (or DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, ' +
  'DATABASE_USERNAME, DATABASE_PASSWORD) name it; for SQLite, that DATABASE_FILENAME is in a writable folder.';

export default database;
