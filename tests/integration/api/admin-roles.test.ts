/**
 * Admin panel roles through the admin API: a Creator reads and changes only its own videos, playlists and
 * profile (and videos it collaborates on); a Moderator reaches everything, moderation fields included.
 */
import request from 'supertest';
import { adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { startTestCms, type TestCms } from '../setup/strapi';

let cms: TestCms;
let fixture: Fixture;
const tokens: Record<'alice' | 'bob' | 'moderator', string> = { alice: '', bob: '', moderator: '' };

const VIDEOS = '/content-manager/collection-types/api::video.video';
const PLAYLISTS = '/content-manager/collection-types/api::playlist.playlist';
const CREATORS = '/content-manager/collection-types/api::creator.creator';
const AUDIT = '/content-manager/collection-types/plugin::accounts.audit-entry';

beforeAll(async () => {
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
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
  delete: (path: string) => request(cms.server).delete(path).set('Authorization', `Bearer ${tokens[who]}`),
});
const slugs = (body: { results: Array<{ slug: string }> }) => body.results.map((video) => video.slug).sort();

describe('a Creator', () => {
  it('lists only its own videos and those it collaborates on (drafts included)', async () => {
    const response = await as('alice').get(`${VIDEOS}?pageSize=100`).expect(200);
    expect(slugs(response.body)).toEqual(['alice-private', 'alice-public', 'alice-unlisted', 'bob-with-alice']);
    const bob = await as('bob').get(`${VIDEOS}?pageSize=100`).expect(200);
    expect(slugs(bob.body)).not.toContain('alice-private');
  });

  it('cannot read another creator’s draft', async () => {
    await as('alice').get(`${VIDEOS}/${fixture.videos.bobDraft.documentId}`).expect(403);
  });

  it('cannot find another creator’s videos by filtering', async () => {
    const response = await as('alice').get(`${VIDEOS}?filters[slug][$eq]=bob-draft`).expect(200);
    expect(response.body.results).toEqual([]);
  });

  it('cannot change, publish or delete another creator’s video', async () => {
    const id = fixture.videos.bobPublic.documentId;
    await as('alice').put(`${VIDEOS}/${id}`, { title: 'Hijacked title' }).expect(403);
    await as('alice').post(`${VIDEOS}/${id}/actions/publish`).expect(403);
    await as('alice').delete(`${VIDEOS}/${id}`).expect(403);
    const video = await cms.strapi.documents('api::video.video').findOne({ documentId: id, status: 'published' });
    expect(video?.title).toBe('Video bob-public');
  });

  it('edits a video it collaborates on', async () => {
    const id = fixture.videos.bobWithAlice.documentId;
    await as('alice').put(`${VIDEOS}/${id}`, { title: 'Edited by a collaborator' }).expect(200);
    const response = await as('alice').get(`${VIDEOS}/${id}`).expect(200);
    expect(response.body.data.title).toBe('Edited by a collaborator');
  });

  it('cannot set moderation fields on its own video', async () => {
    const id = fixture.videos.alicePublic.documentId;
    await as('alice')
      .put(`${VIDEOS}/${id}`, { title: 'Still mine', moderationState: 'removed', viewCount: '999999' })
      .expect(200);
    const video = await cms.strapi.documents('api::video.video').findOne({ documentId: id });
    expect(video?.title).toBe('Still mine');
    expect(video?.moderationState).toBe('approved');
    expect(String(video?.viewCount)).toBe('0');
  });

  it('creates videos that always belong to its own profile', async () => {
    const response = await as('alice')
      .post(VIDEOS, {
        title: 'Planted on Bob',
        slug: 'planted-on-bob',
        creator: { connect: [{ documentId: fixture.creators.bob.documentId }] },
      })
      .expect(201);
    const video = await cms.strapi
      .documents('api::video.video')
      .findOne({ documentId: response.body.data.documentId, populate: ['creator'] });
    expect((video as { creator?: { handle: string } })?.creator?.handle).toBe('alice');
  });

  it('keeps an incomplete draft but refuses to publish it, with a clear 400', async () => {
    const draft = await as('alice').post(VIDEOS, { title: 'x', slug: 'too-short-title' }).expect(201);
    // its media is ready (the publishing plugin refuses a video still processing before any other check)
    await cms.strapi.db
      .query('api::video.video')
      .updateMany({ where: { documentId: draft.body.data.documentId }, data: { processingStatus: 'ready' } });
    const response = await as('alice')
      .post(`${VIDEOS}/${draft.body.data.documentId}/actions/publish`, { title: 'x' })
      .expect(400);
    expect(JSON.stringify(response.body.error)).toMatch(/title/i);
    const published = await cms.strapi
      .documents('api::video.video')
      .findFirst({ filters: { slug: 'too-short-title' }, status: 'published' });
    expect(published).toBeNull();
  });

  it('sees only its own playlists and profile', async () => {
    const playlists = await as('bob').get(PLAYLISTS).expect(200);
    expect(playlists.body.results).toEqual([]);
    await as('bob').get(`${PLAYLISTS}/${fixture.playlists.alicePrivate.documentId}`).expect(403);
    const profiles = await as('alice').get(CREATORS).expect(200);
    expect(profiles.body.results.map((creator: { handle: string }) => creator.handle)).toEqual(['alice']);
    await as('alice').put(`${CREATORS}/${fixture.creators.bob.documentId}`, { displayName: 'Not Bob' }).expect(403);
    await as('alice').put(`${CREATORS}/${fixture.creators.alice.documentId}`, { displayName: 'Alice A.' }).expect(200);
  });

  it('cannot verify itself', async () => {
    await as('alice')
      .put(`${CREATORS}/${fixture.creators.alice.documentId}`, { verified: false, displayName: 'Alice B.' })
      .expect(200);
    const alice = await cms.strapi
      .documents('api::creator.creator')
      .findOne({ documentId: fixture.creators.alice.documentId });
    expect(alice?.verified).toBe(true);
  });
});

describe('comments, in the admin', () => {
  const COMMENTS = '/content-manager/collection-types/plugin::community.comment';
  let onAlice: { documentId: string };
  let onBob: { documentId: string };
  beforeAll(async () => {
    const comment = (video: string, body: string) =>
      cms.strapi.documents('plugin::community.comment').create({
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
    onAlice = await comment(fixture.videos.alicePublic.documentId, 'On Alice’s video');
    onBob = await comment(fixture.videos.bobPublic.documentId, 'On Bob’s video');
  });

  it('a creator sees the comments on its own videos only, and can hide or pin them but not rewrite them', async () => {
    const listed = await as('alice').get(`${COMMENTS}?pageSize=100`).expect(200);
    expect(listed.body.results.map((comment: { body: string }) => comment.body)).toEqual(['On Alice’s video']);
    await as('alice').get(`${COMMENTS}/${onBob.documentId}`).expect(403);
    await as('alice').put(`${COMMENTS}/${onAlice.documentId}`, { state: 'hidden', pinned: true }).expect(200);
    await as('alice').put(`${COMMENTS}/${onAlice.documentId}`, { body: 'Rewritten' }).expect(200);
    const stored = await cms.strapi.db
      .query('plugin::community.comment')
      .findOne({ where: { documentId: onAlice.documentId } });
    expect(stored).toMatchObject({ state: 'hidden', pinned: true, body: 'On Alice’s video' });
    await as('alice').put(`${COMMENTS}/${onBob.documentId}`, { state: 'hidden' }).expect(403);
  });

  it('a moderator sees every comment and the viewers’ audit trail', async () => {
    const listed = await as('moderator').get(`${COMMENTS}?pageSize=100`).expect(200);
    expect(listed.body.results.length).toBeGreaterThanOrEqual(2);
    await as('moderator').get(AUDIT).expect(200);
    await as('moderator').get('/content-manager/collection-types/plugin::users-permissions.user').expect(200);
  });
});

describe('the audit trail, with the admins’ sign-ins in it', () => {
  const adminEntries = async () =>
    (await cms.strapi.db
      .query('plugin::accounts.audit-entry')
      .findMany({ where: { accountType: 'admin', event: 'sign-in' } })) as Array<{ documentId: string }>;

  it('a moderator reads the admins’ sign-ins with the viewers’ entries, and cannot change or delete any', async () => {
    // beforeAll signed alice, bob and the moderator in
    const entries = await adminEntries();
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const listed = await as('moderator').get(`${AUDIT}?pageSize=100&filters[accountType][$eq]=admin`).expect(200);
    expect(listed.body.results.map((entry: { identifier: string }) => entry.identifier)).toEqual(
      expect.arrayContaining(['alice@fixture.test', 'bob@fixture.test', 'mod@fixture.test']),
    );
    const one = entries[0]!.documentId;
    await as('moderator').get(`${AUDIT}/${one}`).expect(200);
    await as('moderator').put(`${AUDIT}/${one}`, { event: 'sign-out' }).expect(403);
    await as('moderator').delete(`${AUDIT}/${one}`).expect(403);
    await as('moderator').post(AUDIT, { event: 'sign-in', accountType: 'admin' }).expect(403);
  });

  it('a creator cannot read it, its own sign-ins included; nobody reads it outside the admin', async () => {
    const entries = await adminEntries();
    await as('alice').get(AUDIT).expect(403);
    for (const { documentId } of entries) await as('alice').get(`${AUDIT}/${documentId}`).expect(403);
    await request(cms.server).get(AUDIT).expect(401);
    // no content-API route and no GraphQL type reaches it
    await request(cms.server).get('/api/audit-entries').expect(404);
    await request(cms.server).get('/api/accounts/audit-entries').expect(404);
    const graphql = await request(cms.server)
      .post('/graphql')
      .send({ query: '{ auditEntries { documentId identifier } }' });
    expect(JSON.stringify(graphql.body)).not.toContain('fixture.test');
    expect(graphql.body.errors?.[0]?.message).toMatch(/auditEntries/);
  });
});

describe('a Moderator', () => {
  it('sees every video and can remove one', async () => {
    const response = await as('moderator').get(`${VIDEOS}?pageSize=100`).expect(200);
    expect(response.body.results.length).toBeGreaterThanOrEqual(8);
    const id = fixture.videos.bobPending.documentId;
    await as('moderator').put(`${VIDEOS}/${id}`, { moderationState: 'removed' }).expect(200);
    const video = await cms.strapi.documents('api::video.video').findOne({ documentId: id });
    expect(video?.moderationState).toBe('removed');
  });

  it('cannot reach settings', async () => {
    await as('moderator').get('/admin/users').expect(403);
    await as('moderator').get('/admin/roles').expect(403);
  });
});

describe('anonymous callers', () => {
  it('get 401 from the admin API', async () => {
    await request(cms.server).get(VIDEOS).expect(401);
  });
});
