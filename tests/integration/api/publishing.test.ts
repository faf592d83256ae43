/**
 * Scheduled publishing through the real CMS (plugins/publishing, the in-process scheduler; the BullMQ driver is in
 * publishing-bullmq.test.ts): a creator sets "Scheduled at" in the admin and the draft is published then, once;
 * rescheduling, cancelling, unpublishing on schedule, a due video waiting for its media, catching up after downtime,
 * concurrent turns (what two instances do) publishing once, and the admin refusing to publish a video whose media is
 * not ready. Every wait is on a condition, never on the clock.
 */
import request from 'supertest';
import { adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';
import { until } from '../setup/until';

const VIDEO = 'api::video.video';
const SCHEDULE = 'plugin::publishing.schedule';
const VIDEOS = '/content-manager/collection-types/api::video.video';

let cms: TestCms;
let fixture: Fixture;
const tokens: Record<'alice' | 'bob' | 'moderator', string> = { alice: '', bob: '', moderator: '' };
/** Every publish and unpublish the document service ran, by video, whoever asked. */
const published = new Map<string, number>();
const unpublished = new Map<string, number>();

beforeAll(async () => {
  process.env.PUBLISHING_POLL_SECONDS = '0.2';
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  // counted as each starts (a publish is visible in the database before the call returns)
  cms.strapi.documents.use(async (context, next) => {
    const documentId = (context.params as { documentId?: string }).documentId;
    if (context.uid === VIDEO && documentId && context.action === 'publish')
      published.set(documentId, (published.get(documentId) ?? 0) + 1);
    if (context.uid === VIDEO && documentId && context.action === 'unpublish')
      unpublished.set(documentId, (unpublished.get(documentId) ?? 0) + 1);
    return next();
  });
  await settleSideEffects(cms.strapi);
  tokens.alice = await adminToken(cms, 'alice@fixture.test');
  tokens.bob = await adminToken(cms, 'bob@fixture.test');
  tokens.moderator = await adminToken(cms, 'mod@fixture.test');
});
afterAll(async () => {
  await cms?.stop();
  delete process.env.PUBLISHING_POLL_SECONDS;
});

const as = (who: keyof typeof tokens) => ({
  get: (path: string) => request(cms.server).get(path).set('Authorization', `Bearer ${tokens[who]}`),
  put: (path: string, body: object) =>
    request(cms.server).put(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
  post: (path: string, body: object = {}) =>
    request(cms.server).post(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
});

const scheduler = () =>
  cms.strapi.plugin('publishing').service('scheduler') as {
    runNow(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    driver: string;
  };

let drafts = 0;
/** A draft of alice's, its media in the given state. */
async function draft(extra: Record<string, unknown> = {}): Promise<string> {
  drafts += 1;
  const created = await cms.strapi.documents(VIDEO).create({
    data: {
      title: `Scheduled lesson ${drafts}`,
      slug: `scheduled-lesson-${drafts}`,
      visibility: 'public',
      moderationState: 'approved',
      processingStatus: 'ready',
      creator: fixture.creators.alice.documentId,
      ...extra,
    } as never,
  });
  return created.documentId;
}

const isPublished = async (documentId: string) =>
  (await cms.strapi.db.query(VIDEO).count({ where: { documentId, publishedAt: { $notNull: true } } })) > 0;
const scheduleOf = (documentId: string, action = 'publish') =>
  cms.strapi.db.query(SCHEDULE).findOne({ where: { video: documentId, action } }) as Promise<{
    state: string;
    dueAt: string | number | Date;
    waitingFor: string | null;
  } | null>;

describe('a creator schedules a draft in the admin', () => {
  it('is published at that time, once; the schedule is done and the field cleared', async () => {
    const id = await draft();
    const at = new Date(Date.now() + 1500);
    await as('alice').put(`${VIDEOS}/${id}`, { scheduledAt: at.toISOString() }).expect(200);
    expect(await scheduleOf(id)).toMatchObject({ state: 'pending', waitingFor: null });
    expect(new Date((await scheduleOf(id))!.dueAt).getTime()).toBe(at.getTime());
    expect(await isPublished(id)).toBe(false);

    await until('the scheduled draft is published', () => isPublished(id));
    await until('the schedule is done', async () => (await scheduleOf(id))?.state === 'done');
    const row = (await cms.strapi.db.query(VIDEO).findOne({
      where: { documentId: id, publishedAt: { $notNull: true } },
      select: ['publishedAt', 'scheduledAt'],
    })) as { publishedAt: string; scheduledAt: string | null };
    expect(new Date(row.publishedAt).getTime()).toBeGreaterThanOrEqual(at.getTime());
    expect(row.scheduledAt ?? null).toBeNull();
    await scheduler().runNow();
    expect(published.get(id)).toBe(1);
    // the creator's admin shows it published, nothing scheduled any more
    const seen = await as('alice').get(`${VIDEOS}/${id}`).expect(200);
    expect(seen.body.data.scheduledAt ?? null).toBeNull();
  });

  it('two creators’ drafts due at the same moment are both published (the turn runs as nobody, not as the last saver)', async () => {
    const alices = await draft();
    const bobs = (
      await cms.strapi.documents(VIDEO).create({
        data: {
          title: 'Bob’s scheduled lesson',
          slug: 'bobs-scheduled-lesson',
          visibility: 'public',
          moderationState: 'approved',
          processingStatus: 'ready',
          creator: fixture.creators.bob.documentId,
        } as never,
      })
    ).documentId;
    const at = new Date(Date.now() + 1500).toISOString();
    await as('alice').put(`${VIDEOS}/${alices}`, { scheduledAt: at }).expect(200);
    // bob saves last: the scheduler is woken from his request
    await as('bob').put(`${VIDEOS}/${bobs}`, { scheduledAt: at }).expect(200);
    await until('both drafts are published', async () => (await isPublished(alices)) && (await isPublished(bobs)));
    await until('both schedules are done', async () =>
      (await Promise.all([scheduleOf(alices), scheduleOf(bobs)])).every((row) => row?.state === 'done'),
    );
  });

  it('rescheduling moves the time; clearing it cancels; neither publishes', async () => {
    const id = await draft();
    const inAnHour = new Date(Date.now() + 3_600_000);
    await as('alice').put(`${VIDEOS}/${id}`, { scheduledAt: inAnHour.toISOString() }).expect(200);
    const later = new Date(Date.now() + 7_200_000);
    await as('alice').put(`${VIDEOS}/${id}`, { scheduledAt: later.toISOString() }).expect(200);
    expect(new Date((await scheduleOf(id))!.dueAt).getTime()).toBe(later.getTime());
    await as('alice').put(`${VIDEOS}/${id}`, { scheduledAt: null }).expect(200);
    expect(await scheduleOf(id)).toMatchObject({ state: 'cancelled' });
    await scheduler().runNow();
    expect(await isPublished(id)).toBe(false);
  });

  it('an unpublish time takes a published video down then', async () => {
    const id = await draft();
    await cms.strapi.documents(VIDEO).publish({ documentId: id } as never);
    await as('alice')
      .put(`${VIDEOS}/${id}`, { unpublishAt: new Date(Date.now() + 800).toISOString() })
      .expect(200);
    await until('the video is unpublished', async () => !(await isPublished(id)));
    // the row is marked done right after the unpublish it ran
    await until('the unpublish is done', async () => (await scheduleOf(id, 'unpublish'))?.state === 'done');
    expect(unpublished.get(id)).toBe(1);
  });

  it('a collaborator edits the video but cannot schedule it: a scheduled time publishes, which is the owner’s', async () => {
    const shared = fixture.videos.bobWithAlice.documentId; // bob's, alice collaborates
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    for (const field of ['scheduledAt', 'unpublishAt']) {
      const refused = await as('alice')
        .put(`${VIDEOS}/${shared}`, { [field]: soon })
        .expect(403);
      expect(refused.body.error.message).toBe(
        `Only the owner can change ${field}: a scheduled time publishes or unpublishes the video.`,
      );
    }
    expect(await scheduleOf(shared)).toBeNull();
    // the edit view sends every field: an unchanged (empty) time is no change
    await as('alice')
      .put(`${VIDEOS}/${shared}`, { description: 'Edited by the collaborator', scheduledAt: null, unpublishAt: null })
      .expect(200);
    await as('bob').put(`${VIDEOS}/${shared}`, { scheduledAt: soon }).expect(200);
    expect(await scheduleOf(shared)).toMatchObject({ state: 'pending' });
    // the owner's time, sent back unchanged by the collaborator's edit view, is no change either
    await as('alice').put(`${VIDEOS}/${shared}`, { description: 'Edited again', scheduledAt: soon }).expect(200);
    await as('bob').put(`${VIDEOS}/${shared}`, { scheduledAt: null }).expect(200);
    expect(await scheduleOf(shared)).toMatchObject({ state: 'cancelled' });
  });

  it('a collaborator cannot turn on Publish early: it decides when the video goes out', async () => {
    const shared = fixture.videos.bobWithAlice.documentId; // bob's, alice collaborates
    const refused = await as('alice').put(`${VIDEOS}/${shared}`, { publishEarly: true }).expect(403);
    expect(refused.body.error.message).toBe(
      'Only the owner can change publishEarly: it decides when the video goes out.',
    );
    const row = (await cms.strapi.db
      .query(VIDEO)
      .findOne({ where: { documentId: shared, publishedAt: null }, select: ['publishEarly'] })) as {
      publishEarly: boolean | null;
    };
    expect(row.publishEarly).not.toBe(true);
    // the edit view sends it back unchanged: no change
    await as('alice').put(`${VIDEOS}/${shared}`, { description: 'Edited', publishEarly: false }).expect(200);
    await as('bob').put(`${VIDEOS}/${shared}`, { publishEarly: true }).expect(200);
    await as('bob').put(`${VIDEOS}/${shared}`, { publishEarly: false }).expect(200);
  });

  it('another creator cannot schedule it', async () => {
    const id = await draft();
    await as('bob')
      .put(`${VIDEOS}/${id}`, { scheduledAt: new Date(Date.now() + 1000).toISOString() })
      .expect(403);
    expect(await scheduleOf(id)).toBeNull();
  });
});

describe('a due video whose media is not ready', () => {
  it('waits, and is published by the first turn after its media is ready', async () => {
    const id = await draft({ processingStatus: 'processing', processingProgress: 40 });
    await as('alice')
      .put(`${VIDEOS}/${id}`, { scheduledAt: new Date(Date.now() - 1000).toISOString() })
      .expect(200);
    await until('the schedule waits for the media', async () => (await scheduleOf(id))?.waitingFor === 'media');
    expect(await isPublished(id)).toBe(false);
    // the transcoding pipeline marks it ready (as its result handler does, through the document service)
    await cms.strapi.documents(VIDEO).update({ documentId: id, data: { processingStatus: 'ready' } as never });
    await until('the video is published once ready', () => isPublished(id));
    expect(published.get(id)).toBe(1);
  });

  it('with Publish early, is published by the first turn after its first seconds play', async () => {
    const id = await draft({ processingStatus: 'processing', processingProgress: 3 });
    await as('alice')
      .put(`${VIDEOS}/${id}`, { publishEarly: true, scheduledAt: new Date(Date.now() - 1000).toISOString() })
      .expect(200);
    await until('the schedule waits for the media', async () => (await scheduleOf(id))?.waitingFor === 'media');
    expect(await isPublished(id)).toBe(false);
    // the transcoding pipeline records the growing output (as its playable handler does)
    await cms.strapi.db.query(VIDEO).updateMany({
      where: { documentId: id },
      data: { playbackAssets: { prefix: `videos/${id}/early`, master: 'master.m3u8', growing: true } },
    });
    await until('the video is published once its first seconds play', () => isPublished(id));
    expect(published.get(id)).toBe(1);
  });

  it('cannot be published by hand in the admin: the creator is told why', async () => {
    const id = await draft({ processingStatus: 'processing', processingProgress: 40 });
    const refused = await as('alice').post(`${VIDEOS}/${id}/actions/publish`).expect(400);
    const { title } = (await cms.strapi.db.query(VIDEO).findOne({ where: { documentId: id }, select: ['title'] })) as {
      title: string;
    };
    expect(refused.body.error.message).toBe(
      `“${title}” can’t be published yet: its video is still being processed (40 % done). Set “Scheduled at” instead: it is published as soon as it is ready, at that time or later. To publish it while it is still processing, turn on “Publish early”.`,
    );
    const failed = await draft({ processingStatus: 'failed', failureReason: 'The file has no video stream.' });
    expect((await as('moderator').post(`${VIDEOS}/${failed}/actions/publish`).expect(400)).body.error.message).toMatch(
      /could not be processed \(The file has no video stream\)\. Replace the video file, then publish\.$/,
    );
    const bulk = await as('alice').post(`${VIDEOS}/actions/bulkPublish`, { documentIds: [id] });
    expect(bulk.status).toBe(400);
    expect(bulk.body.error.message).toMatch(/still being processed/);
    expect(await isPublished(id)).toBe(false);
    expect(await isPublished(failed)).toBe(false);
    // once ready, it publishes
    await cms.strapi.documents(VIDEO).update({ documentId: id, data: { processingStatus: 'ready' } as never });
    await as('alice').post(`${VIDEOS}/${id}/actions/publish`).expect(200);
    expect(await isPublished(id)).toBe(true);
  });
});

describe('the schedule is the database’s', () => {
  it('what fell due while the CMS was down is published at start, once', async () => {
    await scheduler().stop();
    const ids = [await draft(), await draft()];
    for (const id of ids)
      await cms.strapi
        .documents(VIDEO)
        .update({ documentId: id, data: { scheduledAt: new Date(Date.now() - 60_000) } as never });
    expect(await Promise.all(ids.map(isPublished))).toEqual([false, false]);
    await scheduler().start();
    await until('both are published after the restart', async () =>
      (await Promise.all(ids.map(isPublished))).every(Boolean),
    );
    await scheduler().runNow();
    expect(ids.map((id) => published.get(id))).toEqual([1, 1]);
  });

  it('turns running at once (two instances sharing the database) publish each video once', async () => {
    await scheduler().stop();
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => draft()));
    for (const id of ids)
      await cms.strapi
        .documents(VIDEO)
        .update({ documentId: id, data: { scheduledAt: new Date(Date.now() - 1000) } as never });
    const schedules = cms.strapi.plugin('publishing').service('schedules') as { runDue(): Promise<unknown> };
    // each turn claims rows with its own conditional UPDATE on its own connection, as another instance would
    await Promise.all(Array.from({ length: 6 }, () => schedules.runDue()));
    expect(ids.map((id) => published.get(id))).toEqual(ids.map(() => 1));
    expect(await Promise.all(ids.map(isPublished))).toEqual(ids.map(() => true));
    await scheduler().start();
  });

  it('the schedule table is reachable through no API', async () => {
    await request(cms.server).get('/api/schedules').expect(404);
    await request(cms.server).get('/api/publishing/schedules').expect(404);
    const graphql = await request(cms.server).post('/graphql').send({ query: '{ schedules { documentId video } }' });
    expect(graphql.body.errors[0].message).toBe('Cannot query field "schedules" on type "Query".');
    const cm = await as('alice').get('/content-manager/collection-types/plugin::publishing.schedule');
    expect([403, 404]).toContain(cm.status);
  });
});
