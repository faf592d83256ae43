/**
 * The users-permissions Public role: read-only access to the published catalog, nothing else.
 * What "published catalog" means (visibility, moderation) is enforced in src/public-access.
 */
import type { Core } from '@strapi/strapi';

export const PUBLIC_ACTIONS = [
  'api::video.video.find',
  'api::video.video.findOne',
  'api::video.video.findBySlug',
  'api::category.category.find',
  'api::category.category.findOne',
  'api::tag.tag.find',
  'api::tag.tag.findOne',
  'api::creator.creator.find',
  'api::creator.creator.findOne',
  'api::playlist.playlist.find',
  'api::playlist.playlist.findOne',
];

export async function ensurePublicPermissions(strapi: Core.Strapi): Promise<void> {
  const role = await strapi.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) return;
  const existing = (await strapi.query('plugin::users-permissions.permission').findMany({
    where: { role: { id: role.id } },
  })) as Array<{ id: number; action: string }>;
  const have = new Set(existing.map((permission) => permission.action));
  for (const action of PUBLIC_ACTIONS) {
    if (!have.has(action)) {
      await strapi.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
    }
  }
  // anything else granted to Public on Framecast's own types is withdrawn: the catalog is read-only
  const stray = existing.filter(
    (permission) => permission.action.startsWith('api::') && !PUBLIC_ACTIONS.includes(permission.action),
  );
  for (const permission of stray) {
    await strapi.query('plugin::users-permissions.permission').delete({ where: { id: permission.id } });
  }
}
