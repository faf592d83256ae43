/**
 * A fingerprint of every table of the test database (SQLite or PostgreSQL), to prove that an attack changed
 * nothing: compare one taken before with one taken after, table by table.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';

/** Tables that change without any document changing, each with the reason. */
export const VOLATILE_TABLES: Record<string, string> = {
  strapi_sessions: 'admin sign-in sessions: a signed-in request may refresh its own',
  sqlite_sequence: 'SQLite’s id counters, not data',
};

export type Fingerprint = Record<string, string>;

async function tableNames(strapi: Core.Strapi): Promise<string[]> {
  const knex = strapi.db.connection;
  if (strapi.db.dialect.client === 'postgres') {
    const rows = (await knex.raw("select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'")) as { rows: Array<{ name: string }> };
    return rows.rows.map((row) => row.name);
  }
  const rows = (await knex.raw("select name from sqlite_master where type = 'table'")) as Array<{ name: string }>;
  return rows.map((row) => row.name);
}

export async function fingerprintDatabase(strapi: Core.Strapi): Promise<Fingerprint> {
  const fingerprint: Fingerprint = {};
  for (const table of (await tableNames(strapi)).sort()) {
    if (table in VOLATILE_TABLES) continue;
    const rows = (await strapi.db.connection(table).select('*')) as Array<Record<string, unknown>>;
    const lines = rows.map((row) => JSON.stringify(Object.keys(row).sort().map((key) => [key, row[key]]))).sort();
    fingerprint[table] = createHash('sha256').update(lines.join('\n')).digest('hex');
  }
  return fingerprint;
}

/** The tables whose content differs between two fingerprints. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((table) => before[table] !== after[table]).sort();
}
