/**
 * The forum through the real API, as the site calls it: boards (platform categories and a creator's Community tab),
 * topics, posts (which are comments: holds, edits, reports), subscriptions and their notifications, the board
 * owner's moderation, and every road a viewer, another creator or the public could take around those rules.
 */
import request from 'supertest';
import { adminToken, createCatalogFixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';
import { createViewer, type TestViewer } from '../setup/viewers';

let cms: TestCms;
let ana: TestViewer;
let ben: TestViewer;
let carmen: TestViewer;
/** The viewer account with the address of Alice's admin account: she runs the @alice board on the site. */
let aliceViewer: TestViewer;

beforeAll(async () => {
  process.env.COMMENT_RATE_LIMIT = '1000';
  cms = await startTestCms();
  await createCatalogFixture(cms.strapi);
  await settleSideEffects(cms.strapi);
  ana = await createViewer(cms, 'ana');
  ben = await createViewer(cms, 'ben');
  carmen = await createViewer(cms, 'carmen');
  aliceViewer = await createViewer(cms, 'alice-on-site', { email: 'alice@fixture.test' });
});
afterAll(async () => {
  delete process.env.COMMENT_RATE_LIMIT;
  await cms?.stop();
});

const api = () => request(cms.server);
const FORUM = '/api/community';
type Topic = {
  id: number;
  title: string;
  replies: number;
  state: string;
  locked: boolean;
  pinned: boolean;
  subscribed: boolean;
  author: { name: string; deleted: boolean; mine: boolean; channel?: boolean };
};
type Post = { id: number; body: string | null; state: string; author: { name: string; mine: boolean } };

async function startTopic(viewer: TestViewer, board: string, title: string, body: string): Promise<Topic> {
  const created = await api().post(`${FORUM}/boards/${board}/topics`).set(viewer.auth).send({ title, body });
  expect(created.status).toBe(201);
  return created.body.data as Topic;
}
const posts = async (topic: number, viewer?: TestViewer) => {
  const call = api().get(`${FORUM}/topics/${topic}`);
  const answer = await (viewer ? call.set(viewer.auth) : call);
  expect(answer.status).toBe(200);
  return answer.body as { topic: Topic; board: { canPost: boolean; canModerate: boolean }; posts: { data: Post[] } };
};

describe('platform boards', () => {
  test('the categories are listed with their numbers; an unknown board is a 404, a malformed one a 400', async () => {
    const boards = await api().get(`${FORUM}/boards`).expect(200);
    expect(boards.body.data.map((board: { key: string }) => board.key)).toEqual([
      'general',
      'learning',
      'making-videos',
      'help',
    ]);
    expect(boards.body.data[0]).toMatchObject({ kind: 'category', topics: 0, canPost: false, canModerate: false });
    expect((await api().get(`${FORUM}/boards`).set(ana.auth)).body.data[0].canPost).toBe(true);
    await api().get(`${FORUM}/boards/nowhere/topics`).expect(404);
    await api().get(`${FORUM}/boards/@nobody-here/topics`).expect(404);
    await api()
      .get(`${FORUM}/boards/${encodeURIComponent('<b>')}/topics`)
      .expect(400);
  });

  test('a viewer starts a topic, others reply in order, the topic rises to the top with its reply count', async () => {
    const older = await startTopic(ben, 'general', 'An older topic', 'Nobody answers this one.');
    const topic = await startTopic(ana, 'general', 'Which microphone for voice-over?', 'I record lessons at home.');
    expect(topic).toMatchObject({ replies: 0, state: 'visible', locked: false, subscribed: true });
    const first = await api().post(`${FORUM}/topics/${topic.id}/posts`).set(ben.auth).send({ body: 'A dynamic one.' });
    expect(first.status).toBe(201);
    await api().post(`${FORUM}/topics/${topic.id}/posts`).set(carmen.auth).send({ body: 'Treat the room first.' });
    await api()
      .post(`${FORUM}/topics/${topic.id}/posts`)
      .set(ana.auth)
      .send({ body: 'Thanks!', replyTo: first.body.data.id })
      .expect(201);

    const page = await posts(topic.id);
    expect(page.posts.data.map((post) => post.body)).toEqual([
      'I record lessons at home.',
      'A dynamic one.',
      'Treat the room first.',
    ]);
    const threaded = page.posts.data[1] as Post & { replies: Post[] };
    expect(threaded.replies.map((reply) => reply.body)).toEqual(['Thanks!']);
    expect(page.topic.replies).toBe(3);

    // another reply in the older topic moves it above
    await api().post(`${FORUM}/topics/${older.id}/posts`).set(ana.auth).send({ body: 'I will.' }).expect(201);
    const listed = await api().get(`${FORUM}/boards/general/topics`).expect(200);
    expect(listed.body.data.map((entry: Topic) => entry.title)).toEqual([
      'An older topic',
      'Which microphone for voice-over?',
    ]);
    expect(listed.body.board).toMatchObject({ key: 'general', topics: 2 });
  });

  test('bad input is refused naming the problem, and nothing is written', async () => {
    const before = await cms.strapi.db.query('plugin::community.topic').count({});
    const cases: Array<[object, RegExp]> = [
      [{ title: '', body: 'x' }, /title is empty/],
      [{ title: 'x'.repeat(121), body: 'x' }, /at most 120/],
      [{ title: 'Two\nlines', body: 'x' }, /one line/],
      [{ title: 'Fine', body: '   ' }, /post is empty/],
      [{ title: 'Fine', body: 'x', board: 'help' }, /Unexpected field/],
    ];
    for (const [body, message] of cases) {
      const refused = await api().post(`${FORUM}/boards/general/topics`).set(ana.auth).send(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toEqual(expect.stringMatching(message));
    }
    expect(await cms.strapi.db.query('plugin::community.topic').count({})).toBe(before);
    await api().post(`${FORUM}/boards/general/topics`).send({ title: 'Anonymous', body: 'x' }).expect(401);
    await api().post(`${FORUM}/topics/999999/posts`).set(ana.auth).send({ body: 'Into the void' }).expect(404);
  });

  test('text is stored as written and comes back as text: markup is the site’s to render inert', async () => {
    const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const topic = await startTopic(ana, 'help', `${payload} title`, payload);
    const page = await posts(topic.id);
    expect(page.topic.title).toBe(`${payload} title`);
    expect(page.posts.data[0]!.body).toBe(payload);
  });

  test('a held topic (a blocked word) is seen by its author only, and takes no replies until shown', async () => {
    const topic = await startTopic(ben, 'general', 'Cheap viagra here', 'Buy now.');
    expect(topic.state).toBe('held');
    expect((await posts(topic.id, ben)).topic.state).toBe('held');
    await api().get(`${FORUM}/topics/${topic.id}`).expect(404);
    await api().get(`${FORUM}/topics/${topic.id}`).set(ana.auth).expect(404);
    const titles = (await api().get(`${FORUM}/boards/general/topics`).set(ana.auth)).body.data.map(
      (entry: Topic) => entry.title,
    );
    expect(titles).not.toContain('Cheap viagra here');
    await api().post(`${FORUM}/topics/${topic.id}/posts`).set(ana.auth).send({ body: 'Hm' }).expect(404);
  });

  test('posts are comments: edited by their author within the window, deleted, reported, never by another', async () => {
    const topic = await startTopic(ana, 'learning', 'Study group for the physics course', 'Who is in?');
    const reply = await api().post(`${FORUM}/topics/${topic.id}/posts`).set(ben.auth).send({ body: 'Me' });
    const id = reply.body.data.id as number;
    await api().patch(`${FORUM}/comments/${id}`).set(ana.auth).send({ body: 'Not me' }).expect(403);
    await api().patch(`${FORUM}/comments/${id}`).set(ben.auth).send({ body: 'Me, on Tuesdays' }).expect(200);
    await api().post(`${FORUM}/comments/${id}/report`).set(ana.auth).send({ reason: 'spam' }).expect(200);
    expect((await posts(topic.id)).posts.data[1]).toMatchObject({ body: 'Me, on Tuesdays', state: 'visible' });
    await api().delete(`${FORUM}/comments/${id}`).set(ana.auth).expect(403);
    await api().delete(`${FORUM}/comments/${id}`).set(ben.auth).expect(204);
    const after = await posts(topic.id);
    expect(after.posts.data.map((post) => post.body)).toEqual(['Who is in?']);
    expect(after.topic.replies).toBe(0);
  });

  test('the author deletes their topic; nobody else can, and a deleted topic is gone for all', async () => {
    const topic = await startTopic(carmen, 'making-videos', 'Mistake', 'Posted in the wrong place.');
    await api().delete(`${FORUM}/topics/${topic.id}`).set(ana.auth).expect(403);
    await api().delete(`${FORUM}/topics/${topic.id}`).set(carmen.auth).expect(204);
    await api().get(`${FORUM}/topics/${topic.id}`).set(carmen.auth).expect(404);
  });

  test('pinning and locking a category topic is not for viewers (staff do it in the admin)', async () => {
    const topic = await startTopic(ana, 'general', 'Pin me', 'Please.');
    const refused = await api().patch(`${FORUM}/topics/${topic.id}`).set(ana.auth).send({ pinned: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toEqual(expect.stringMatching(/Only the channel/));
  });
});

describe('subscriptions', () => {
  test('posters follow the topic; subscribers hear of each shown reply once, never of their own', async () => {
    const topic = await startTopic(ana, 'general', 'Lighting on a budget', 'Window light works.');
    await api().post(`${FORUM}/topics/${topic.id}/posts`).set(ben.auth).send({ body: 'So do paper lanterns.' });
    await api().put(`${FORUM}/topics/${topic.id}/subscription`).set(carmen.auth).expect(200, { subscribed: true });
    await api().post(`${FORUM}/topics/${topic.id}/posts`).set(ana.auth).send({ body: 'Good one.' });
    await api().post(`${FORUM}/topics/${topic.id}/posts`).set(ben.auth).send({ body: 'Cheap viagra lanterns' }); // held
    await settleSideEffects(cms.strapi);

    const about = async (viewer: TestViewer) =>
      (
        (await api().get(`${FORUM}/notifications`).set(viewer.auth)).body.data as Array<{
          kind: string;
          topic: number | null;
          text: string;
        }>
      ).filter((entry) => entry.topic === topic.id);
    expect((await about(ana)).map((entry) => entry.text)).toEqual(['ben posted in “Lighting on a budget”']);
    expect((await about(ben)).map((entry) => entry.text)).toEqual(['ana posted in “Lighting on a budget”']);
    expect((await about(carmen)).map((entry) => entry.text)).toEqual(['ana posted in “Lighting on a budget”']);
    expect((await about(carmen))[0]!.kind).toBe('topic-reply');

    await api().delete(`${FORUM}/topics/${topic.id}/subscription`).set(carmen.auth).expect(200, { subscribed: false });
    expect((await posts(topic.id, carmen)).topic.subscribed).toBe(false);
    await api().post(`${FORUM}/topics/${topic.id}/posts`).set(ben.auth).send({ body: 'Last word.' });
    await settleSideEffects(cms.strapi);
    expect(await about(carmen)).toHaveLength(1);
    expect(await about(ana)).toHaveLength(2);
    await api().put(`${FORUM}/topics/${topic.id}/subscription`).expect(401);
    await api().put(`${FORUM}/topics/999999/subscription`).set(carmen.auth).expect(404);
  });
});

describe('a creator’s board (the Community tab)', () => {
  let post: Topic;
  let reply: number;

  test('only the channel starts topics there; viewers reply', async () => {
    const board = await api().get(`${FORUM}/boards/@alice/topics`).set(aliceViewer.auth).expect(200);
    expect(board.body.board).toMatchObject({ key: '@alice', kind: 'creator', canPost: true, canModerate: true });
    const asViewer = await api().get(`${FORUM}/boards/@alice/topics`).set(ana.auth).expect(200);
    expect(asViewer.body.board).toMatchObject({ canPost: false, canModerate: false });

    const refused = await api()
      .post(`${FORUM}/boards/@alice/topics`)
      .set(ana.auth)
      .send({ title: 'Hijack', body: 'Posting as if I were Alice.' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toEqual(expect.stringMatching(/Only the channel/));
    post = await startTopic(aliceViewer, '@alice', 'New series next week', 'Waves, then optics.');
    // the channel posts as the channel, in the topic list and on its posts
    expect(post).toMatchObject({ author: { name: 'Alice Archer', channel: true, mine: true } });
    expect((await posts(post.id)).posts.data[0]!.author).toEqual({
      name: 'Alice Archer',
      deleted: false,
      mine: false,
      channel: true,
    });
    const answered = await api().post(`${FORUM}/topics/${post.id}/posts`).set(ana.auth).send({ body: 'Yes!' });
    reply = answered.body.data.id;
    expect(answered.body.data.author).toEqual({ name: 'ana', deleted: false, mine: true });
    expect((await api().get(`${FORUM}/boards/@alice/topics`)).body.data.map((entry: Topic) => entry.title)).toEqual([
      'New series next week',
    ]);
  });

  test('the channel hides a reply (still shown to it, to show again), pins and locks; nobody else can', async () => {
    for (const viewer of [ana, ben]) {
      await api().post(`${FORUM}/posts/${reply}/hide`).set(viewer.auth).expect(403);
      await api().patch(`${FORUM}/topics/${post.id}`).set(viewer.auth).send({ locked: true }).expect(403);
    }
    await api().post(`${FORUM}/posts/${reply}/hide`).set(aliceViewer.auth).expect(200);
    expect((await posts(post.id, ana)).posts.data.map((entry) => entry.body)).toEqual(['Waves, then optics.']);
    expect((await posts(post.id)).topic.replies).toBe(0);
    expect((await posts(post.id, aliceViewer)).posts.data[1]).toMatchObject({ body: 'Yes!', state: 'hidden' });
    await api().post(`${FORUM}/posts/${reply}/show`).set(ana.auth).expect(403);
    await api().post(`${FORUM}/posts/${reply}/show`).set(aliceViewer.auth).expect(200);
    expect((await posts(post.id, ana)).posts.data.map((entry) => entry.body)).toEqual(['Waves, then optics.', 'Yes!']);

    const opening = (await posts(post.id)).posts.data[0]!.id;
    await api().post(`${FORUM}/posts/${opening}/hide`).set(aliceViewer.auth).expect(400);

    const locked = await api()
      .patch(`${FORUM}/topics/${post.id}`)
      .set(aliceViewer.auth)
      .send({ locked: true, pinned: true });
    expect(locked.status).toBe(200);
    expect(locked.body.data).toMatchObject({ locked: true, pinned: true });
    const closed = await api().post(`${FORUM}/topics/${post.id}/posts`).set(ben.auth).send({ body: 'Too late?' });
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toEqual(expect.stringMatching(/locked/));
    await api().patch(`${FORUM}/topics/${post.id}`).set(aliceViewer.auth).send({}).expect(400);
  });

  test('another channel’s owner is a plain viewer on Alice’s board, and Alice on Bob’s', async () => {
    const bobViewer = await createViewer(cms, 'bob-on-site', { email: 'BOB@fixture.test' });
    await api()
      .post(`${FORUM}/boards/@bob/topics`)
      .set(bobViewer.auth)
      .send({ title: 'Hi', body: 'From Bob' })
      .expect(201);
    await api().post(`${FORUM}/posts/${reply}/hide`).set(bobViewer.auth).expect(403);
    await api().patch(`${FORUM}/topics/${post.id}`).set(bobViewer.auth).send({ locked: false }).expect(403);
    await api()
      .post(`${FORUM}/boards/@alice/topics`)
      .set(bobViewer.auth)
      .send({ title: 'As Bob', body: 'On Alice’s board' })
      .expect(403);
    const bobTopic = (await api().get(`${FORUM}/boards/@bob/topics`)).body.data[0] as Topic;
    await api().patch(`${FORUM}/topics/${bobTopic.id}`).set(aliceViewer.auth).send({ locked: true }).expect(403);
    // hiding a post on a category board is staff work, even for a channel owner
    const general = await startTopic(ana, 'general', 'Category post', 'Here.');
    const posted = await api().post(`${FORUM}/topics/${general.id}/posts`).set(ben.auth).send({ body: 'Reply' });
    await api().post(`${FORUM}/posts/${posted.body.data.id}/hide`).set(aliceViewer.auth).expect(403);
  });

  test('the channel removes a topic from its board: gone for everyone', async () => {
    const extra = await startTopic(aliceViewer, '@alice', 'Removed later', 'Soon gone.');
    await api().delete(`${FORUM}/topics/${extra.id}`).set(ana.auth).expect(403);
    await api().delete(`${FORUM}/topics/${extra.id}`).set(aliceViewer.auth).expect(204);
    await api().get(`${FORUM}/topics/${extra.id}`).expect(404);
  });
});

describe('other roads to the same rows', () => {
  test('no REST or GraphQL road to topics or subscriptions', async () => {
    for (const path of ['/api/topics', '/api/community-topics', '/api/topic-subscriptions'])
      expect((await api().get(path)).status).toBe(404);
    const graphql = await api()
      .post('/graphql')
      .send({ query: '{ topics { documentId title } topicSubscriptions { viewer } }' });
    expect(graphql.status).toBe(400);
    expect(graphql.body.errors.map((error: { message: string }) => error.message)).toEqual([
      'Cannot query field "topics" on type "Query".',
      'Cannot query field "topicSubscriptions" on type "Query".',
    ]);
  });

  test('in the admin: creators reach no topics and no forum posts; moderators hide, lock and delete', async () => {
    const TOPICS = '/content-manager/collection-types/plugin::community.topic';
    const COMMENTS = '/content-manager/collection-types/plugin::community.comment';
    const alice = await adminToken(cms, 'alice@fixture.test');
    const moderator = await adminToken(cms, 'mod@fixture.test');
    const as = (token: string) => ({
      get: (path: string) => api().get(path).set('Authorization', `Bearer ${token}`),
      put: (path: string, body: object) => api().put(path).set('Authorization', `Bearer ${token}`).send(body),
      post: (path: string, body: object) => api().post(path).set('Authorization', `Bearer ${token}`).send(body),
      delete: (path: string) => api().delete(path).set('Authorization', `Bearer ${token}`),
    });
    const topic = await startTopic(aliceViewer, '@alice', 'Staff will lock this', 'Alice’s own post.');
    const row = (await cms.strapi.db.query('plugin::community.topic').findOne({ where: { id: topic.id } })) as {
      documentId: string;
    };

    // even on her own board, Alice the admin user has no topic road: moderation of her board is on the site
    await as(alice).get(`${TOPICS}?pageSize=100`).expect(403);
    await as(alice).get(`${TOPICS}/${row.documentId}`).expect(403);
    await as(alice).put(`${TOPICS}/${row.documentId}`, { locked: true }).expect(403);
    await as(alice).post(TOPICS, { board: 'creator:x', title: 'Forged' }).expect(403);
    const aliceComments = await as(alice).get(`${COMMENTS}?pageSize=100`).expect(200);
    expect(aliceComments.body.results.filter((comment: { topic: number | null }) => comment.topic)).toEqual([]);
    const filtered = await as(alice).get(`${COMMENTS}?filters[topic][$eq]=${topic.id}`);
    expect(filtered.body.results ?? []).toEqual([]);

    await as(moderator).put(`${TOPICS}/${row.documentId}`, { locked: true }).expect(200);
    await api().post(`${FORUM}/topics/${topic.id}/posts`).set(ana.auth).send({ body: 'Locked?' }).expect(409);
    await as(moderator).delete(`${TOPICS}/${row.documentId}`).expect(200);
    await settleSideEffects(cms.strapi);
    expect(await cms.strapi.db.query('plugin::community.comment').count({ where: { topic: topic.id } })).toBe(0);
    await api().get(`${FORUM}/topics/${topic.id}`).expect(404);
  });

  test('account deletion: topics and posts stay, signed by “deleted user”; the subscriptions go', async () => {
    const dora = await createViewer(cms, 'dora');
    const topic = await startTopic(dora, 'general', 'Dora asks', 'Anyone?');
    await api()
      .post('/api/accounts/delete-account')
      .set(dora.auth)
      .send({ password: 'correct horse battery staple' })
      .expect(204);
    const page = await posts(topic.id);
    expect(page.topic.author).toMatchObject({ name: 'deleted user', deleted: true });
    expect(page.posts.data[0]!.author.name).toBe('deleted user');
    expect(
      await cms.strapi.db.query('plugin::community.topic-subscription').count({ where: { viewer: dora.id } }),
    ).toBe(0);
  });
});
