/**
 * "Send feedback" through the real CMS (plugins/feedback): anyone sends, anonymously or signed in (the viewer is
 * recorded, and forgotten with the account); moderators list and triage. Attacked: bad input (400 naming the field),
 * pages that are not paths on the site, fields a sender may not set, the rate limit per address, an XSS payload (kept
 * as text, returned unchanged as JSON), creators and viewers on the moderators' routes, and every other road to the
 * type: the content manager, the REST API, GraphQL.
 */
import request from 'supertest';
import { adminToken, adminUser } from '../setup/catalog-fixture';
import { startTestCms, type TestCms } from '../setup/strapi';
import { createViewer } from '../setup/viewers';

const LIMIT = 3;
const ENV = { FEEDBACK_RATE_LIMIT: String(LIMIT) };
const FEEDBACK = 'plugin::feedback.feedback';
const CM = `/content-manager/collection-types/${FEEDBACK}`;
const CONFIGURATION = `/content-manager/content-types/${FEEDBACK}/configuration`;

let cms: TestCms;
let moderator = '';
let creator = '';
let addresses = 0;

beforeAll(async () => {
  Object.assign(process.env, ENV);
  cms = await startTestCms();
  await adminUser(cms.strapi, 'alice@fixture.test', 'framecast-creator');
  await adminUser(cms.strapi, 'mod@fixture.test', 'framecast-moderator');
  moderator = await adminToken(cms, 'mod@fixture.test');
  creator = await adminToken(cms, 'alice@fixture.test');
});
afterAll(async () => {
  await cms?.stop();
  for (const key of Object.keys(ENV)) delete process.env[key];
});

const api = () => request(cms.server);
/** A client address of its own (the test's requests come through a trusted proxy), so limits never cross tests. */
const freshAddress = () => `198.51.100.${(addresses += 1)}`;
const send = (body: object | string, { address = freshAddress(), auth = {} as Record<string, string> } = {}) =>
  api().post('/api/feedback').set('X-Forwarded-For', address).set(auth).send(body);
const admin = (token: string) => ({
  get: (path: string) => api().get(path).set('Authorization', `Bearer ${token}`),
  put: (path: string, body: object = {}) => api().put(path).set('Authorization', `Bearer ${token}`).send(body),
  post: (path: string, body: object = {}) => api().post(path).set('Authorization', `Bearer ${token}`).send(body),
  delete: (path: string) => api().delete(path).set('Authorization', `Bearer ${token}`),
});
const rowOf = (id: number) =>
  cms.strapi.db.query(FEEDBACK).findOne({ where: { id }, populate: { viewer: { select: ['id'] } } }) as Promise<{
    category: string;
    message: string;
    page: string;
    contact: string | null;
    state: string;
    viewer: { id: number } | null;
  } | null>;
const count = () => cms.strapi.db.query(FEEDBACK).count();
const GOOD = { category: 'bug', message: 'The player stops after ten seconds on my phone.', page: '/watch/kerning' };

