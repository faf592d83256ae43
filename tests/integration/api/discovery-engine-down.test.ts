/**
 * A CMS whose MEILI_HOST points at a port where nothing listens (the real Meilisearch driver, no server):
 * it boots, logs what to check, and search, suggestions and related videos answer from the database with a
 * notice while the rest of the API works.
 */
import { createServer } from 'node:net';
import request from 'supertest';
import { createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleTranscoding, startTestCms, type TestCms } from '../setup/strapi';

let cms: TestCms;
let fixture: Fixture;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  process.env.MEILI_HOST = `http://127.0.0.1:${await closedPort()}`;
  process.env.MEILI_TIMEOUT_MS = '500';
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await settleTranscoding(cms.strapi);
});
afterAll(async () => {
  delete process.env.MEILI_HOST;
  delete process.env.MEILI_TIMEOUT_MS;
  await cms?.stop();
});

test('the engine reports why it is down', () => {
  const status = (
    cms.strapi.plugin('discovery').service('engine') as {
      status(): { engine: string; ready: boolean; lastError: string | null };
    }
  ).status();
  expect(status).toMatchObject({ engine: 'meilisearch', ready: false });
  expect(status.lastError).toMatch(/unreachable.*check MEILI_HOST/);
});

test('search answers from the database, with a notice, and only public videos', async () => {
  const response = await request(cms.server).get('/api/search').query({ q: 'video', sort: 'newest' });
  expect(response.status).toBe(200);
  expect(response.body.meta).toMatchObject({ engine: 'database', degraded: true });
  expect(response.body.meta.notice).toMatch(/simpler mode/);
  expect(response.body.data.map((hit: { video: { slug: string } }) => hit.video.slug).sort()).toEqual(
    [...fixture.publicSlugs].sort(),
  );
  const suggest = await request(cms.server).get('/api/search/suggest').query({ q: 'Video alice' });
  expect(suggest.body).toMatchObject({ meta: { degraded: true }, data: [{ slug: 'alice-public' }] });
  const related = await request(cms.server).get(`/api/discovery/related/${fixture.videos.alicePublic.documentId}`);
  expect(related.status).toBe(200);
  expect(related.body.data.map((card: { slug: string }) => card.slug)).toEqual(['bob-public']);
});

test('the rest of the API keeps working, and writes are not held up by the index', async () => {
  expect((await request(cms.server).get('/api/videos')).status).toBe(200);
  // the CMS stays in rotation: health names the search problem without failing
  const health = await request(cms.server).get('/api/health');
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({
    status: 'ok',
    search: { engine: 'meilisearch', ready: false, error: expect.stringMatching(/unreachable/) },
  });
  const started = Date.now();
  await cms.strapi
    .documents('api::video.video')
    .update({ documentId: fixture.videos.alicePublic.documentId, data: { title: 'Video alice renamed' } as never });
  expect(Date.now() - started).toBeLessThan(2000);
});

test('diagnostics: the search check fails with what to do, and readiness answers 503 naming the part only', async () => {
  const diagnose = cms.strapi.plugin('diagnostics').service('diagnose') as {
    run(options: { only: string[] }): Promise<{ status: string; results: Array<Record<string, string>> }>;
  };
  const run = await diagnose.run({ only: ['search'] });
  expect(run.status).toBe('fail');
  expect(run.results[0]).toMatchObject({
    name: 'search',
    status: 'fail',
    detail: expect.stringMatching(/^meilisearch: /),
  });
  expect(run.results[0]!.fix).toMatch(/MEILI_HOST/);
  const ready = await request(cms.server).get('/api/health/ready');
  expect(ready.status).toBe(503);
  expect(ready.body).toEqual({
    status: 'not-ready',
    checks: { database: 'ok', storage: 'ok', queue: 'ok', search: 'fail' },
  });
});
