/**
 * Premieres through the real CMS (plugins/publishing): a creator ticks "Premiere" on a scheduled draft; it gets a
 * public premiere (title, description, poster, time) while nothing else of a draft is shown; it is in its channel's
 * Upcoming shelf and in the followed-channels shelf; viewers ask to be reminded; when the scheduler publishes it those
 * viewers and the followers are notified once each (a mail for those who asked for mail), and it leaves the shelves.
 * Attacked: drafts that are not announced (no premiere flag, private, held by moderation, published before), a
 * collaborator announcing, reminders without an account, malformed input.
 */
import request from 'supertest';
import { adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';
import { until } from '../setup/until';
import { createViewer, type TestViewer } from '../setup/viewers';

const VIDEO = 'api::video.video';
const VIDEOS = '/content-manager/collection-types/api::video.video';

let cms: TestCms;
let fixture: Fixture;
let ana: TestViewer;
let ben: TestViewer;
let aliceToken = '';

beforeAll(async () => {
  process.env.PUBLISHING_POLL_SECONDS = '0.2';
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await settleSideEffects(cms.strapi);
  ana = await createViewer(cms, 'ana-premieres');
  ben = await createViewer(cms, 'ben-premieres');
  aliceToken = await adminToken(cms, 'alice@fixture.test');
});
afterAll(async () => {
  await cms?.stop();
  delete process.env.PUBLISHING_POLL_SECONDS;
});

const api = () => request(cms.server);
const HOUR = 3_600_000;

let drafts = 0;
async function draft(extra: Record<string, unknown>): Promise<{ documentId: string; slug: string }> {
  drafts += 1;
  const slug = `premiere-lesson-${drafts}`;
  const created = await cms.strapi.documents(VIDEO).create({
    data: {
      title: `Premiere lesson ${drafts}`,
      slug,
      description: 'We build a **kiln** from scratch.',
      visibility: 'public',
      moderationState: 'approved',
      processingStatus: 'ready',
      creator: fixture.creators.alice.documentId,
      scheduledAt: new Date(Date.now() + HOUR).toISOString(),
      premiere: true,
      ...extra,
    } as never,
  });
  return { documentId: created.documentId, slug };
}

const shelf = async (handle: string, viewer?: TestViewer) => {
  const call = api().get('/api/publishing/premieres').query({ creator: handle });
  const response = await (viewer ? call.set(viewer.auth) : call).expect(200);
  return (response.body.data as Array<{ slug: string; reminded: boolean }>).map((item) => item.slug);
};

describe('premieres', () => {
  test('an announced draft has a public premiere, in its channel’s Upcoming shelf; other drafts stay hidden', async () => {
    const announced = await draft({});
    const later = await draft({ scheduledAt: new Date(Date.now() + 5 * HOUR).toISOString() });
    const plain = await draft({ premiere: false });
    const hidden = await draft({ visibility: 'private' });
    const held = await draft({ moderationState: 'pending' });
    const unscheduled = await draft({ scheduledAt: null });
    const republished = await draft({});
    await cms.strapi.documents(VIDEO).publish({ documentId: republished.documentId } as never);
    await cms.strapi.documents(VIDEO).update({
      documentId: republished.documentId,
      data: { scheduledAt: new Date(Date.now() + HOUR).toISOString(), premiere: true } as never,
    });

    const one = await api().get(`/api/publishing/premieres/${announced.slug}`).expect(200);
    expect(one.body.data).toEqual({
      documentId: announced.documentId,
      slug: announced.slug,
      title: 'Premiere lesson 1',
      description: 'We build a **kiln** from scratch.',
      startsAt: expect.any(String),
      late: false,
      creator: { handle: 'alice', displayName: 'Alice Archer' },
      poster: null,
      duration: null,
      reminded: false,
    });
    // nothing private of the draft: no media keys, no pipeline, no moderation fields
    expect(JSON.stringify(one.body)).not.toMatch(/sourceKey|playbackAssets|moderation|processing/);
    for (const other of [plain, hidden, held, unscheduled, republished])
      await api().get(`/api/publishing/premieres/${other.slug}`).expect(404);
    // the draft itself stays out of the public API
    await api().get(`/api/videos/${announced.documentId}`).expect(404);

    expect(await shelf('alice')).toEqual([announced.slug, later.slug]);
    expect(await shelf('bob')).toEqual([]);

    await api().get('/api/publishing/premieres/Not%20A%20Slug').expect(400);
    await api().get('/api/publishing/premieres').expect(400);
    await api().get('/api/publishing/premieres').query({ creator: 'alice', visibility: 'private' }).expect(400);
    await api().get('/api/publishing/premieres/following').expect(401);
    await cms.strapi.documents(VIDEO).delete({ documentId: later.documentId });
  });

  test('a viewer asks to be reminded; when it starts the reminded and the followers are told once, and it leaves the shelves', async () => {
    const premiere = await draft({});
    const reminder = `/api/publishing/premieres/${premiere.slug}/reminder`;
    await api().put(reminder).expect(401);
    for (let i = 0; i < 2; i += 1)
      expect((await api().put(reminder).set(ana.auth).expect(200)).body).toEqual({ reminded: true });
    expect((await api().get(`/api/publishing/premieres/${premiere.slug}`).set(ana.auth)).body.data.reminded).toBe(true);
    expect((await api().get(`/api/publishing/premieres/${premiere.slug}`).set(ben.auth)).body.data.reminded).toBe(
      false,
    );
    await api().put('/api/publishing/premieres/no-such-premiere/reminder').set(ana.auth).expect(404);
    // ben follows alice and asks too; then changes his mind about the reminder (he still follows)
    await api().put('/api/community/creators/alice/follow').set(ben.auth).expect(200);
    await api().put(reminder).set(ben.auth).expect(200);
    expect((await api().delete(reminder).set(ben.auth).expect(200)).body).toEqual({ reminded: false });
    expect(
      (
        (await api().get('/api/publishing/premieres/following').set(ben.auth).expect(200)).body.data as Array<{
          slug: string;
        }>
      ).map((item) => item.slug),
    ).toContain(premiere.slug);
    expect((await api().get('/api/publishing/premieres/following').set(ana.auth).expect(200)).body.data).toEqual([]);

    // it starts: the scheduler publishes it a moment after its time
    await cms.strapi.documents(VIDEO).update({
      documentId: premiere.documentId,
      data: { scheduledAt: new Date(Date.now() + 300).toISOString() } as never,
    });
    const notified = async (viewer: TestViewer) =>
      (
        (await api().get('/api/community/notifications').set(viewer.auth).expect(200)).body.data as Array<{
          text: string;
          video?: { documentId?: string } | string | null;
        }>
      ).filter((item) => JSON.stringify(item).includes(premiere.documentId));
    await until('the reminded viewer is notified', async () => (await notified(ana)).length === 1);
    await until('the follower is notified', async () => (await notified(ben)).length === 1);
    expect((await notified(ana))[0]!.text).toBe('Premiering now: “Premiere lesson 8” by Alice Archer');
    await api().get(`/api/videos/${premiere.documentId}`).expect(200);
    await api().get(`/api/publishing/premieres/${premiere.slug}`).expect(404);
    expect(await shelf('alice', ana)).not.toContain(premiere.slug);
    expect(
      await cms.strapi.db.query('plugin::publishing.reminder').count({ where: { video: premiere.documentId } }),
    ).toBe(0);
    // publishing it again tells nobody twice
    await cms.strapi.documents(VIDEO).publish({ documentId: premiere.documentId } as never);
    await settleSideEffects(cms.strapi);
    expect(await notified(ana)).toHaveLength(1);
  });

  test('only the owner announces a premiere: a collaborator’s change is refused', async () => {
    const shared = await cms.strapi.documents(VIDEO).create({
      data: {
        title: 'Shared draft',
        slug: 'shared-premiere-draft',
        visibility: 'public',
        processingStatus: 'ready',
        creator: fixture.creators.bob.documentId,
        collaborators: [fixture.creators.alice.documentId],
      } as never,
    });
    const refused = await api()
      .put(`${VIDEOS}/${shared.documentId}`)
      .set('Authorization', `Bearer ${aliceToken}`)
      .send({ premiere: true });
    expect(refused.status).toBe(403);
    const row = (await cms.strapi.db
      .query(VIDEO)
      .findOne({ where: { documentId: shared.documentId }, select: ['premiere'] })) as { premiere: boolean | null };
    expect(Boolean(row.premiere)).toBe(false);
  });
});
