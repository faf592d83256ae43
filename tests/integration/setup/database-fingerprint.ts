/**
 * A fingerprint of every table of the test database (SQLite or PostgreSQL), to prove that an attack changed
 * nothing: compare one taken before with one taken after, table by table.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';

/** Tables (or `table:setting` of the core store) that change without any document changing, each with the reason. */
export const VOLATILE_TABLES: Record<string, string> = {
  strapi_sessions: 'admin sign-in sessions: a signed-in request may refresh its own',
  sqlite_sequence: 'SQLite’s id counters, not data',
  'strapi_core_store_settings:plugin_upload_metrics':
    'the media library’s usage metrics, written by its own timer after boot',
};

export type Fingerprint = Record<string, string>;

async function tableNames(strapi: Core.Strapi): Promise<string[]> {
  const knex = strapi.db.connection;
  if (strapi.db.dialect.client === 'postgres') {
    const rows = (await knex.raw(
      "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
    )) as { rows: Array<{ name: string }> };
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
    if (table === 'strapi_core_store_settings') {
      // one entry per setting, so a failure names the setting that changed
      for (const row of rows) {
        const name = `${table}:${String(row.key)}`;
        if (!(name in VOLATILE_TABLES))
          fingerprint[name] = hash([
            JSON.stringify(row.value),
            String(row.type),
            String(row.environment),
            String(row.tag),
          ]);
      }
      continue;
    }
    const lines = rows
      .map((row) =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map((key) => [key, row[key]]),
        ),
      )
      .sort();
    fingerprint[table] = hash(lines);
  }
  return fingerprint;
}

function hash(lines: string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** The tables whose content differs between two fingerprints. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((table) => before[table] !== after[table])
    .sort();
}
