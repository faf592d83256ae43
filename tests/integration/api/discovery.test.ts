/**
 * Discovery on a real Strapi with the embedded engine: what the index holds and how it follows every write,
 * GET /api/search (filters, facets, sorts, highlights, validation, rate limit), suggestions, related videos,
 * view counting and trending, and the database fallback when the engine fails.
 */
import request from 'supertest';
import { signViewerToken, type SearchResponse, type SuggestResponse } from '@framecast/contracts';
import { createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleTranscoding, startTestCms, type TestCms } from '../setup/strapi';
import { createViewer } from '../setup/viewers';

const RATE_LIMIT = 80;
let cms: TestCms;
let fixture: Fixture;

type Indexer = { settled(): Promise<void>; reindex(): Promise<{ indexed: number }> };
const indexer = () => cms.strapi.plugin('discovery').service('indexer') as Indexer;
/** A viewer id as the site signs it (VIEW_SIGNING_SECRET, which the test CMS shares with this process). */
const signed = (viewerId: string, now = Date.now()) => signViewerToken(process.env.VIEW_SIGNING_SECRET!, viewerId, now);

beforeAll(async () => {
  process.env.SEARCH_RATE_LIMIT = String(RATE_LIMIT);
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await settleTranscoding(cms.strapi);
  await indexer().settled();
});
afterAll(async () => {
  delete process.env.SEARCH_RATE_LIMIT;
  await cms?.stop();
});

const search = async (query: Record<string, string | string[]> = {}) => {
  const response = await request(cms.server).get('/api/search').query(query);
  expect(response.status).toBe(200);
  return response.body as SearchResponse;
};
const slugs = (body: SearchResponse) => body.data.map((hit) => hit.video.slug);

