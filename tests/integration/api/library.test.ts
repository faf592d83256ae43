/**
 * A viewer's library through the real API, as the site calls it: Watch later and named collections (order, races,
 * who may see and change what), watch history with resume points (pause, clear, concurrent saves, bounds), and
 * videos that stop being public leaving collection and history lists.
 */
import request from 'supertest';
import type { SearchVideoCard } from '@framecast/contracts';
import { createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';
import { createViewer, type TestViewer } from '../setup/viewers';

const SAVE_LIMIT = 40;
let cms: TestCms;
let fixture: Fixture;
let ana: TestViewer;
let ben: TestViewer;
/** Public videos of our own, in creation order (the fixture has two). */
const extra: string[] = [];

beforeAll(async () => {
  process.env.HISTORY_SAVE_RATE_LIMIT = String(SAVE_LIMIT);
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  for (let index = 1; index <= 26; index += 1) {
    const video = await cms.strapi.documents('api::video.video').create({
      data: {
        title: `Library video ${index}`,
        slug: `library-video-${index}`,
        processingStatus: 'ready',
        visibility: 'public',
        moderationState: 'approved',
        duration: 600,
        creator: fixture.creators.alice.documentId,
      } as never,
      status: 'published',
    });
    extra.push(video.documentId);
  }
  await settleSideEffects(cms.strapi);
  ana = await createViewer(cms, 'ana');
  ben = await createViewer(cms, 'ben');
});
afterAll(async () => {
  delete process.env.HISTORY_SAVE_RATE_LIMIT;
  await cms?.stop();
});

const api = () => request(cms.server);
const as = (viewer?: TestViewer) => ({
  get: (path: string) =>
    viewer ? api().get(`/api/library${path}`).set(viewer.auth) : api().get(`/api/library${path}`),
  post: (path: string, body: object) =>
    (viewer ? api().post(`/api/library${path}`).set(viewer.auth) : api().post(`/api/library${path}`)).send(body),
  patch: (path: string, body: object) =>
    (viewer ? api().patch(`/api/library${path}`).set(viewer.auth) : api().patch(`/api/library${path}`)).send(body),
  put: (path: string, body?: object) =>
    (viewer ? api().put(`/api/library${path}`).set(viewer.auth) : api().put(`/api/library${path}`)).send(body ?? {}),
  delete: (path: string) =>
    viewer ? api().delete(`/api/library${path}`).set(viewer.auth) : api().delete(`/api/library${path}`),
});
const ids = (cards: SearchVideoCard[]) => cards.map((card) => card.documentId);
const setVisibility = (documentId: string, visibility: 'public' | 'private') =>
  cms.strapi.documents('api::video.video').update({ documentId, data: { visibility } as never, status: 'published' });
const collectionRows = (owner: number) =>
  cms.strapi.db.query('plugin::library.collection').findMany({ where: { owner } }) as Promise<
    Array<{ kind: string; items: string[] }>
  >;
const progressRows = (viewer: number, video?: string) =>
  cms.strapi.db
    .query('plugin::library.watch-progress')
    .count({ where: { viewer, ...(video ? { video } : {}) } }) as Promise<number>;

async function createCollection(viewer: TestViewer, body: object): Promise<{ documentId: string }> {
  const response = await as(viewer).post('/collections', body);
  expect(response.status).toBe(201);
  return response.body.data;
}

describe('signing in', () => {
  test('every route of one’s own library answers 401 without a token, or with a token that is not valid', async () => {
    const routes: Array<[keyof ReturnType<typeof as>, string]> = [
      ['get', '/collections'],
      ['post', '/collections'],
      ['get', `/collections/containing/${extra[0]}`],
      ['get', '/collections/watch-later'],
      ['patch', '/collections/watch-later'],
      ['delete', '/collections/abcdefghij0123456789abcd'],
      ['put', `/collections/watch-later/items/${extra[0]}`],
      ['delete', `/collections/watch-later/items/${extra[0]}`],
      ['get', '/history'],
      ['delete', '/history'],
      ['get', `/history/${extra[0]}`],
      ['put', `/history/${extra[0]}`],
      ['delete', `/history/${extra[0]}`],
      ['get', '/settings'],
      ['patch', '/settings'],
    ];
    for (const [method, path] of routes) {
      const anonymous = await (as()[method] as (path: string, body: object) => request.Test)(path, {});
      expect({ method, path, status: anonymous.status, message: anonymous.body.error?.message }).toEqual({
        method,
        path,
        status: 401,
        message: 'Sign in to do this.',
      });
      const forged = await (
        as({ ...ana, auth: { Authorization: 'Bearer not.a.token' } })[method] as (
          path: string,
          body: object,
        ) => request.Test
      )(path, {});
      expect({ method, path, status: forged.status }).toEqual({ method, path, status: 401 });
    }
  });
});

describe('collections', () => {
  test('the list starts with Watch later, made once even when first asked for by several requests at once', async () => {
    const lists = await Promise.all([
      as(ana).get('/collections'),
      as(ana).get('/collections'),
      as(ana).get(`/collections/containing/${extra[0]}`),
    ]);
    for (const list of lists) expect(list.status).toBe(200);
    expect(lists[0]!.body.data).toEqual([
      expect.objectContaining({
        title: 'Watch later',
        kind: 'watch-later',
        visibility: 'private',
        itemCount: 0,
        cover: null,
        description: null,
        documentId: expect.any(String),
      }),
    ]);
    expect((await collectionRows(ana.id)).filter((row) => row.kind === 'watch-later')).toHaveLength(1);
  });

  test('create: title, description and visibility are checked and cleaned; 201 with the summary', async () => {
    const created = await as(ana).post('/collections', {
      title: '  Cosmology  ',
      description: '  Lectures I want to keep.\r\nAll of them. ',
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({
      documentId: expect.stringMatching(/^[a-z0-9]{10,64}$/),
      title: 'Cosmology',
      description: 'Lectures I want to keep.\nAll of them.',
      visibility: 'private',
      kind: 'custom',
      itemCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const refused: Array<[object, RegExp]> = [
      [{}, /title must be text/],
      [{ title: '   ' }, /title is required/],
      [{ title: 'x'.repeat(101) }, /at most 100 characters/],
      [{ title: 'two\nlines' }, /one line/],
      [{ title: 'ok', description: 'x'.repeat(1001) }, /description must be at most 1000/],
      [{ title: 'ok', visibility: 'unlisted' }, /visibility must be one of public, private/],
      [{ title: 'ok', kind: 'watch-later' }, /unknown field "kind"/],
      [{ title: 'ok', owner: ben.id }, /unknown field "owner"/],
    ];
    for (const [body, message] of refused) {
      const response = await as(ana).post('/collections', body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.error.message).toMatch(message);
    }
    // counted in characters, as a reader counts them
    expect((await as(ana).post('/collections', { title: '🎬'.repeat(100) })).status).toBe(201);
  });

  test('add (idempotent, at the end), read in order as cards, remove; only published public videos can be added', async () => {
    const list = await createCollection(ana, { title: 'Order test' });
    for (const video of [extra[0], extra[1], extra[2], extra[0]]) {
      const added = await as(ana).put(`/collections/${list.documentId}/items/${video}`);
      expect(added.status).toBe(200);
    }
    const again = await as(ana).put(`/collections/${list.documentId}/items/${extra[1]}`);
    expect(again.body).toMatchObject({ data: { documentId: list.documentId, itemCount: 3 }, meta: { added: false } });

    const detail = await as(ana).get(`/collections/${list.documentId}`);
    expect(detail.status).toBe(200);
    expect(ids(detail.body.data.items)).toEqual([extra[0], extra[1], extra[2]]);
    expect(detail.body.data).toMatchObject({
      title: 'Order test',
      itemCount: 3,
      hiddenCount: 0,
      isOwner: true,
      ownerName: 'ana',
    });
    expect(detail.body.data.items[0]).toMatchObject({
      title: 'Library video 1',
      slug: 'library-video-1',
      duration: 600,
      creator: { handle: 'alice' },
    });

    for (const hidden of [
      fixture.videos.aliceUnlisted,
      fixture.videos.alicePrivate,
      fixture.videos.bobPending,
      fixture.videos.bobDraft,
    ]) {
      expect((await as(ana).put(`/collections/${list.documentId}/items/${hidden.documentId}`)).status).toBe(404);
    }
    expect((await as(ana).put(`/collections/${list.documentId}/items/nope0000000000000000000`)).status).toBe(404);
    expect((await as(ana).put(`/collections/${list.documentId}/items/NOT-AN-ID`)).status).toBe(400);
    expect((await as(ana).put(`/collections/not-an-id/items/${extra[0]}`)).status).toBe(400);

    const removed = await as(ana).delete(`/collections/${list.documentId}/items/${extra[1]}`);
    expect(removed.body).toMatchObject({ data: { itemCount: 2 }, meta: { removed: true } });
    expect((await as(ana).delete(`/collections/${list.documentId}/items/${extra[1]}`)).body.meta).toEqual({
      removed: false,
    });
    expect(ids((await as(ana).get(`/collections/${list.documentId}`)).body.data.items)).toEqual([extra[0], extra[2]]);
  });

  test('"watch-later" stands for the viewer’s own Watch later, which cannot be renamed, made public or deleted', async () => {
    expect((await as(ana).put(`/collections/watch-later/items/${extra[3]}`)).body.meta).toEqual({ added: true });
    expect((await as(ana).put(`/collections/watch-later/items/${extra[4]}`)).body.meta).toEqual({ added: true });
    const watchLater = await as(ana).get('/collections/watch-later');
    expect(watchLater.body.data).toMatchObject({ kind: 'watch-later', itemCount: 2 });
    expect(ids(watchLater.body.data.items)).toEqual([extra[3], extra[4]]);

    for (const body of [{ title: 'Later' }, { visibility: 'public' }, { description: 'mine' }]) {
      const refused = await as(ana).patch('/collections/watch-later', body);
      expect(refused.status).toBe(409);
      expect(refused.body.error.details.reason).toBe('watch-later-fixed');
    }
    // the same values, as a form sends them back, are no change
    expect(
      (
        await as(ana).patch('/collections/watch-later', {
          title: 'Watch later',
          visibility: 'private',
          items: [extra[4], extra[3]],
        })
      ).status,
    ).toBe(200);
    expect(ids((await as(ana).get(`/collections/${watchLater.body.data.documentId}`)).body.data.items)).toEqual([
      extra[4],
      extra[3],
    ]);
    const deleted = await as(ana).delete(`/collections/${watchLater.body.data.documentId}`);
    expect(deleted.status).toBe(409);
    expect(deleted.body.error.details.reason).toBe('watch-later-fixed');
    // ben's Watch later is his own
    expect((await as(ben).get('/collections/watch-later')).body.data).toMatchObject({ itemCount: 0 });
  });

  test('the list shows counts and a cover (the first item still public); containing answers the "Save to…" menu', async () => {
    const list = await as(ana).get('/collections');
    const titles = list.body.data.map((entry: { title: string }) => entry.title);
    expect(titles[0]).toBe('Watch later');
    expect(titles).toContain('Order test');
    const orderTest = list.body.data.find((entry: { title: string }) => entry.title === 'Order test');
    expect(orderTest).toMatchObject({ itemCount: 2, cover: { documentId: extra[0], title: 'Library video 1' } });

    const containing = await as(ana).get(`/collections/containing/${extra[0]}`);
    expect(containing.status).toBe(200);
    expect(containing.body.data[0]).toMatchObject({ kind: 'watch-later', containsVideo: false });
    expect(containing.body.data.find((entry: { title: string }) => entry.title === 'Order test')).toMatchObject({
      containsVideo: true,
      itemCount: 2,
      visibility: 'private',
    });
    expect((await as(ana).get('/collections/containing/bad id')).status).toBe(400);
  });

  test('reorder: the full new order is saved; a stale list (a video added or removed meanwhile) is refused with 409', async () => {
    const list = await createCollection(ana, { title: 'Reorder' });
    for (const video of extra.slice(0, 4)) await as(ana).put(`/collections/${list.documentId}/items/${video}`);
    const seen = [extra[0]!, extra[1]!, extra[2]!, extra[3]!];

    const reordered = await as(ana).patch(`/collections/${list.documentId}`, {
      items: [extra[3], extra[2], extra[1], extra[0]],
      title: 'Reordered',
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.data).toMatchObject({ title: 'Reordered', itemCount: 4 });
    expect(ids((await as(ana).get(`/collections/${list.documentId}`)).body.data.items)).toEqual([
      extra[3],
      extra[2],
      extra[1],
      extra[0],
    ]);

    // another tab adds a video; this tab still has the old four
    await as(ana).put(`/collections/${list.documentId}/items/${extra[5]}`);
    const stale = await as(ana).patch(`/collections/${list.documentId}`, { items: [...seen].reverse() });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual({ reason: 'stale-items', missing: [extra[5]], unknown: [] });
    // another tab removed one this tab still lists
    await as(ana).delete(`/collections/${list.documentId}/items/${extra[0]}`);
    const removedMeanwhile = await as(ana).patch(`/collections/${list.documentId}`, {
      items: [extra[5], extra[3], extra[2], extra[1], extra[0]],
    });
    expect(removedMeanwhile.status).toBe(409);
    expect(removedMeanwhile.body.error.details).toEqual({ reason: 'stale-items', missing: [], unknown: [extra[0]] });
    expect(ids((await as(ana).get(`/collections/${list.documentId}`)).body.data.items)).toEqual([
      extra[3],
      extra[2],
      extra[1],
      extra[5],
    ]);

    const duplicate = await as(ana).patch(`/collections/${list.documentId}`, { items: [extra[1], extra[1]] });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.message).toMatch(/twice/);
    expect(
      (
        await as(ana).patch(`/collections/${list.documentId}`, {
          items: Array.from({ length: 501 }, (_, i) => `video${String(i).padStart(8, '0')}`),
        })
      ).body.error.message,
    ).toMatch(/at most 500/);
    expect((await as(ana).patch(`/collections/${list.documentId}`, {})).body.error.message).toMatch(/at least one of/);
  });

  test('concurrent adds of the same video keep one item; concurrent adds of different videos keep them all', async () => {
    const list = await createCollection(ana, { title: 'Races' });
    const same = await Promise.all(
      Array.from({ length: 8 }, () => as(ana).put(`/collections/${list.documentId}/items/${extra[6]}`)),
    );
    expect(same.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(same.filter((response) => response.body.meta.added)).toHaveLength(1);
    const different = await Promise.all(
      extra.slice(7, 13).map((video) => as(ana).put(`/collections/${list.documentId}/items/${video}`)),
    );
    expect(different.map((response) => response.status)).toEqual(Array(6).fill(200));
    const detail = await as(ana).get(`/collections/${list.documentId}`);
    expect(ids(detail.body.data.items)[0]).toBe(extra[6]);
    expect(ids(detail.body.data.items).sort()).toEqual([extra[6], ...extra.slice(7, 13)].sort());
  });

  test('someone else’s private collection does not exist for them (404), whatever they try', async () => {
    const secret = await createCollection(ana, { title: 'Secret', visibility: 'private' });
    await as(ana).put(`/collections/${secret.documentId}/items/${extra[0]}`);
    const path = `/collections/${secret.documentId}`;
    expect((await as(ben).get(path)).status).toBe(404);
    expect((await as().get(path)).status).toBe(404);
    expect((await as(ben).patch(path, { title: 'Mine now' })).status).toBe(404);
    expect((await as(ben).delete(path)).status).toBe(404);
    expect((await as(ben).put(`${path}/items/${extra[1]}`)).status).toBe(404);
    expect((await as(ben).delete(`${path}/items/${extra[0]}`)).status).toBe(404);
    // ben's "Save to…" menu lists his own collections only
    const menu = await as(ben).get(`/collections/containing/${extra[0]}`);
    expect(menu.body.data.map((entry: { title: string }) => entry.title)).toEqual(['Watch later']);
    const after = await as(ana).get(path);
    expect(after.body.data).toMatchObject({ title: 'Secret', itemCount: 1 });
  });

  test('a public collection is readable by anyone, changed by its owner only (403), and private again at once', async () => {
    const shared = await createCollection(ana, {
      title: 'Best of physics',
      description: 'My picks',
      visibility: 'public',
    });
    await as(ana).put(`/collections/${shared.documentId}/items/${extra[2]}`);
    await as(ana).put(`/collections/${shared.documentId}/items/${fixture.videos.alicePublic.documentId}`);
    const path = `/collections/${shared.documentId}`;

    const anonymous = await as().get(path);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.data).toMatchObject({
      title: 'Best of physics',
      description: 'My picks',
      visibility: 'public',
      isOwner: false,
      ownerName: 'ana',
      hiddenCount: 0,
    });
    expect(ids(anonymous.body.data.items)).toEqual([extra[2], fixture.videos.alicePublic.documentId]);
    expect((await as(ben).get(path)).body.data.isOwner).toBe(false);

    expect((await as(ben).patch(path, { title: 'Hijacked' })).status).toBe(403);
    expect((await as(ben).delete(path)).status).toBe(403);
    expect((await as(ben).put(`${path}/items/${extra[3]}`)).status).toBe(403);
    expect((await as(ben).delete(`${path}/items/${extra[2]}`)).status).toBe(403);

    // the anonymous answer may be cached: a change by the owner empties the cache
    await as(ana).delete(`${path}/items/${extra[2]}`);
    expect(ids((await as().get(path)).body.data.items)).toEqual([fixture.videos.alicePublic.documentId]);
    expect((await as(ana).patch(path, { visibility: 'private' })).body.data.visibility).toBe('private');
    expect((await as().get(path)).status).toBe(404);
    expect((await as(ben).get(path)).status).toBe(404);
  });

  test('delete a collection: 204, then it is gone', async () => {
    const doomed = await createCollection(ana, { title: 'Doomed' });
    expect((await as(ana).delete(`/collections/${doomed.documentId}`)).status).toBe(204);
    expect((await as(ana).get(`/collections/${doomed.documentId}`)).status).toBe(404);
    expect((await as(ana).delete(`/collections/${doomed.documentId}`)).status).toBe(404);
  });
});

describe('history', () => {
  test('save progress, read the resume point, completed near the end; nonsense is refused with 400', async () => {
    const video = extra[0]!;
    expect((await as(ana).put(`/history/${video}`, { position: 42.5, duration: 600 })).status).toBe(204);
    const resume = await as(ana).get(`/history/${video}`);
    expect(resume.status).toBe(200);
    expect(resume.body.data).toEqual({
      position: 42.5,
      duration: 600,
      completed: false,
      watchedAt: expect.any(String),
    });

    await as(ana).put(`/history/${video}`, { position: 571, duration: 600 });
    expect((await as(ana).get(`/history/${video}`)).body.data).toMatchObject({ position: 571, completed: true });
    await as(ana).put(`/history/${video}`, { position: 50, duration: 58 }); // within 10 s of a short video's end
    expect((await as(ana).get(`/history/${video}`)).body.data).toMatchObject({ completed: true });
    await as(ana).put(`/history/${video}`, { position: 603, duration: 600 }); // a player's overshoot is the end
    expect((await as(ana).get(`/history/${video}`)).body.data).toMatchObject({ position: 600, completed: true });
    await as(ana).put(`/history/${video}`, { position: 30, duration: 600 }); // watching again
    expect((await as(ana).get(`/history/${video}`)).body.data).toMatchObject({ position: 30, completed: false });

    const refused: Array<[object, RegExp]> = [
      [{ position: -1, duration: 600 }, /position must be 0 or more/],
      [{ position: null, duration: 600 }, /position must be a number/], // NaN and Infinity become null in JSON
      [{ position: '12', duration: 600 }, /position must be a number/],
      [{ position: 10, duration: 0 }, /duration must be above 0/],
      [{ position: 10 }, /duration must be a number/],
      [{ position: 900, duration: 600 }, /past the end/],
      [{ position: 10, duration: 1e12 }, /at most/],
      [{ position: 10, duration: 600, video: 'x' }, /unknown field "video"/],
    ];
    for (const [body, message] of refused) {
      const response = await as(ana).put(`/history/${video}`, body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.error.message).toMatch(message);
    }
    expect((await as(ana).get(`/history/${video}`)).body.data.position).toBe(30);
  });

  test('unknown and hidden videos: 404 to save; an unlisted one keeps a resume point but is not listed', async () => {
    expect((await as(ana).put('/history/nope0000000000000000000', { position: 1, duration: 10 })).status).toBe(404);
    expect(
      (await as(ana).put(`/history/${fixture.videos.alicePrivate.documentId}`, { position: 1, duration: 10 })).status,
    ).toBe(404);
    expect(
      (await as(ana).put(`/history/${fixture.videos.bobDraft.documentId}`, { position: 1, duration: 10 })).status,
    ).toBe(404);
    expect((await as(ana).get('/history/nope0000000000000000000')).status).toBe(404);
    expect(
      (await as(ana).put(`/history/${fixture.videos.aliceUnlisted.documentId}`, { position: 5, duration: 100 })).status,
    ).toBe(204);
    expect((await as(ana).get(`/history/${fixture.videos.aliceUnlisted.documentId}`)).body.data.position).toBe(5);
    const list = await as(ana).get('/history');
    expect(list.body.data.map((entry: { video: SearchVideoCard }) => entry.video.documentId)).not.toContain(
      fixture.videos.aliceUnlisted.documentId,
    );
  });

  test('one viewer cannot read or delete another’s history', async () => {
    expect((await as(ben).get(`/history/${extra[0]}`)).status).toBe(404);
    expect((await as(ben).delete(`/history/${extra[0]}`)).status).toBe(204);
    expect((await as(ben).delete('/history')).status).toBe(204);
    expect((await as(ben).get('/history')).body).toMatchObject({ data: [], meta: { total: 0 } });
    expect((await as(ana).get(`/history/${extra[0]}`)).status).toBe(200);
  });

  test('concurrent saves of one video keep one row, holding one of the reported positions', async () => {
    const video = extra[1]!;
    const positions = [10, 20, 30, 40, 50, 60, 70, 80];
    const saves = await Promise.all(
      positions.map((position) => as(ben).put(`/history/${video}`, { position, duration: 600 })),
    );
    expect(saves.map((response) => response.status)).toEqual(Array(8).fill(204));
    expect(await progressRows(ben.id, video)).toBe(1);
    expect(positions).toContain((await as(ben).get(`/history/${video}`)).body.data.position);
    // without HTTP in between, the first saves reach the insert together: the unique index keeps one row
    const history = cms.strapi.plugin('library').service('history') as {
      save(viewer: number, video: string, input: { position: number; duration: number }): Promise<{ stored: boolean }>;
    };
    const results = await Promise.all(
      positions.map((position) => history.save(ben.id, extra[2]!, { position, duration: 600 })),
    );
    expect(results).toEqual(Array(8).fill({ stored: true }));
    expect(await progressRows(ben.id, extra[2])).toBe(1);
  });

  test('the history lists newest first, 24 a page, with cards and progress', async () => {
    const cleo = await createViewer(cms, 'cleo');
    // 25 videos, the last watched first in the list
    for (const [index, video] of extra.slice(0, 25).entries()) {
      expect((await as(cleo).put(`/history/${video}`, { position: index + 1, duration: 600 })).status).toBe(204);
    }
    const first = await as(cleo).get('/history');
    expect(first.status).toBe(200);
    expect(first.body.meta).toEqual({ page: 1, pageSize: 24, pageCount: 2, total: 25, historyPaused: false });
    expect(first.body.data).toHaveLength(24);
    expect(first.body.data[0]).toEqual({
      video: expect.objectContaining({
        documentId: extra[24],
        title: 'Library video 25',
        creator: expect.objectContaining({ handle: 'alice' }),
      }),
      progress: { position: 25, duration: 600, completed: false, watchedAt: expect.any(String) },
    });
    const second = await as(cleo).get('/history?page=2');
    expect(second.body.data.map((entry: { video: SearchVideoCard }) => entry.video.documentId)).toEqual([extra[0]]);
    expect((await as(cleo).get('/history?page=3')).body.data).toEqual([]);
    // watching an old one again brings it to the top
    await as(cleo).put(`/history/${extra[0]}`, { position: 99, duration: 600 });
    expect((await as(cleo).get('/history')).body.data[0].video.documentId).toBe(extra[0]);
    for (const query of ['?page=0', '?page=x', '?page=1&page=2', '?pageSize=100']) {
      expect({ query, status: (await as(cleo).get(`/history${query}`)).status }).toEqual({ query, status: 400 });
    }
    expect((await as(cleo).get('/history?page=')).status).toBe(200);
  });

  test('paused history stores nothing (204), and says so; resuming stores again', async () => {
    const dana = await createViewer(cms, 'dana');
    expect((await as(dana).get('/settings')).body).toEqual({ data: { historyPaused: false } });
    await as(dana).put(`/history/${extra[2]}`, { position: 12, duration: 600 });
    const paused = await as(dana).patch('/settings', { historyPaused: true });
    expect(paused.body).toEqual({ data: { historyPaused: true } });
    expect((await as(dana).get('/settings')).body.data.historyPaused).toBe(true);

    expect((await as(dana).put(`/history/${extra[3]}`, { position: 30, duration: 600 })).status).toBe(204);
    expect((await as(dana).put(`/history/${extra[2]}`, { position: 300, duration: 600 })).status).toBe(204);
    expect(await progressRows(dana.id)).toBe(1);
    expect((await as(dana).get(`/history/${extra[3]}`)).status).toBe(404);
    expect((await as(dana).get(`/history/${extra[2]}`)).body.data.position).toBe(12);
    expect((await as(dana).get('/history')).body.meta).toMatchObject({ total: 1, historyPaused: true });
    // still 404 for a video that is not there, paused or not
    expect((await as(dana).put('/history/nope0000000000000000000', { position: 1, duration: 10 })).status).toBe(404);

    for (const body of [{ historyPaused: 'yes' }, {}, { historyPaused: true, theme: 'dark' }]) {
      expect({ body, status: (await as(dana).patch('/settings', body)).status }).toEqual({ body, status: 400 });
    }
    await Promise.all([
      as(dana).patch('/settings', { historyPaused: false }),
      as(dana).patch('/settings', { historyPaused: false }),
    ]);
    expect(await cms.strapi.db.query('plugin::library.setting').count({ where: { viewer: dana.id } })).toBe(1);
    await as(dana).put(`/history/${extra[3]}`, { position: 30, duration: 600 });
    expect(await progressRows(dana.id)).toBe(2);
  });

  test('remove one entry, then clear all', async () => {
    const eli = await createViewer(cms, 'eli');
    for (const video of extra.slice(0, 3)) await as(eli).put(`/history/${video}`, { position: 5, duration: 600 });
    expect((await as(eli).delete(`/history/${extra[1]}`)).status).toBe(204);
    expect((await as(eli).get(`/history/${extra[1]}`)).status).toBe(404);
    expect((await as(eli).get('/history')).body.meta.total).toBe(2);
    expect((await as(eli).delete('/history')).status).toBe(204);
    expect((await as(eli).get('/history')).body).toEqual({
      data: [],
      meta: { page: 1, pageSize: 24, pageCount: 0, total: 0, historyPaused: false },
    });
    expect(await progressRows(eli.id)).toBe(0);
    // ana's history is untouched
    expect((await as(ana).get(`/history/${extra[0]}`)).status).toBe(200);
  });

  test('progress saves are bounded per viewer: past the limit, 429 with Retry-After', async () => {
    const finn = await createViewer(cms, 'finn');
    for (let save = 0; save < SAVE_LIMIT; save += 1) {
      expect((await as(finn).put(`/history/${extra[save % 3]}`, { position: save, duration: 600 })).status).toBe(204);
    }
    const limited = await as(finn).put(`/history/${extra[0]}`, { position: 1, duration: 600 });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // reads are not limited
    expect((await as(finn).get(`/history/${extra[0]}`)).status).toBe(200);
  });
});

describe('videos that stop being public', () => {
  test('leave collection items (counted as hidden) and history lists, and come back when public again', async () => {
    const gus = await createViewer(cms, 'gus');
    const list = await createCollection(gus, { title: 'Fading', visibility: 'public' });
    for (const video of [extra[20], extra[21], extra[22]]) {
      await as(gus).put(`/collections/${list.documentId}/items/${video}`);
      await as(gus).put(`/history/${video}`, { position: 3, duration: 600 });
    }
    expect((await as().get(`/collections/${list.documentId}`)).body.data.hiddenCount).toBe(0);

    await setVisibility(extra[21]!, 'private');
    try {
      const detail = await as(gus).get(`/collections/${list.documentId}`);
      expect(ids(detail.body.data.items)).toEqual([extra[20], extra[22]]);
      expect(detail.body.data).toMatchObject({ itemCount: 3, hiddenCount: 1 });
      const anonymous = await api().get(`/api/library/collections/${list.documentId}`).set('Cache-Control', 'no-cache');
      expect(ids(anonymous.body.data.items)).toEqual([extra[20], extra[22]]);
      const history = await as(gus).get('/history');
      expect(history.body.meta.total).toBe(2);
      expect(history.body.data.map((entry: { video: SearchVideoCard }) => entry.video.documentId)).toEqual([
        extra[22],
        extra[20],
      ]);
      // a hidden video cannot be added, and a reorder may leave it out: it stays, at the end
      expect((await as(gus).put(`/collections/watch-later/items/${extra[21]}`)).status).toBe(404);
      expect((await as(gus).patch(`/collections/${list.documentId}`, { items: [extra[22], extra[20]] })).status).toBe(
        200,
      );
      const stored = (await cms.strapi.db
        .query('plugin::library.collection')
        .findOne({ where: { documentId: list.documentId } })) as { items: string[] };
      expect(stored.items).toEqual([extra[22], extra[20], extra[21]]);
      // the list's cover skips it
      const listed = await as(gus).get('/collections');
      expect(listed.body.data.find((entry: { title: string }) => entry.title === 'Fading').cover.documentId).toBe(
        extra[22],
      );
    } finally {
      await setVisibility(extra[21]!, 'public');
    }
    const back = await as(gus).get(`/collections/${list.documentId}`);
    expect(ids(back.body.data.items)).toEqual([extra[22], extra[20], extra[21]]);
    expect(back.body.data.hiddenCount).toBe(0);
    expect((await as(gus).get('/history')).body.meta.total).toBe(3);
  });
});

describe('forgetting a viewer', () => {
  test('forgetViewer deletes their collections, history and settings, and nobody else’s', async () => {
    const hana = await createViewer(cms, 'hana');
    await createCollection(hana, { title: 'Gone soon', visibility: 'public' });
    await as(hana).put(`/collections/watch-later/items/${extra[0]}`);
    await as(hana).put(`/history/${extra[0]}`, { position: 5, duration: 600 });
    await as(hana).patch('/settings', { historyPaused: true });

    const library = cms.strapi.plugin('library').service('library') as {
      forgetViewer(userId: number): Promise<Record<string, number>>;
    };
    expect(await library.forgetViewer(hana.id)).toEqual({ collections: 2, history: 1, settings: 1, courses: 0 });
    expect(await collectionRows(hana.id)).toHaveLength(0);
    expect(await progressRows(hana.id)).toBe(0);
    expect(await cms.strapi.db.query('plugin::library.setting').count({ where: { viewer: hana.id } })).toBe(0);
    expect((await collectionRows(ana.id)).length).toBeGreaterThan(1);
  });

  test('deleting the account deletes the library too', async () => {
    const ivo = await createViewer(cms, 'ivo');
    await as(ivo).put(`/collections/watch-later/items/${extra[0]}`);
    await as(ivo).put(`/history/${extra[0]}`, { position: 5, duration: 600 });
    await cms.strapi.plugin('users-permissions').service('user').remove({ id: ivo.id });
    expect(await collectionRows(ivo.id)).toHaveLength(0);
    expect(await progressRows(ivo.id)).toBe(0);
  });
});
