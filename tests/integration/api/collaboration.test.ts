/**
 * Collaboration by invitation through the real CMS (plugins/collaboration): a video's owner invites another channel
 * by handle; the video counts as collaborative (the invitee reads and edits it, it lists on the invitee's channel) only
 * once the invitee accepts. Attacked: the invitee before accepting, a third party answering, answering twice, a
 * collaborator inviting, the content manager's collaborators field, a withdrawn invitation, bad input.
 */
import request from 'supertest';
import { adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';

const VIDEO = 'api::video.video';
const VIDEOS = '/content-manager/collection-types/api::video.video';
const INVITATION = 'plugin::collaboration.invitation';

let cms: TestCms;
let fixture: Fixture;
const tokens: Record<'alice' | 'bob' | 'moderator', string> = { alice: '', bob: '', moderator: '' };

beforeAll(async () => {
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await settleSideEffects(cms.strapi);
  tokens.alice = await adminToken(cms, 'alice@fixture.test');
  tokens.bob = await adminToken(cms, 'bob@fixture.test');
  tokens.moderator = await adminToken(cms, 'mod@fixture.test');
});
afterAll(async () => {
  await cms?.stop();
});

const as = (who: keyof typeof tokens) => ({
  get: (path: string) => request(cms.server).get(path).set('Authorization', `Bearer ${tokens[who]}`),
  put: (path: string, body: object) =>
    request(cms.server).put(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
  post: (path: string, body: object = {}) =>
    request(cms.server).post(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
});
const collaboratorsOf = async (documentId: string) =>
  (
    (await cms.strapi.db.query(VIDEO).findMany({
      where: { documentId },
      populate: { collaborators: { select: ['handle'] } },
    })) as Array<{ publishedAt: string | null; collaborators: Array<{ handle: string }> }>
  )
    .map((row) => ({ published: Boolean(row.publishedAt), handles: row.collaborators.map((c) => c.handle).sort() }))
    .sort((a, b) => Number(a.published) - Number(b.published));
const invite = (video: string, handle: string, who: keyof typeof tokens = 'alice') =>
  as(who).post(`/collaboration/videos/${video}/invitations`, { handle });
const invitationFor = async (video: string) =>
  (await cms.strapi.db.query(INVITATION).findOne({ where: { video } })) as { id: number; state: string };
const bobsChannelListing = async () =>
  (
    await request(cms.server)
      .get('/api/videos')
      .query({
        'filters[$or][0][creator][handle][$eq]': 'bob',
        'filters[$or][1][collaborators][handle][$eq]': 'bob',
      })
      .expect(200)
  ).body.data.map((video: { slug: string }) => video.slug);

describe('collaboration by invitation', () => {
  test('naming a channel invites it; the video is shared only once the invitee accepts', async () => {
    const video = fixture.videos.alicePublic.documentId;
    // the content manager's field is no way around it: a creator links only what it may open
    await as('alice')
      .put(`${VIDEOS}/${video}`, { collaborators: { connect: [{ documentId: fixture.creators.bob.documentId }] } })
      .expect(403);
    expect((await invite(video, '@bob').expect(201)).body.data).toMatchObject({
      invitee: { handle: 'bob', displayName: 'Bob Baker' },
      state: 'pending',
    });
    await invite(video, 'bob').expect(409);
    await invite(video, 'alice').expect(400);
    await invite(video, 'nobody-here').expect(404);
    await invite(video, '<b>').expect(400);
    await invite(fixture.videos.bobPublic.documentId, 'alice').expect(404);
    // not a collaborator yet: nowhere in the relation, no access for bob, not on his channel
    expect(await collaboratorsOf(video)).toEqual([
      { published: false, handles: [] },
      { published: true, handles: [] },
    ]);
    expect([403, 404]).toContain((await as('bob').get(`${VIDEOS}/${video}`)).status);
    expect(await bobsChannelListing()).not.toContain('alice-public');

    const pending = await invitationFor(video);
    expect(pending.state).toBe('pending');
    const bobs = (await as('bob').get('/collaboration/invitations').expect(200)).body;
    expect(bobs.received).toEqual([
      expect.objectContaining({
        id: pending.id,
        videoTitle: 'Video alice-public',
        inviter: { handle: 'alice', displayName: 'Alice Archer' },
        state: 'pending',
      }),
    ]);
    expect((await as('alice').get('/collaboration/invitations')).body.sent).toHaveLength(1);
    expect(
      (await as('alice').get(`/collaboration/videos/${video}/invitations`).expect(200)).body.data[0],
    ).toMatchObject({ invitee: { handle: 'bob' }, state: 'pending' });
    await as('bob').get(`/collaboration/videos/${video}/invitations`).expect(404);

    // only the invitee answers; moderators hold no such permission
    await as('alice').post(`/collaboration/invitations/${pending.id}/accept`).expect(404);
    await as('moderator').post(`/collaboration/invitations/${pending.id}/accept`).expect(403);
    await request(cms.server).post(`/collaboration/invitations/${pending.id}/accept`).expect(401);

    await as('bob').post(`/collaboration/invitations/${pending.id}/accept`).expect(200);
    await as('bob').post(`/collaboration/invitations/${pending.id}/decline`).expect(409);
    expect(await collaboratorsOf(video)).toEqual([
      { published: false, handles: ['bob'] },
      { published: true, handles: ['bob'] },
    ]);
    // a collaborator edits, lists it on his channel, but neither publishes nor invites
    await as('bob').get(`${VIDEOS}/${video}`).expect(200);
    await as('bob').put(`${VIDEOS}/${video}`, { description: 'Edited by Bob' }).expect(200);
    expect(await bobsChannelListing()).toContain('alice-public');
    await as('bob').post(`${VIDEOS}/${video}/actions/publish`).expect(403);
    await invite(video, 'alice', 'bob').expect(404);
    await invite(video, 'bob').expect(409);
  });

  test('a declined or withdrawn invitation changes nothing; staff name collaborators directly', async () => {
    const video = fixture.videos.aliceUnlisted.documentId;
    await invite(video, 'bob').expect(201);
    const first = await invitationFor(video);
    await as('bob').post(`/collaboration/invitations/${first.id}/decline`).expect(200);
    await as('bob').post(`/collaboration/invitations/${first.id}/accept`).expect(409);
    expect((await collaboratorsOf(video)).every((row) => row.handles.length === 0)).toBe(true);

    // asked again, then withdrawn before the answer
    await invite(video, 'bob').expect(201);
    expect((await invitationFor(video)).state).toBe('pending');
    await as('bob').post(`/collaboration/invitations/${first.id}/withdraw`).expect(404);
    await as('alice').post(`/collaboration/invitations/${first.id}/withdraw`).expect(200);
    await as('bob').post(`/collaboration/invitations/${first.id}/accept`).expect(409);
    expect((await collaboratorsOf(video)).every((row) => row.handles.length === 0)).toBe(true);
    await as('bob').post('/collaboration/invitations/not-a-number/accept').expect(400);

    // a moderator's write is not an invitation
    const staffVideo = fixture.videos.bobPublic.documentId;
    await as('moderator')
      .put(`${VIDEOS}/${staffVideo}`, {
        collaborators: { connect: [{ documentId: fixture.creators.alice.documentId }] },
      })
      .expect(200);
    expect((await collaboratorsOf(staffVideo)).find((row) => !row.published)?.handles).toEqual(['alice']);
    expect(await cms.strapi.db.query(INVITATION).count({ where: { video: staffVideo } })).toBe(0);

    const graphql = await request(cms.server).post('/graphql').send({ query: '{ invitations { video } }' });
    expect(JSON.stringify(graphql.body)).toMatch(/Cannot query field/);
  });
});
