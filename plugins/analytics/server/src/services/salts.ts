/**
 * The viewer-key salt of the current period (a UTC day by default), shared by every CMS instance through one row per
 * period in `analytics_salts` (the Plausible model): the first instance to need it inserts a random salt, the others
 * read that row (insert … on conflict do nothing, then read, so two instances never key the same viewer apart). Rows of
 * ended periods are deleted, and the copy in memory zeroed, so no key can be recomputed afterwards.
 */
import type { Core } from '@strapi/strapi';
import { parseAnalyticsSettings } from '../config';
import { newSalt, saltPeriodStart } from '../utils/viewer-key';

const SALT = 'plugin::analytics.salt';

export interface SaltRow {
  period: number;
  salt: Buffer;
}

/** Where salts are kept: the table in production, a map in unit tests. */
export interface SaltTable {
  /** Inserts `salt` for `period` unless one is there; answers the salt stored for the period either way. */
  claim(period: number, salt: string): Promise<string>;
  /** Deletes the salts of periods before `period`. */
  forgetBefore(period: number): Promise<void>;
}

export function saltStore(table: SaltTable, rotationHours: number, makeSalt: () => Buffer = newSalt) {
  let current: SaltRow | undefined;
  let pending: Promise<SaltRow> | undefined;
  return {
    /** The salt for `now`'s period; the previous period's salt is dropped (and zeroed) when a new one begins. */
    async saltFor(now: number = Date.now()): Promise<SaltRow> {
      const period = saltPeriodStart(now, rotationHours);
      if (current?.period === period) return current;
      if (pending) {
        const row = await pending;
        if (row.period === period) return row;
      }
      pending = (async () => {
        const fresh = makeSalt();
        const stored = await table.claim(period, fresh.toString('hex'));
        fresh.fill(0);
        current?.salt.fill(0);
        current = { period, salt: Buffer.from(stored, 'hex') };
        await table.forgetBefore(period);
        return current;
      })();
      try {
        return await pending;
      } finally {
        pending = undefined;
      }
    },
    /** Drops the copy in memory (the process is stopping). */
    forget(): void {
      current?.salt.fill(0);
      current = undefined;
    },
  };
}

export type SaltsService = ReturnType<typeof saltStore>;

function saltTable(strapi: Core.Strapi): SaltTable {
  const { tableName } = strapi.db.metadata.get(SALT);
  const knex = () => strapi.db.connection(tableName);
  return {
    async claim(period, salt) {
      const now = new Date();
      await knex()
        .insert({
          document_id: `salt${period}`,
          period,
          salt,
          created_at: now,
          updated_at: now,
          published_at: now,
        })
        .onConflict(['period'])
        .ignore();
      const row = (await knex().where({ period }).first('salt')) as { salt: string } | undefined;
      if (!row) throw new Error(`analytics: the salt of period ${period} was not stored`);
      return row.salt;
    },
    async forgetBefore(period) {
      await knex().where('period', '<', period).delete();
    },
  };
}

export default ({ strapi }: { strapi: Core.Strapi }): SaltsService =>
  saltStore(saltTable(strapi), parseAnalyticsSettings(strapi.config.get('plugin::analytics')).saltRotationHours);