describe('sending feedback', () => {
  test('an anonymous visitor sends; the message is kept as new, with no viewer', async () => {
    const sent = await send({ ...GOOD, contact: ' Visitor@Example.COM ' }).expect(201);
    expect(sent.body).toEqual({ data: { id: expect.any(Number), createdAt: expect.any(String) } });
    expect(await rowOf(sent.body.data.id)).toMatchObject({
      ...GOOD,
      contact: 'visitor@example.com',
      state: 'new',
      viewer: null,
    });
  });

  test('a signed-in viewer is recorded, and forgotten with the account; an expired token is a 401', async () => {
    const viewer = await createViewer(cms, 'feedback-sender');
    const sent = await send({ ...GOOD, category: 'idea' }, { auth: viewer.auth }).expect(201);
    expect((await rowOf(sent.body.data.id))?.viewer).toEqual({ id: viewer.id });
    const listed = await admin(moderator).get('/feedback/messages?category=idea').expect(200);
    expect(listed.body.data[0]).toMatchObject({ id: sent.body.data.id, viewer: { username: 'feedback-sender' } });

    await send(GOOD, { auth: { Authorization: 'Bearer not-a-token' } }).expect(401);

    await cms.strapi.db.query('plugin::users-permissions.user').delete({ where: { id: viewer.id } });
    expect(await rowOf(sent.body.data.id)).toMatchObject({ category: 'idea', viewer: null });
  });

  test('bad input is refused with 400 naming the field, and nothing is kept', async () => {
    const before = await count();
    const refused = async (body: object) => (await send(body).expect(400)).body.error.details.fields as object;
    expect(await refused({ message: GOOD.message, page: GOOD.page })).toEqual({
      category: 'Choose what your feedback is about.',
    });
    expect(await refused({ ...GOOD, category: 'praise' })).toEqual({ category: 'Choose what your feedback is about.' });
    expect(await refused({ ...GOOD, message: 'too short' })).toEqual({
      message: 'Say a little more (10 characters or more).',
    });
    expect(await refused({ ...GOOD, message: 'x'.repeat(2001) })).toEqual({
      message: 'Keep it under 2000 characters.',
    });
    expect(await refused({ ...GOOD, message: 42 })).toEqual({ message: 'Write your message.' });
    expect(Object.keys(await refused({ ...GOOD, contact: 'not an address' }))).toEqual(['contact']);
    expect(Object.keys(await refused({ ...GOOD, contact: `${'a'.repeat(200)}@example.com` }))).toEqual(['contact']);
    expect(Object.keys(await refused({ ...GOOD, page: `/${'a'.repeat(300)}` }))).toEqual(['page']);
    // what a sender may not set
    for (const extra of [{ state: 'done' }, { note: 'fine' }, { viewer: 1 }, { id: 1 }, { createdAt: '2020-01-01' }]) {
      const answer = await send({ ...GOOD, ...extra }).expect(400);
      expect(answer.body.error.message).toBe(`${Object.keys(extra)[0]}: not part of feedback`);
    }
    await send('not json at all').expect(400);
    expect(await count()).toBe(before);
  });

  test.each([
    'https://evil.example',
    '//evil',
    '//evil.example/path',
    '/\\evil.example',
    'javascript:alert(1)',
    'watch/x',
    '',
  ])('a page that is not a path on the site is refused: %j', async (page) => {
    const answer = await send({ ...GOOD, page }).expect(400);
    expect(Object.keys(answer.body.error.details.fields)).toEqual(['page']);
  });

  test(`past ${LIMIT} sends an hour from one address, the next is 429 and not kept; another address still sends`, async () => {
    const address = freshAddress();
    for (let attempt = 0; attempt < LIMIT; attempt += 1)
      await send({ ...GOOD, message: `Attempt ${attempt}: the captions are out of sync.` }, { address }).expect(201);
    const before = await count();
    const refused = await send(GOOD, { address }).expect(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body).toEqual({
      data: null,
      error: {
        status: 429,
        name: 'RateLimitError',
        message: `Too many feedback messages: try again in ${retryAfter} s`,
        details: { retryAfter },
      },
    });
    // signing in does not lift it: the address is counted
    const viewer = await createViewer(cms, 'feedback-limited');
    await send(GOOD, { address, auth: viewer.auth }).expect(429);
    expect(await count()).toBe(before);
    await send(GOOD).expect(201);
  });

  test('an XSS payload is kept as the text it is and comes back unchanged, as JSON', async () => {
    const message = '<script>alert("feedback")</script><img src=x onerror=alert(1)> & "quotes" \u2028 end';
    const sent = await send({ ...GOOD, category: 'other', message }).expect(201);
    expect((await rowOf(sent.body.data.id))?.message).toBe(message);
    const listed = await admin(moderator).get('/feedback/messages?category=other').expect(200);
    expect(listed.headers['content-type']).toMatch(/^application\/json/);
    expect(listed.body.data.find((item: { id: number }) => item.id === sent.body.data.id)?.message).toBe(message);
  });
});

