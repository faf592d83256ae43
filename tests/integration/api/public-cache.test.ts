/**
 * The public response cache: anonymous reads are served from memory until something they read is written. A write
 * evicts the answers that listed its type or showed what it changed, and leaves the others cached.
 */
import request from 'supertest';
import { createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';
import { createViewer } from '../setup/viewers';

let cms: TestCms;
let fixture: Fixture;

beforeAll(async () => {
  // entries outlive a slow machine: what is evicted here is evicted by a write, not by time
  process.env.PUBLIC_CACHE_TTL_MS = '600000';
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  // the fixture's video with a source starts a (failing) transcoding job, and every write updates the search index:
  // both empty the cache when they land
  await settleSideEffects(cms.strapi);
});
afterAll(async () => {
  delete process.env.PUBLIC_CACHE_TTL_MS;
  await cms?.stop();
});

const LIST = '/api/videos?sort=slug:asc&populate[creator]=true';

it('serves a repeated anonymous read from the cache', async () => {
  const first = await request(cms.server).get(LIST).expect(200);
  const second = await request(cms.server)
    .get(LIST)
    .expect(200)
    .expect('Content-Type', /application\/json/);
  expect(first.headers['x-cache']).toBe('MISS');
  expect(second.headers['x-cache']).toBe('HIT');
  expect(second.body).toEqual(first.body);
});

it('forgets a cached list when one of its documents is written', async () => {
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
  await cms.strapi.documents('api::video.video').update({
    documentId: fixture.videos.bobPublic.documentId,
    data: { visibility: 'private' } as never,
    status: 'published',
  });
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

describe('a write evicts only the answers it touched', () => {
  const VIDEOS = 'api::video.video';
  const answers = {
    videoList: LIST,
    bySlug: '/api/videos/slug/alice-public',
    aliceWithVideos: '/api/creators?filters[handle][$eq]=alice&populate[videos]=true',
    aliceListWithVideos: '/api/playlists?filters[slug][$eq]=alice-list&populate[videos]=true',
    unlistedBySlug: '/api/videos/slug/alice-unlisted',
    categories: '/api/categories?sort=position:asc',
    tags: '/api/tags',
    bobWithVideos: '/api/creators?filters[handle][$eq]=bob&populate[videos]=true',
    bobWithAvatar: '/api/creators?filters[handle][$eq]=bob&populate[avatar]=true',
  };
  type Answer = keyof typeof answers;

  const read = (name: Answer) => request(cms.server).get(answers[name]).expect(200);
  /** Reads each answer until it is cached (a first read stores it). */
  async function warm(names: Answer[]): Promise<void> {
    for (const name of names) {
      await read(name);
      expect({ name, cache: (await read(name)).headers['x-cache'] }).toEqual({ name, cache: 'HIT' });
    }
  }
  async function cacheStates(names: Answer[]): Promise<Record<string, string>> {
    const states: Record<string, string> = {};
    for (const name of names) states[name] = (await read(name)).headers['x-cache'];
    return states;
  }
  const slugsIn = (body: { data: unknown }) =>
    JSON.stringify(body.data)
      .match(/"slug":"[^"]+"/g)
      ?.map((pair) => pair.slice(8, -1)) ?? [];

  beforeAll(async () => {
    // an earlier test made bob-public private
    await cms.strapi.documents(VIDEOS).update({
      documentId: fixture.videos.bobPublic.documentId,
      data: { visibility: 'public' } as never,
      status: 'published',
    });
  });
  // the search index catches up with each write a moment later, and says so (evicting what showed that video)
  beforeEach(() => settleSideEffects(cms.strapi));

  test('an edit of one video evicts the list, its page, its creator and its playlist; other answers stay cached', async () => {
    const names = Object.keys(answers) as Answer[];
    await warm(names);
    await cms.strapi.documents(VIDEOS).update({
      documentId: fixture.videos.alicePublic.documentId,
      data: { title: 'Edited while cached' } as never,
      status: 'published',
    });
    expect(await cacheStates(names)).toEqual({
      // the answers that showed the video
      videoList: 'MISS',
      bySlug: 'MISS',
      aliceWithVideos: 'MISS',
      aliceListWithVideos: 'MISS',
      // a lookup by slug searches all videos: any video write may change which one a slug finds
      unlistedBySlug: 'MISS',
      // answers that read nothing the edit changed
      categories: 'HIT',
      tags: 'HIT',
      bobWithVideos: 'HIT',
      bobWithAvatar: 'HIT',
    });
    for (const name of ['videoList', 'bySlug', 'aliceWithVideos', 'aliceListWithVideos'] as Answer[]) {
      expect({ name, edited: JSON.stringify((await read(name)).body).includes('Edited while cached') }).toEqual({
        name,
        edited: true,
      });
    }
  });

  test('a video made public shows at once where its links lead (its creator), not elsewhere', async () => {
    await warm(['aliceWithVideos', 'bobWithVideos', 'categories']);
    expect(slugsIn((await read('aliceWithVideos')).body)).not.toContain('alice-private');
    await cms.strapi.documents(VIDEOS).update({
      documentId: fixture.videos.alicePrivate.documentId,
      data: { visibility: 'public' } as never,
      status: 'published',
    });
    expect(await cacheStates(['aliceWithVideos', 'bobWithVideos', 'categories'])).toEqual({
      aliceWithVideos: 'MISS',
      bobWithVideos: 'HIT',
      categories: 'HIT',
    });
    expect(slugsIn((await read('aliceWithVideos')).body)).toContain('alice-private');
  });

  test('a new video evicts the page of the creator it belongs to, not the other creator', async () => {
    await warm(['aliceWithVideos', 'bobWithVideos', 'tags']);
    await cms.strapi.documents(VIDEOS).create({
      data: {
        title: 'New from Bob',
        slug: 'new-from-bob',
        processingStatus: 'ready',
        visibility: 'public',
        moderationState: 'approved',
        creator: fixture.creators.bob.documentId,
      } as never,
      status: 'published',
    });
    expect(await cacheStates(['aliceWithVideos', 'bobWithVideos', 'tags'])).toEqual({
      aliceWithVideos: 'HIT',
      bobWithVideos: 'MISS',
      tags: 'HIT',
    });
    expect(slugsIn((await read('bobWithVideos')).body)).toContain('new-from-bob');
  });

  test('a video made private leaves its creator page and its playlist at once', async () => {
    await warm(['aliceWithVideos', 'aliceListWithVideos', 'bobWithVideos']);
    await cms.strapi.documents(VIDEOS).update({
      documentId: fixture.videos.alicePublic.documentId,
      data: { visibility: 'private' } as never,
      status: 'published',
    });
    expect(await cacheStates(['aliceWithVideos', 'aliceListWithVideos', 'bobWithVideos'])).toEqual({
      aliceWithVideos: 'MISS',
      aliceListWithVideos: 'MISS',
      bobWithVideos: 'HIT',
    });
    expect(slugsIn((await read('aliceWithVideos')).body)).not.toContain('alice-public');
    expect(slugsIn((await read('aliceListWithVideos')).body)).not.toContain('alice-public');
  });

  test('a plugin write through the query engine evicts the answers that showed that row, by what it changed', async () => {
    await warm(['unlistedBySlug', 'videoList', 'aliceWithVideos', 'categories']);
    // as the transcoding pipeline writes its fields: every row of the video, no Document Service
    await cms.strapi.db.query(VIDEOS).updateMany({ where: { slug: 'alice-unlisted' }, data: { duration: 321 } });
    // the unlisted video appears in none of the others, and none of them chose or ordered videos by duration
    expect(await cacheStates(['unlistedBySlug', 'videoList', 'aliceWithVideos', 'categories'])).toEqual({
      unlistedBySlug: 'MISS',
      videoList: 'HIT',
      aliceWithVideos: 'HIT',
      categories: 'HIT',
    });
    expect(Number((await read('unlistedBySlug')).body.data.duration)).toBe(321);
  });

  test('a comment changes the count shown with its video at once (the community plugin says which video)', async () => {
    const viewer = await createViewer(cms, 'counter');
    await warm(['unlistedBySlug', 'categories']);
    const before = (await read('unlistedBySlug')).body.data.commentCount as number;
    await request(cms.server)
      .post(`/api/community/videos/${fixture.videos.aliceUnlisted.documentId}/comments`)
      .set(viewer.auth)
      .send({ body: 'Counted at once' })
      .expect(201);
    expect(await cacheStates(['unlistedBySlug', 'categories'])).toEqual({ unlistedBySlug: 'MISS', categories: 'HIT' });
    expect((await read('unlistedBySlug')).body.data.commentCount).toBe(before + 1);
  });

  test('a media library change evicts the answers that showed files, not the others', async () => {
    await warm(['bobWithAvatar', 'bobWithVideos', 'categories']);
    await cms.strapi.db.query('plugin::upload.file').create({
      data: {
        name: 'new-avatar.png',
        hash: 'new_avatar_hash',
        ext: '.png',
        mime: 'image/png',
        size: 1,
        url: '/uploads/new_avatar_hash.png',
        provider: 'local',
      },
    });
    expect(await cacheStates(['bobWithAvatar', 'bobWithVideos', 'categories'])).toEqual({
      bobWithAvatar: 'MISS',
      bobWithVideos: 'HIT',
      categories: 'HIT',
    });
  });

  test('an answer read before a write and finished after it is not stored', async () => {
    const CATEGORIES = 'api::category.category';
    let release!: () => void;
    let readDone!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const haveRead = new Promise<void>((resolve) => (readDone = resolve));
    let holding = true;
    // held between the database read and the answer: the write lands in that gap
    const unhook = cms.strapi.documents.use(async (context, next) => {
      const result = await next();
      if (holding && context.uid === CATEGORIES && context.action === 'findMany') {
        holding = false;
        readDone();
        await gate;
      }
      return result;
    });
    try {
      const slow = request(cms.server)
        .get(`${answers.categories}&pagination[pageSize]=7`)
        .then((response) => response);
      await haveRead;
      await cms.strapi
        .documents(CATEGORIES)
        .update({ documentId: fixture.category.documentId, data: { name: 'Renamed science' } as never });
      release();
      const stale = await slow;
      expect(stale.body.data[0].name).toBe('Science');
      const next = await request(cms.server).get(`${answers.categories}&pagination[pageSize]=7`).expect(200);
      expect(next.headers['x-cache']).toBe('MISS');
      expect(next.body.data[0].name).toBe('Renamed science');
    } finally {
      release();
      (unhook as unknown as () => void)();
    }
  });
});
