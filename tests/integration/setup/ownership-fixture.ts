/**
 * More of other creators' channels to attack, around the catalog fixture: a third creator (carol), bob's private
 * draft with a source file bob uploaded, bob's private playlist, a video bob collaborates on (carol's, nobody
 * else on it), and comments on bob's and on alice's videos.
 */
import type { Core } from '@strapi/strapi';
import { PASSWORD, type Fixture } from './catalog-fixture';

const VIDEO = 'api::video.video';

export type OtherChannels = Awaited<ReturnType<typeof createOtherChannels>>;

export async function createOtherChannels(strapi: Core.Strapi, fixture: Fixture) {
  const role = (await strapi.db.query('admin::role').findOne({ where: { code: 'framecast-creator' } })) as {
    id: number;
  };
  const carolUser = (await strapi.service('admin::user').create({
    email: 'carol@fixture.test',
    firstname: 'carol',
    lastname: 'Fixture',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  })) as { id: number };
  const carol = await strapi.documents('api::creator.creator').create({
    data: {
      handle: 'carol',
      displayName: 'Carol Cross',
      contactEmail: 'carol-private@fixture.test',
      owner: carolUser.id,
    } as never,
  });

  // a file bob put in the media library himself: the media library shows it to bob only
  const bobFile = (await strapi.db.query('plugin::upload.file').create({
    data: {
      name: 'bob-private-cut.mp4',
      hash: 'bob_private_cut_hash',
      ext: '.mp4',
      mime: 'video/mp4',
      size: 1,
      url: '/uploads/bob_private_cut_hash.mp4',
      provider: 'local',
      createdBy: fixture.users.bob.id,
    },
  })) as { id: number; documentId: string };

  const bobSecretDraft = await strapi.documents(VIDEO).create({
    data: {
      title: 'Bob secret draft',
      slug: 'bob-secret-draft',
      description: 'Bob’s unreleased cut',
      visibility: 'private',
      moderationState: 'approved',
      category: fixture.category.documentId,
      creator: fixture.creators.bob.documentId,
      source: bobFile.id,
      poster: bobFile.id,
    } as never,
  });
  const carolWithBob = await strapi.documents(VIDEO).create({
    data: {
      title: 'Carol with bob',
      slug: 'carol-with-bob',
      visibility: 'private',
      moderationState: 'approved',
      creator: carol.documentId,
      collaborators: [fixture.creators.bob.documentId],
    } as never,
  });
  const bobPlaylist = await strapi.documents('api::playlist.playlist').create({
    data: {
      title: 'Bob private list',
      slug: 'bob-private-list',
      visibility: 'private',
      creator: fixture.creators.bob.documentId,
      videos: [fixture.videos.bobPublic.documentId, bobSecretDraft.documentId],
    } as never,
    status: 'published',
  });

  const comment = (video: string, body: string) =>
    strapi.documents('plugin::community.comment').create({
      data: {
        video,
        body,
        author: null,
        authorName: 'viewer',
        state: 'visible',
        pinned: false,
        reportCount: 0,
      } as never,
    });
  const onBob = await comment(fixture.videos.bobPublic.documentId, 'A viewer wrote to bob in confidence');
  const onAlice = await comment(fixture.videos.alicePublic.documentId, 'A viewer wrote to alice');

  return {
    users: { carol: carolUser },
    creators: { carol },
    files: { bob: bobFile },
    videos: { bobSecretDraft, carolWithBob },
    playlists: { bob: bobPlaylist },
    comments: { onBob, onAlice },
  };
}
