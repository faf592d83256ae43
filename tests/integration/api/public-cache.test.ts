/** The public response cache: anonymous reads are served from memory until something is written. */
import request from 'supertest';
import { createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';

let cms: TestCms;
let fixture: Fixture;

beforeAll(async () => {
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  // the fixture's video with a source starts a (failing) transcoding job, and every write updates the search index:
  // both empty the cache when they land
  await settleSideEffects(cms.strapi);
});
afterAll(async () => {
  await cms?.stop();
});

const LIST = '/api/videos?sort=slug:asc&populate[creator]=true';

it('serves a repeated anonymous read from the cache', async () => {
  const first = await request(cms.server).get(LIST).expect(200);
  const second = await request(cms.server).get(LIST).expect(200).expect('Content-Type', /application\/json/);
  expect(first.headers['x-cache']).toBe('MISS');
  expect(second.headers['x-cache']).toBe('HIT');
  expect(second.body).toEqual(first.body);
});

it('forgets everything when a document is written', async () => {
  await request(cms.server).get(LIST).expect(200);
  await cms.strapi.documents('api::video.video').update({
    documentId: fixture.videos.alicePublic.documentId,
    data: { title: 'Renamed while cached' } as never,
    status: 'published',
  });
  const response = await request(cms.server).get(LIST).expect(200);
  expect(response.headers['x-cache']).toBe('MISS');
  expect(response.body.data.map((video: { title: string }) => video.title)).toContain('Renamed while cached');
});

it('drops a video from cached lists the moment it is made private', async () => {
  await request(cms.server).get(LIST).expect(200);
  await cms.strapi.documents('api::video.video').update({ documentId: fixture.videos.bobPublic.documentId, data: { visibility: 'private' } as never, status: 'published' });
  const response = await request(cms.server).get(LIST).expect(200);
  expect(response.body.data.map((video: { slug: string }) => video.slug)).not.toContain('bob-public');
});

it('never caches an authenticated request, and honours Cache-Control: no-cache', async () => {
  await request(cms.server).get(LIST).expect(200);
  const authed = await request(cms.server).get(LIST).set('Authorization', 'Bearer not-a-real-token');
  expect(authed.headers['x-cache']).toBeUndefined();
  const fresh = await request(cms.server).get(LIST).set('Cache-Control', 'no-cache').expect(200);
  expect(fresh.headers['x-cache']).toBe('MISS');
});

it('does not cache errors or the health probe', async () => {
  await request(cms.server).get('/api/videos/slug/nope').expect(404);
  const again = await request(cms.server).get('/api/videos/slug/nope').expect(404);
  expect(again.headers['x-cache']).toBe('MISS');
  const health = await request(cms.server).get('/api/health').expect(200);
  expect(health.headers['x-cache']).toBeUndefined();
});
