/**
 * Insert-or-update of a row that a unique index keeps single (one per viewer, or per viewer and video), safe when
 * requests race on SQLite and PostgreSQL alike: update first (the usual case), create when nothing matched, and when
 * the index refuses that create because a concurrent request created the row meanwhile, update that row instead.
 */
import type { Core, UID } from '@strapi/strapi';

export async function upsertRow(
  strapi: Core.Strapi,
  uid: UID.Schema,
  key: Record<string, string | number>,
  data: Record<string, unknown>,
): Promise<void> {
  const query = strapi.db.query(uid);
  if ((await query.updateMany({ where: key, data })).count > 0) return;
  try {
    // the document service would set publishedAt on a type without draft & publish: so must we, for the admin to list it
    await query.create({ data: { ...key, ...data, publishedAt: new Date() } });
  } catch (error) {
    if ((await query.updateMany({ where: key, data })).count === 0) throw error;
  }
}
