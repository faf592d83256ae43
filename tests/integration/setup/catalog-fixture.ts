/** A small catalog that exercises every access rule: one video per visibility and moderation state. */
import type { Core } from '@strapi/strapi';
import request from 'supertest';
import type { TestCms } from './strapi';

export const PASSWORD = 'Fixture-password-1';

export type Fixture = Awaited<ReturnType<typeof createCatalogFixture>>;

export async function adminUser(strapi: Core.Strapi, email: string, roleCode: string) {
  const role = await strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  if (!role) throw new Error(`role ${roleCode} was not seeded`);
  return strapi.service('admin::user').create({
    email,
    firstname: email.split('@')[0],
    lastname: 'Fixture',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  }) as Promise<{ id: number; email: string }>;
}

export async function adminToken(cms: TestCms, email: string): Promise<string> {
  const response = await request(cms.server).post('/admin/login').send({ email, password: PASSWORD });
  if (response.status !== 200)
    throw new Error(`admin login failed for ${email}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data.token as string;
}

export async function createCatalogFixture(strapi: Core.Strapi) {
  const aliceUser = await adminUser(strapi, 'alice@fixture.test', 'framecast-creator');
  const bobUser = await adminUser(strapi, 'bob@fixture.test', 'framecast-creator');
  const moderatorUser = await adminUser(strapi, 'mod@fixture.test', 'framecast-moderator');

  const source = await strapi.db.query('plugin::upload.file').create({
    data: {
      name: 'secret-source.mp4',
      hash: 'secret_source_hash',
      ext: '.mp4',
      mime: 'video/mp4',
      size: 1,
      url: '/uploads/secret_source_hash.mp4',
      provider: 'local',
    },
  });

  const category = await strapi
    .documents('api::category.category')
    .create({ data: { name: 'Science', slug: 'science', position: 1 } });
  const tag = await strapi.documents('api::tag.tag').create({ data: { name: 'physics', slug: 'physics' } });
  const alice = await strapi.documents('api::creator.creator').create({
    data: {
      handle: 'alice',
      displayName: 'Alice Archer',
      contactEmail: 'alice-private@fixture.test',
      verified: true,
      owner: aliceUser.id,
    },
  });
  const bob = await strapi.documents('api::creator.creator').create({
    data: { handle: 'bob', displayName: 'Bob Baker', contactEmail: 'bob-private@fixture.test', owner: bobUser.id },
  });

  const video = async (
    slug: string,
    creator: { documentId: string },
    extra: Record<string, unknown>,
    status: 'published' | 'draft' = 'published',
  ) =>
    strapi.documents('api::video.video').create({
      data: {
        title: `Video ${slug}`,
        slug,
        description: `About ${slug}`,
        processingStatus: 'ready',
        category: category.documentId,
        tags: [tag.documentId],
        creator: creator.documentId,
        source: source.id,
        ...extra,
      } as never,
      status,
    });

  const videos = {
    alicePublic: await video('alice-public', alice, { visibility: 'public', moderationState: 'approved' }),
    aliceUnlisted: await video('alice-unlisted', alice, { visibility: 'unlisted', moderationState: 'approved' }),
    alicePrivate: await video('alice-private', alice, { visibility: 'private', moderationState: 'approved' }),
    bobPublic: await video('bob-public', bob, { visibility: 'public', moderationState: 'approved' }),
    bobPending: await video('bob-pending', bob, { visibility: 'public', moderationState: 'pending' }),
    bobRemoved: await video('bob-removed', bob, { visibility: 'public', moderationState: 'removed' }),
    bobDraft: await video('bob-draft', bob, { visibility: 'public', moderationState: 'approved' }, 'draft'),
    bobWithAlice: await video(
      'bob-with-alice',
      bob,
      { visibility: 'public', moderationState: 'approved', collaborators: [alice.documentId] },
      'draft',
    ),
  };
  const playlists = {
    alicePublic: await strapi.documents('api::playlist.playlist').create({
      data: {
        title: 'Alice public list',
        slug: 'alice-list',
        visibility: 'public',
        creator: alice.documentId,
        videos: [videos.alicePublic.documentId, videos.aliceUnlisted.documentId, videos.alicePrivate.documentId],
      } as never,
      status: 'published',
    }),
    alicePrivate: await strapi.documents('api::playlist.playlist').create({
      data: {
        title: 'Alice private list',
        slug: 'alice-private-list',
        visibility: 'private',
        creator: alice.documentId,
        videos: [videos.alicePublic.documentId],
      } as never,
      status: 'published',
    }),
  };

  return {
    users: { alice: aliceUser, bob: bobUser, moderator: moderatorUser },
    creators: { alice, bob },
    category,
    tag,
    videos,
    playlists,
    /** Slugs a public reader must never find in any list. */
    hiddenSlugs: ['alice-unlisted', 'alice-private', 'bob-pending', 'bob-removed', 'bob-draft', 'bob-with-alice'],
    publicSlugs: ['alice-public', 'bob-public'],
  };
}