describe('triage', () => {
  test('a moderator lists (newest first, filtered, paginated) and triages; a creator is refused everything', async () => {
    const ids: number[] = [];
    for (const category of ['content', 'content', 'account'])
      ids.push(
        (await send({ ...GOOD, category, message: `About ${category}: ${ids.length}` }).expect(201)).body.data.id,
      );

    const all = await admin(moderator).get('/feedback/messages').expect(200);
    expect(all.headers['cache-control']).toBe('no-store');
    expect(all.body.meta.pagination).toMatchObject({ page: 1, pageSize: 20, total: await count() });
    const order = all.body.data.map((item: { id: number }) => item.id);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect(order.slice(0, 3)).toEqual([...ids].reverse());

    const content = await admin(moderator).get('/feedback/messages?category=content&pageSize=1&page=2').expect(200);
    expect(content.body.data.map((item: { id: number }) => item.id)).toEqual([ids[0]]);
    expect(content.body.meta.pagination).toEqual({ page: 2, pageSize: 1, pageCount: 2, total: 2 });
    await admin(moderator).get('/feedback/messages?state=lost').expect(400);
    await admin(moderator).get('/feedback/messages?category=praise').expect(400);
    await admin(moderator).get('/feedback/messages?pageSize=500').expect(400);

    const planned = await admin(moderator)
      .put(`/feedback/messages/${ids[0]}`, { state: 'planned', note: 'In the next release.' })
      .expect(200);
    expect(planned.body.data).toMatchObject({
      id: ids[0],
      state: 'planned',
      note: 'In the next release.',
      triagedBy: 'mod Fixture',
      triagedAt: expect.any(String),
      message: 'About content: 0',
    });
    await admin(moderator).put(`/feedback/messages/${ids[1]}`, { state: 'wont-do' }).expect(200);
    const byState = await admin(moderator).get('/feedback/messages?state=planned').expect(200);
    expect(byState.body.data.map((item: { id: number }) => item.id)).toEqual([ids[0]]);
    // a triage changes the state and the note only
    await admin(moderator).put(`/feedback/messages/${ids[2]}`, { message: 'rewritten' }).expect(400);
    await admin(moderator).put(`/feedback/messages/${ids[2]}`, { state: 'closed' }).expect(400);
    await admin(moderator).put(`/feedback/messages/${ids[2]}`, {}).expect(400);
    await admin(moderator).put('/feedback/messages/999999', { state: 'done' }).expect(404);
    await admin(moderator).put('/feedback/messages/abc', { state: 'done' }).expect(400);

    // a creator is an untrusted user of the admin: none of it
    await admin(creator).get('/feedback/messages').expect(403);
    await admin(creator).put(`/feedback/messages/${ids[2]}`, { state: 'done' }).expect(403);
    // nor a viewer's token, nor no token
    const viewer = await createViewer(cms, 'feedback-curious');
    await api().get('/feedback/messages').set(viewer.auth).expect(401);
    await api().get('/feedback/messages').expect(401);
    await api().put(`/feedback/messages/${ids[2]}`).send({ state: 'done' }).expect(401);
    expect(await rowOf(ids[2]!)).toMatchObject({ state: 'new' });
  });
});

