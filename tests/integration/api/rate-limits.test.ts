/**
 * The CMS's one rate limiter (plugins/rate-limits) on every viewer write, through the real API: with a limit of 2 per
 * bucket, the third write answers 429 with Retry-After and Strapi's error body, and is not carried out. Then the
 * same with the counters in a real Redis (REDIS_URL), where another instance's hits count too.
 */
import Redis from 'ioredis';
import request from 'supertest';
import { signViewerToken } from '@framecast/contracts';
import { createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { resolveTestRedis, type TestRedis } from '../setup/redis-server';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';
import { createViewer, type TestViewer } from '../setup/viewers';

const LIMIT = 2;
const LIMIT_SETTINGS = [
  'COMMENT_RATE_LIMIT',
  'REPORT_RATE_LIMIT',
  'RATING_RATE_LIMIT',
  'FOLLOW_RATE_LIMIT',
  'COLLECTION_RATE_LIMIT',
  'HISTORY_SAVE_RATE_LIMIT',
  'SEARCH_RATE_LIMIT',
  'VIEW_RATE_LIMIT',
  'UPLOAD_RATE_LIMIT',
];

let cms: TestCms;
let fixture: Fixture;
let videoId: string;
let viewers = 0;

const api = () => request(cms.server);
const video = () => videoId;
const freshViewer = () => createViewer(cms, `limited${(viewers += 1)}`);
const COMMENT = 'plugin::community.comment';
const commentsOf = (author: number) =>
  cms.strapi.db.query(COMMENT).findMany({ where: { author } }) as Promise<
    Array<{ id: number; state: string; body: string | null; reportCount: number }>
  >;
const writeComment = async (author: TestViewer, body: string) =>
  (await cms.strapi.db.query(COMMENT).create({
    data: {
      video: video(),
      videoTitle: 'Video alice-public',
      author: author.id,
      authorName: author.username,
      body,
      state: 'visible',
      pinned: false,
      reportCount: 0,
      publishedAt: new Date(),
    },
  })) as { id: number };
const collections = () =>
  cms.strapi.plugin('library').service('collections') as {
    create(viewer: number, input: { title: string }): Promise<{ documentId: string }>;
  };

/** Sends `send` LIMIT times (whatever each answers), then once more: that one must be refused. */
async function refusedPastTheLimit(send: (attempt: number) => request.Test): Promise<request.Response[]> {
  const answers: request.Response[] = [];
  for (let attempt = 0; attempt < LIMIT; attempt += 1) {
    const answer = await send(attempt);
    expect({ attempt, status: answer.status }).not.toEqual({ attempt, status: 429 });
    answers.push(answer);
  }
  const refused = await send(LIMIT);
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(refused.body).toEqual({
    data: null,
    error: {
      status: 429,
      name: 'RateLimitError',
      message: expect.stringMatching(/^Too many .+: try again in \d+ s$/),
      details: { retryAfter },
    },
  });
  answers.push(refused);
  return answers;
}

describe('in memory', () => {
  beforeAll(async () => {
    for (const name of LIMIT_SETTINGS) process.env[name] = String(LIMIT);
    cms = await startTestCms();
    fixture = await createCatalogFixture(cms.strapi);
    videoId = fixture.videos.alicePublic.documentId;
    await settleSideEffects(cms.strapi);
  });
  afterAll(async () => {
    await cms?.stop();
  });

  test('comments: a third comment in the window is refused and not stored', async () => {
    const viewer = await freshViewer();
    const answers = await refusedPastTheLimit((i) =>
      api()
        .post(`/api/community/videos/${video()}/comments`)
        .set(viewer.auth)
        .send({ body: `Comment ${i}` }),
    );
    expect(answers.slice(0, LIMIT).map((answer) => answer.status)).toEqual([201, 201]);
    expect((await commentsOf(viewer.id)).map((row) => row.body)).toEqual(['Comment 0', 'Comment 1']);
  });

  test('replies count as comments', async () => {
    const [author, replier] = [await freshViewer(), await freshViewer()];
    const parent = await writeComment(author, 'Parent');
    await refusedPastTheLimit((i) =>
      api()
        .post(`/api/community/videos/${video()}/comments`)
        .set(replier.auth)
        .send({ body: `Reply ${i}`, replyTo: parent.id }),
    );
    expect(await commentsOf(replier.id)).toHaveLength(LIMIT);
  });

  test('forum topics and posts count as comments, and a refused one is not stored', async () => {
    const [starter, replier] = [await freshViewer(), await freshViewer()];
    const topics = await refusedPastTheLimit((i) =>
      api()
        .post('/api/community/boards/general/topics')
        .set(starter.auth)
        .send({ title: `Topic ${i}`, body: `Opening ${i}` }),
    );
    expect(topics.slice(0, LIMIT).map((answer) => answer.status)).toEqual([201, 201]);
    expect(await cms.strapi.db.query('plugin::community.topic').count({ where: { author: starter.id } })).toBe(LIMIT);
    const topic = topics[0]!.body.data.id as number;
    await refusedPastTheLimit((i) =>
      api()
        .post(`/api/community/topics/${topic}/posts`)
        .set(replier.auth)
        .send({ body: `Post ${i}` }),
    );
    expect(await commentsOf(replier.id)).toHaveLength(LIMIT);
  });

  test('comment edits, and deletions', async () => {
    const editor = await freshViewer();
    const mine = await writeComment(editor, 'Original');
    await refusedPastTheLimit((i) =>
      api()
        .patch(`/api/community/comments/${mine.id}`)
        .set(editor.auth)
        .send({ body: `Edit ${i}` }),
    );
    expect((await commentsOf(editor.id))[0]!.body).toBe(`Edit ${LIMIT - 1}`);

    const deleter = await freshViewer();
    const own = [await writeComment(deleter, 'a'), await writeComment(deleter, 'b'), await writeComment(deleter, 'c')];
    await refusedPastTheLimit((i) => api().delete(`/api/community/comments/${own[i]!.id}`).set(deleter.auth));
    expect((await commentsOf(deleter.id)).map((row) => row.state)).toEqual(['deleted', 'deleted', 'visible']);
  });

  test('reports', async () => {
    const [author, reporter] = [await freshViewer(), await freshViewer()];
    const targets = [await writeComment(author, 'x'), await writeComment(author, 'y'), await writeComment(author, 'z')];
    await refusedPastTheLimit((i) =>
      api().post(`/api/community/comments/${targets[i]!.id}/report`).set(reporter.auth).send({ reason: 'spam' }),
    );
    expect((await commentsOf(author.id)).map((row) => row.reportCount)).toEqual([1, 1, 0]);
  });

  test('video reports share the reports limit', async () => {
    const reporter = await freshViewer();
    const targets = [fixture.videos.alicePublic, fixture.videos.aliceUnlisted, fixture.videos.bobPublic];
    await refusedPastTheLimit((i) =>
      api().post(`/api/community/videos/${targets[i]!.documentId}/report`).set(reporter.auth).send({ reason: 'spam' }),
    );
    expect(
      await cms.strapi.db.query('plugin::community.video-report').count({ where: { reporter: reporter.id } }),
    ).toBe(LIMIT);
  });

  test('ratings and reviews, set and removed', async () => {
    const rater = await freshViewer();
    await refusedPastTheLimit((i) =>
      api()
        .put(`/api/community/videos/${video()}/rating`)
        .set(rater.auth)
        .send({ stars: i + 1, review: `Review ${i}` }),
    );
    const remover = await freshViewer();
    await refusedPastTheLimit(() => api().delete(`/api/community/videos/${video()}/rating`).set(remover.auth));
  });

  test('follows and unfollows', async () => {
    const follower = await freshViewer();
    await refusedPastTheLimit((i) =>
      (i % 2
        ? api().delete('/api/community/creators/alice/follow')
        : api().put('/api/community/creators/alice/follow')
      ).set(follower.auth),
    );
    // the refused third was a follow: it did not happen
    expect(await cms.strapi.db.query('plugin::community.follow').count({ where: { viewer: follower.id } })).toBe(0);
  });

  test('collection writes: create, update, delete, add and remove items (one count for them all)', async () => {
    const creator = await freshViewer();
    await refusedPastTheLimit((i) =>
      api()
        .post('/api/library/collections')
        .set(creator.auth)
        .send({ title: `List ${i}` }),
    );
    expect(
      await cms.strapi.db.query('plugin::library.collection').count({ where: { owner: creator.id, kind: 'custom' } }),
    ).toBe(LIMIT);

    const editor = await freshViewer();
    const list = await collections().create(editor.id, { title: 'Mine' });
    await refusedPastTheLimit((i) =>
      api()
        .patch(`/api/library/collections/${list.documentId}`)
        .set(editor.auth)
        .send({ title: `Renamed ${i}` }),
    );

    const deleter = await freshViewer();
    const lists = [
      await collections().create(deleter.id, { title: 'a' }),
      await collections().create(deleter.id, { title: 'b' }),
      await collections().create(deleter.id, { title: 'c' }),
    ];
    await refusedPastTheLimit((i) =>
      api().delete(`/api/library/collections/${lists[i]!.documentId}`).set(deleter.auth),
    );
    expect(
      await cms.strapi.db.query('plugin::library.collection').count({ where: { owner: deleter.id, kind: 'custom' } }),
    ).toBe(1);

    const curator = await freshViewer();
    const shelf = await collections().create(curator.id, { title: 'Shelf' });
    const items = `/api/library/collections/${shelf.documentId}/items/${video()}`;
    await refusedPastTheLimit((i) => (i % 2 ? api().delete(items) : api().put(items)).set(curator.auth));
    expect(
      (await cms.strapi.db.query('plugin::library.collection').findOne({ where: { documentId: shelf.documentId } }))
        .items ?? [],
    ).toEqual([]);
  });

  test('progress saves keep their own bucket', async () => {
    const watcher = await freshViewer();
    await refusedPastTheLimit((i) =>
      api()
        .put(`/api/library/history/${video()}`)
        .set(watcher.auth)
        .send({ position: i + 1, duration: 600 }),
    );
  });

  test('search and view beacons count per address: the site names each viewer, a direct client is its own address', async () => {
    await refusedPastTheLimit((i) =>
      api()
        .get('/api/search')
        .set('X-Forwarded-For', '203.0.113.10')
        .query({ q: `query ${i}` }),
    );
    expect((await api().get('/api/search').set('X-Forwarded-For', '203.0.113.11').query({ q: 'query' })).status).toBe(
      200,
    );
    // a beacon as the site sends it (its viewer id signed): the limit is per address, whatever the viewer id
    const answers = await refusedPastTheLimit((i) =>
      api()
        .post('/api/discovery/views')
        .set('X-Forwarded-For', '203.0.113.12')
        .send({
          video: video(),
          viewer: signViewerToken(process.env.VIEW_SIGNING_SECRET!, `rate-limit-viewer-${i}-0000`),
          watchedSeconds: 30,
        }),
    );
    expect(answers.slice(0, LIMIT).map((answer) => answer.body)).toEqual(
      Array.from({ length: LIMIT }, () => ({ counted: true })),
    );
  });

  test('the middleware counts an admin user per user on admin-type routes (uploads), and a bad bucket fails at boot', async () => {
    const factory = cms.strapi.middleware('plugin::rate-limits.limit') as unknown as (
      config: object,
      context: { strapi: TestCms['strapi'] },
    ) => (ctx: object, next: () => Promise<void>) => Promise<void>;
    const limit = factory({ bucket: 'uploads', per: 'user' }, { strapi: cms.strapi });
    const headers: Record<string, string> = {};
    const adminRequest = (user: number) => ({
      state: { user: { id: user }, auth: { strategy: { name: 'admin' } } },
      req: { socket: { remoteAddress: '127.0.0.1' } },
      get: () => '',
      set: (name: string, value: string) => void (headers[name] = value),
    });
    const next = jest.fn(async () => undefined);
    for (let i = 0; i < LIMIT; i += 1) await limit(adminRequest(41), next);
    await expect(limit(adminRequest(41), next)).rejects.toMatchObject({
      name: 'RateLimitError',
      message: expect.stringMatching(/^Too many uploads/),
    });
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    expect(next).toHaveBeenCalledTimes(LIMIT);
    // another admin user, and a viewer with the same id, have counts of their own
    await limit(adminRequest(42), next);
    await limit(
      { ...adminRequest(41), state: { user: { id: 41 }, auth: { strategy: { name: 'users-permissions' } } } },
      next,
    );
    expect(next).toHaveBeenCalledTimes(LIMIT + 2);
    expect(() => factory({ bucket: 'no-such-bucket', per: 'user' }, { strapi: cms.strapi })).toThrow(
      /unknown rate-limit bucket "no-such-bucket"/,
    );
    expect(() => factory({ bucket: 'uploads', per: 'everyone' }, { strapi: cms.strapi })).toThrow(
      /per must be one of viewer, address, user/,
    );
  });
});

describe('in Redis', () => {
  let redis: TestRedis;
  let raw: Redis;
  const prefix = () => `${redis.keyPrefix}:rl`;

  beforeAll(async () => {
    redis = await resolveTestRedis();
    raw = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    Object.assign(process.env, { REDIS_URL: redis.url, QUEUE_PREFIX: redis.keyPrefix, RATE_LIMIT_PREFIX: prefix() });
    cms = await startTestCms();
    // no transcoding jobs here (BullMQ would wait for a worker): a creator and a ready video are enough
    const alice = await cms.strapi
      .documents('api::creator.creator')
      .create({ data: { handle: 'alice', displayName: 'Alice Archer' } as never });
    const published = await cms.strapi.documents('api::video.video').create({
      data: {
        title: 'Counted in Redis',
        slug: 'counted-in-redis',
        processingStatus: 'ready',
        visibility: 'public',
        moderationState: 'approved',
        creator: alice.documentId,
      } as never,
      status: 'published',
    });
    videoId = published.documentId;
  });
  afterAll(async () => {
    await cms?.stop();
    for (const name of [...LIMIT_SETTINGS, 'REDIS_URL', 'QUEUE_PREFIX', 'RATE_LIMIT_PREFIX']) delete process.env[name];
    raw?.disconnect();
    await redis?.stop();
  });

  test('the count lives in Redis, under the prefix, with the window as its expiry', async () => {
    const viewer = await freshViewer();
    await refusedPastTheLimit((i) =>
      api()
        .post(`/api/community/videos/${video()}/comments`)
        .set(viewer.auth)
        .send({ body: `Redis comment ${i}` }),
    );
    const key = `${prefix()}:comments:viewer:${viewer.id}`;
    expect(await raw.get(key)).toBe(String(LIMIT + 1));
    const ttl = await raw.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  test('hits counted by another instance hold this one back', async () => {
    const viewer = await freshViewer();
    // another CMS instance already counted two follows for this viewer in this window
    await raw.set(`${prefix()}:follows:viewer:${viewer.id}`, String(LIMIT), 'PX', 60_000);
    const refused = await api().put('/api/community/creators/alice/follow').set(viewer.auth);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await cms.strapi.db.query('plugin::community.follow').count({ where: { viewer: viewer.id } })).toBe(0);
  });
});