/** Polls search until `predicate` holds; returns how long it took (ms). */
async function until(
  query: Record<string, string>,
  predicate: (body: SearchResponse) => boolean,
  timeoutMs = 3000,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (predicate(await search(query))) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`search ${JSON.stringify(query)} did not change within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const videos = () => cms.strapi.documents('api::video.video');

describe('the index', () => {
  test('holds published, public, approved videos only', async () => {
    const body = await search();
    expect(slugs(body).sort()).toEqual([...fixture.publicSlugs].sort());
    expect(body.meta).toMatchObject({
      total: 2,
      engine: 'embedded',
      degraded: false,
      query: { sort: 'newest', page: 1, pageSize: 24 },
    });
    const text = JSON.stringify(body);
    for (const hidden of fixture.hiddenSlugs) expect(text).not.toContain(hidden);
    for (const secret of ['secret-source.mp4', 'alice-private@fixture.test', 'playbackAssets', 'sourceKey'])
      expect(text).not.toContain(secret);
  });

  test('a published video is searchable within 1 s, and leaves at once when it turns private, unpublished or removed', async () => {
    const created = await videos().create({
      data: {
        title: 'Quasar spectroscopy primer',
        slug: 'quasar-primer',
        processingStatus: 'ready',
        visibility: 'public',
        moderationState: 'approved',
        creator: fixture.creators.alice.documentId,
      } as never,
    });
    expect((await search({ q: 'quasar' })).meta.total).toBe(0); // a draft is not searchable
    await videos().publish({ documentId: created.documentId });
    expect(await until({ q: 'quasar' }, (body) => body.meta.total === 1)).toBeLessThan(1000);

    await videos().update({
      documentId: created.documentId,
      data: { visibility: 'private' } as never,
      status: 'published',
    });
    expect(await until({ q: 'quasar' }, (body) => body.meta.total === 0)).toBeLessThan(1000);
    await videos().update({
      documentId: created.documentId,
      data: { visibility: 'public' } as never,
      status: 'published',
    });
    await until({ q: 'quasar' }, (body) => body.meta.total === 1);

    await videos().update({
      documentId: created.documentId,
      data: { moderationState: 'removed' } as never,
      status: 'published',
    });
    await until({ q: 'quasar' }, (body) => body.meta.total === 0);
    await videos().update({
      documentId: created.documentId,
      data: { moderationState: 'approved' } as never,
      status: 'published',
    });
    await until({ q: 'quasar' }, (body) => body.meta.total === 1);

    await videos().unpublish({ documentId: created.documentId });
    await until({ q: 'quasar' }, (body) => body.meta.total === 0);
    await videos().publish({ documentId: created.documentId });
    await until({ q: 'quasar' }, (body) => body.meta.total === 1);
    const view = await request(cms.server)
      .post('/api/discovery/views')
      .send({ video: created.documentId, viewer: signed('viewer-session-quasar01'), watchedSeconds: 8 });
    expect(view.body).toEqual({ counted: true });
    await videos().delete({ documentId: created.documentId });
    await until({ q: 'quasar' }, (body) => body.meta.total === 0);
    // its counted views went with it
    expect(await cms.strapi.db.query('plugin::discovery.view').count({ where: { video: created.documentId } })).toBe(0);
  });

  test('follows a renamed creator, category and tag, and a deleted tag', async () => {
    await cms.strapi
      .documents('api::creator.creator')
      .update({ documentId: fixture.creators.bob.documentId, data: { displayName: 'Roberta Zephyr' } as never });
    await until({ q: 'zephyr' }, (body) => slugs(body).join() === 'bob-public');
    await cms.strapi
      .documents('api::category.category')
      .update({ documentId: fixture.category.documentId, data: { name: 'Natural sciences' } as never });
    await until({}, (body) => body.meta.facets.category[0]?.label === 'Natural sciences');
    const tag = await cms.strapi
      .documents('api::tag.tag')
      .create({ data: { name: 'Optics', slug: 'optics' } as never });
    await videos().update({
      documentId: fixture.videos.alicePublic.documentId,
      data: { tags: [fixture.tag.documentId, tag.documentId] } as never,
      status: 'published',
    });
    await until({ tags: 'optics' }, (body) => slugs(body).join() === 'alice-public');
    await cms.strapi.documents('api::tag.tag').delete({ documentId: tag.documentId });
    await until({ q: 'optics' }, (body) => body.meta.total === 0);
  });

  test('a full reindex is idempotent', async () => {
    const before = await search();
    expect((await indexer().reindex()).indexed).toBe(before.meta.total);
    expect((await indexer().reindex()).indexed).toBe(before.meta.total);
    expect(slugs(await search())).toEqual(slugs(before));
  });
});

describe('GET /api/search', () => {
  test('filters, counts facets with labels, sorts and highlights', async () => {
    const body = await search({ q: 'vidoe', creator: 'alice' });
    expect(slugs(body)).toEqual(['alice-public']);
    expect(body.data[0]!.highlight.title).toEqual([
      { text: 'Video', match: true },
      { text: ' alice-public', match: false },
    ]);
    const faceted = await search({ tags: 'physics' });
    expect(faceted.meta.facets.creator.map((facet) => [facet.value, facet.count]).sort()).toEqual([
      ['alice', 1],
      ['bob', 1],
    ]);
    expect(faceted.meta.facets.tags).toEqual([{ value: 'physics', label: 'physics', count: 2 }]);
    expect(faceted.meta.facets.uploaded.map((facet) => facet.value)).toEqual(['today', 'week', 'month', 'year']);
    expect((await search({ tags: 'physics', uploaded: 'today', duration: 'short' })).meta.total).toBe(2);
    expect((await search({ category: 'nope' })).meta.total).toBe(0);
    const card = body.data[0]!.video;
    expect(card).toMatchObject({
      slug: 'alice-public',
      creator: { handle: 'alice', displayName: 'Alice Archer' },
      category: { slug: 'science' },
    });
  });

  test.each([
    [{ sort: 'loudest' }, /sort must be one of/],
    [{ page: '0' }, /page must be 1 or more/],
    [{ page: 'two' }, /page must be a whole number/],
    [{ pageSize: '500' }, /pageSize must be at most 48/],
    [{ duration: 'epic' }, /duration must be one of short, medium, long/],
    [{ category: 'Not A Slug' }, /category must be a category slug/],
    [{ q: 'x'.repeat(201) }, /q must be at most 200 characters/],
    [{ colour: 'blue' }, /unknown parameter "colour"/],
  ])('refuses %j with 400 and the reason', async (query, message) => {
    const response = await request(cms.server).get('/api/search').query(query);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });

  test('suggests titles for a prefix, and refuses an empty one', async () => {
    const response = await request(cms.server).get('/api/search/suggest').query({ q: 'vid' });
    expect(response.status).toBe(200);
    const body = response.body as SuggestResponse;
    expect(body.data.map((suggestion) => suggestion.slug).sort()).toEqual([...fixture.publicSlugs].sort());
    expect(body.data.length).toBeLessThanOrEqual(8);
    expect((await request(cms.server).get('/api/search/suggest')).status).toBe(400);
  });
});

describe('related videos', () => {
  test('never the video itself nor a hidden one; 404 for an unknown video, 400 for a malformed id', async () => {
    const response = await request(cms.server).get(`/api/discovery/related/${fixture.videos.alicePublic.documentId}`);
    expect(response.status).toBe(200);
    expect(response.body.data.map((card: { slug: string }) => card.slug)).toEqual(['bob-public']);
    // an unlisted video's page has related videos too
    const unlisted = await request(cms.server).get(`/api/discovery/related/${fixture.videos.aliceUnlisted.documentId}`);
    expect(unlisted.body.data.map((card: { slug: string }) => card.slug).sort()).toEqual(
      [...fixture.publicSlugs].sort(),
    );
    expect((await request(cms.server).get('/api/discovery/related/abcdefghijklmnopqrstuvwx')).status).toBe(404);
    expect((await request(cms.server).get('/api/discovery/related/..%2Fadmin')).status).toBe(400);
  });
});

describe('you might like', () => {
  test('from what the viewer follows and likes, without what they rated, falling back to trending', async () => {
    expect((await request(cms.server).get('/api/discovery/for-you')).status).toBe(401);
    const newcomer = await createViewer(cms, 'newcomer');
    const cold = await request(cms.server).get('/api/discovery/for-you').set(newcomer.auth);
    expect(cold.status).toBe(200);
    expect(cold.body.meta).toEqual({ personalized: false });
    expect(cold.body.data.every((pick: { reason: string }) => pick.reason === 'Trending now')).toBe(true);

    const fan = await createViewer(cms, 'fan');
    await request(cms.server).put('/api/community/creators/bob/follow').set(fan.auth).expect(200);
    const warm = await request(cms.server).get('/api/discovery/for-you').set(fan.auth);
    expect(warm.body.meta).toEqual({ personalized: true });
    // (an earlier test renamed Bob's profile: the reason names the creator as it is now)
    const bob = (await cms.strapi.db.query('api::creator.creator').findOne({ where: { handle: 'bob' } })) as {
      displayName: string;
    };
    expect(warm.body.data[0]).toMatchObject({
      video: { slug: 'bob-public' },
      reason: `Because you follow ${bob.displayName}`,
    });

    await request(cms.server)
      .put(`/api/community/videos/${fixture.videos.bobPublic.documentId}/rating`)
      .set(fan.auth)
      .send({ stars: 5 })
      .expect(200);
    const after = await request(cms.server).get('/api/discovery/for-you').set(fan.auth);
    expect(after.body.data.map((pick: { video: { slug: string } }) => pick.video.slug)).not.toContain('bob-public');
    // hidden videos never appear
    const slugs = [...cold.body.data, ...warm.body.data, ...after.body.data].map(
      (pick: { video: { slug: string } }) => pick.video.slug,
    );
    for (const hidden of fixture.hiddenSlugs) expect(slugs).not.toContain(hidden);
  });
});

describe('view counting', () => {
  const send = (video: string, viewer: unknown, watchedSeconds = 6) =>
    request(cms.server).post('/api/discovery/views').send({ video, viewer, watchedSeconds });
  /** A beacon as the site sends it: the viewer id signed. */
  const beacon = (video: string, viewerId: string, watchedSeconds = 6) => send(video, signed(viewerId), watchedSeconds);
  const viewCount = async (slug: string) =>
    Number(
      (await request(cms.server).get(`/api/videos/slug/${slug}`).set('cache-control', 'no-cache')).body.data.viewCount,
    );

  test('counts once per viewer session per video per day, after a few seconds, and feeds trending', async () => {
    const bob = fixture.videos.bobPublic.documentId;
    const before = await viewCount('bob-public');
    expect((await beacon(bob, 'viewer-session-aaaaaaaa')).body).toEqual({ counted: true });
    expect((await beacon(bob, 'viewer-session-aaaaaaaa')).body).toEqual({ counted: false });
    const racing = await Promise.all([beacon(bob, 'viewer-session-bbbbbbbb'), beacon(bob, 'viewer-session-bbbbbbbb')]);
    expect(racing.map((response) => response.body.counted).sort()).toEqual([false, true]);
    expect(await viewCount('bob-public')).toBe(before + 2);

    const short = await beacon(bob, 'viewer-session-cccccccc', 2);
    expect(short.status).toBe(422);
    expect(short.body.error.message).toMatch(/after 5 s/);
    expect(await viewCount('bob-public')).toBe(before + 2);

    await until({ sort: 'trending' }, (body) => slugs(body)[0] === 'bob-public');
    await until(
      { sort: 'views' },
      (body) => slugs(body)[0] === 'bob-public' && body.data[0]!.video.viewCount === before + 2,
    );
    // alice's video gets more views, more recently: it overtakes
    const alice = fixture.videos.alicePublic.documentId;
    for (const viewer of ['viewer-session-dddddddd', 'viewer-session-eeeeeeee', 'viewer-session-ffffffff'])
      await beacon(alice, viewer);
    await until({ sort: 'trending' }, (body) => slugs(body)[0] === 'alice-public');
  });

  test('counts only viewer ids the site signed: unsigned, forged and expired ones get 401 and count nothing', async () => {
    const bob = fixture.videos.bobPublic.documentId;
    const before = await viewCount('bob-public');
    const rows = () => cms.strapi.db.query('plugin::discovery.view').count({ where: { video: bob } });
    const rowsBefore = await rows();
    const genuine = signed('viewer-session-hhhhhhhh');
    const [version, id, issued, signature] = genuine.split('.') as [string, string, string, string];
    const refusals: Array<[string, unknown, RegExp]> = [
      ['a client-chosen id', 'viewer-session-chosen-by-me', /not signed by the site/],
      ['the shape of a token, unsigned', `v1.${id}.${issued}.${'A'.repeat(43)}`, /not signed by the site/],
      [
        'another id under a real signature',
        [version, 'viewer-session-iiiiiiii', issued, signature].join('.'),
        /not signed by the site/,
      ],
      [
        'a signature changed by one letter',
        `${genuine.slice(0, -1)}${genuine.endsWith('A') ? 'B' : 'A'}`,
        /not signed by the site/,
      ],
      [
        'another secret',
        signViewerToken('some-other-secret-of-32-characters-or-more', 'viewer-session-jjjjjjjj'),
        /not signed by the site/,
      ],
      ['an id signed two days ago', signed('viewer-session-kkkkkkkk', Date.now() - 2 * 86_400_000), /expired/],
      ['an id signed in the future', signed('viewer-session-llllllll', Date.now() + 86_400_000), /expired/],
    ];
    for (const [what, viewer, message] of refusals) {
      const answer = await send(bob, viewer);
      expect({ what, status: answer.status }).toEqual({ what, status: 401 });
      expect(answer.body.error).toMatchObject({
        status: 401,
        name: 'UnauthorizedError',
        message: expect.stringMatching(message),
      });
    }
    expect(await viewCount('bob-public')).toBe(before);
    expect(await rows()).toBe(rowsBefore);
    // the genuine one counts
    expect((await send(bob, genuine)).body).toEqual({ counted: true });
    expect(await viewCount('bob-public')).toBe(before + 1);
  });

  test('refuses a malformed beacon (400) and a video nobody may watch (404)', async () => {
    expect((await send(fixture.videos.bobPublic.documentId, 42)).status).toBe(400);
    expect(
      (await request(cms.server).post('/api/discovery/views').send({ video: fixture.videos.bobPublic.documentId }))
        .status,
    ).toBe(400);
    expect((await beacon(fixture.videos.alicePrivate.documentId, 'viewer-session-gggggggg')).status).toBe(404);
    expect((await beacon(fixture.videos.bobDraft.documentId, 'viewer-session-gggggggg')).status).toBe(404);
  });
});

describe('when the engine fails', () => {
  test('search, suggestions and related videos answer from the database with a notice', async () => {
    type EngineService = { engine: object; replaceEngine(engine: object): void; ready: boolean };
    const service = cms.strapi.plugin('discovery').service('engine') as EngineService;
    const real = service.engine;
    const failing = new Proxy(real, {
      get(target, property) {
        if (['search', 'suggest'].includes(String(property)))
          return async () => {
            throw new Error('engine down (test)');
          };
        return Reflect.get(target, property);
      },
    });
    service.replaceEngine(failing);
    try {
      const body = await search({ q: 'alice', sort: 'newest' });
      expect(body.meta).toMatchObject({ engine: 'database', degraded: true });
      expect(body.meta.notice).toMatch(/simpler mode/);
      expect(slugs(body)).toEqual(['alice-public']);
      expect(body.data[0]!.highlight.title.some((part) => part.match)).toBe(true);
      const filtered = await search({ creator: 'bob' });
      expect(slugs(filtered)).toEqual(['bob-public']);
      const suggest = await request(cms.server).get('/api/search/suggest').query({ q: 'video' });
      expect(suggest.body.meta.degraded).toBe(true);
      expect(suggest.body.data.length).toBe(2);
      const related = await request(cms.server).get(`/api/discovery/related/${fixture.videos.alicePublic.documentId}`);
      expect(related.body.data.map((card: { slug: string }) => card.slug)).toEqual(['bob-public']);
    } finally {
      service.replaceEngine(real);
    }
    expect((await search({ q: 'alice' })).meta.degraded).toBe(false);
  });
});

describe('rate limit', () => {
  test('answers 429 with Retry-After past the limit', async () => {
    let limited: request.Response | undefined;
    for (let i = 0; i <= RATE_LIMIT && !limited; i += 1) {
      // a different prefix each time: cached answers cost nothing and are not counted
      const response = await request(cms.server)
        .get('/api/search/suggest')
        .query({ q: `v${i}` });
      if (response.status === 429) limited = response;
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited!.body.error).toMatchObject({ status: 429, name: 'RateLimitError' });
    // the site (a trusted peer, loopback here) names each viewer: another viewer is not held back
    const otherViewer = await request(cms.server)
      .get('/api/search/suggest')
      .set('x-forwarded-for', '203.0.113.50')
      .query({ q: 'another' });
    expect(otherViewer.status).toBe(200);
  });
});