describe('no other road to the type', () => {
  test('the content manager refuses creators and moderators, whatever the action', async () => {
    const message = 'Where the content manager must not lead.';
    const sent = await send({ ...GOOD, message }).expect(201);
    const row = (await cms.strapi.db.query(FEEDBACK).findOne({ where: { id: sent.body.data.id } })) as {
      id: number;
      documentId: string;
    } | null;
    expect(row).not.toBeNull();
    const { documentId } = row!;
    for (const [who, token] of [
      ['creator', creator],
      ['moderator', moderator],
    ] as const) {
      const attempts: Array<[string, request.Test]> = [
        ['list', admin(token).get(CM)],
        ['read', admin(token).get(`${CM}/${documentId}`)],
        ['create', admin(token).post(CM, { ...GOOD, state: 'done' })],
        ['update', admin(token).put(`${CM}/${documentId}`, { state: 'done', message: 'rewritten' })],
        ['clone', admin(token).post(`${CM}/clone/${documentId}`, {})],
        ['delete', admin(token).delete(`${CM}/${documentId}`)],
        ['bulk delete', admin(token).post(`${CM}/actions/bulkDelete`, { documentIds: [documentId] })],
        ['configure the view', admin(token).put(CONFIGURATION, { layouts: {}, metadatas: {}, settings: {} })],
      ];
      for (const [action, attempt] of attempts) {
        const { status } = await attempt;
        expect({ who, action, refused: [403, 404].includes(status) }).toEqual({ who, action, refused: true });
      }
      // the viewer field's picker: 403 for creators (cms/src/roles/content-manager-guard.ts); for other staff Strapi's
      // own refusal carries on into a 500 (see relationPicker there): either way, no account is listed
      const picker = await admin(token).get(`/content-manager/relations/${FEEDBACK}/viewer`);
      const refusedPicker = picker.status === 403 || (who !== 'creator' && picker.status === 500);
      expect({ who, refused: refusedPicker, results: picker.body.results }).toEqual({
        who,
        refused: true,
        results: undefined,
      });
      // Strapi answers any admin user with any type's view layout (field names and labels): never a document of it
      const layout = await admin(token).get(CONFIGURATION);
      expect(JSON.stringify(layout.body)).not.toContain(message);
    }
    expect(await rowOf(row!.id)).toMatchObject({ message, state: 'new' });
    // and it is not listed among the types the content manager shows
    const types = await admin(moderator).get('/content-manager/content-types').expect(200);
    const listed = (types.body.data as Array<{ uid: string; isDisplayed: boolean }>).find(
      (type) => type.uid === FEEDBACK,
    );
    expect(listed?.isDisplayed ?? false).toBe(false);
  });

  test('the REST API has no feedback road but the send', async () => {
    const viewer = await createViewer(cms, 'feedback-rest');
    for (const auth of [{}, viewer.auth]) {
      for (const [method, path] of [
        ['get', '/api/feedbacks'],
        ['post', '/api/feedbacks'],
        ['get', '/api/feedback'],
        ['get', '/api/feedbacks/1'],
        ['put', '/api/feedbacks/1'],
        ['delete', '/api/feedbacks/1'],
        ['get', '/api/feedback/feedbacks'],
        ['get', '/api/feedback/messages'],
      ] as const) {
        const answer = await api()[method](path).set(auth).send({});
        expect({ method, path, status: [404, 405].includes(answer.status) }).toEqual({ method, path, status: true });
      }
    }
  });

  test('GraphQL has no query, mutation or type for it', async () => {
    const introspection = await api()
      .post('/graphql')
      .send({
        query: '{ __schema { queryType { fields { name } } mutationType { fields { name } } types { name } } }',
      })
      .expect(200);
    const schema = introspection.body.data.__schema as {
      queryType: { fields: Array<{ name: string }> };
      mutationType: { fields: Array<{ name: string }> } | null;
      types: Array<{ name: string }>;
    };
    const roots = [...schema.queryType.fields, ...(schema.mutationType?.fields ?? [])].map((field) => field.name);
    expect(roots).toContain('videos');
    expect(roots.filter((name) => /feedback/i.test(name))).toEqual([]);
    expect(schema.types.map((type) => type.name).filter((name) => /feedback/i.test(name))).toEqual([]);
    for (const query of [
      '{ feedbacks { message contact } }',
      '{ feedback(documentId: "x") { message } }',
      'mutation { createFeedback(data: { message: "x" }) { documentId } }',
    ]) {
      const answer = await api().post('/graphql').send({ query });
      expect(answer.body.data ?? null).toBeNull();
      expect(JSON.stringify(answer.body.errors)).toMatch(/Cannot query field/);
    }
  });
});
