/**
 * The review queue through the real CMS (plugins/moderation): viewers' reports hold a video and it reaches the queue;
 * a moderator removes it with a reason, the creator reads why (mail and admin) and appeals once; restore grants the
 * appeal; dismiss, warn and block; pre-moderation of new channels (first N, all, trusted); the moderation log, its
 * filters and export. Every rule is attacked: creators cannot open the queue or decide, nor read or appeal another
 * channel's video; a moderator cannot appeal; the log and appeals are not reachable through GraphQL.
 */
import request from 'supertest';
import { adminToken, createCatalogFixture, PASSWORD, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';
import { createViewer, type TestViewer } from '../setup/viewers';
import { startMailCatcher, type MailCatcher } from '../../support/mail-catcher';

const VIDEO = 'api::video.video';
const VIDEOS = '/content-manager/collection-types/api::video.video';
const ENV = {
  VIDEO_REPORTS_TO_HOLD: '2',
  PREMODERATION_POLICY: 'first',
  PREMODERATION_FIRST_VIDEOS: '4',
  PUBLIC_URL: 'https://cms.example.test',
};

let cms: TestCms;
let fixture: Fixture;
let mail: MailCatcher;
const viewers: Record<'ana' | 'ben' | 'cy', TestViewer> = {} as never;
const tokens: Record<'alice' | 'bob' | 'moderator', string> = { alice: '', bob: '', moderator: '' };

beforeAll(async () => {
  mail = await startMailCatcher();
  Object.assign(process.env, mail.env, ENV);
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await settleSideEffects(cms.strapi);
  for (const name of ['ana', 'ben', 'cy'] as const) viewers[name] = await createViewer(cms, `${name}-moderation`);
  tokens.alice = await adminToken(cms, 'alice@fixture.test');
  tokens.bob = await adminToken(cms, 'bob@fixture.test');
  tokens.moderator = await adminToken(cms, 'mod@fixture.test');
});
afterAll(async () => {
  await cms?.stop();
  await mail?.stop();
  for (const key of [...Object.keys(mail?.env ?? {}), ...Object.keys(ENV)]) delete process.env[key];
});

const api = () => request(cms.server);
const as = (who: keyof typeof tokens) => ({
  get: (path: string) => api().get(path).set('Authorization', `Bearer ${tokens[who]}`),
  post: (path: string, body: object = {}) => api().post(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
  put: (path: string, body: object = {}) => api().put(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
});
const report = (viewer: TestViewer, video: string, body: object) =>
  api().post(`/api/community/videos/${video}/report`).set(viewer.auth).send(body);
const decide = (video: string, body: object, who: keyof typeof tokens = 'moderator') =>
  as(who).post(`/moderation/videos/${video}/decisions`, body);
const states = async (documentId: string) =>
  (
    (await cms.strapi.db.query(VIDEO).findMany({ where: { documentId }, select: ['moderationState'] })) as Array<{
      moderationState: string;
    }>
  ).map((row) => row.moderationState);
type QueueItem = { video: string; waiting: string[]; reports: { total: number; byReason: object; notes: string[] } };
const queueItem = async (video: string) =>
  ((await as('moderator').get('/moderation/queue').expect(200)).body.items as QueueItem[]).find(
    (item) => item.video === video,
  );

let published = 0;
async function publishedVideo(creator: 'alice' | 'bob'): Promise<string> {
  published += 1;
  const created = await cms.strapi.documents(VIDEO).create({
    data: {
      title: `Moderated lesson ${published}`,
      slug: `moderated-lesson-${published}`,
      visibility: 'public',
      moderationState: 'approved',
      processingStatus: 'ready',
      creator: fixture.creators[creator].documentId,
    } as never,
    status: 'published',
  });
  await settleSideEffects(cms.strapi);
  return created.documentId;
}

describe('the review queue', () => {
  test('reports hold a video; a moderator removes it with a reason; the creator reads why and appeals once; restoring grants it', async () => {
    const id = await publishedVideo('alice');
    expect((await report(viewers.ana, id, { reason: 'spam', note: 'Links to a casino' })).status).toBe(200);
    expect(await queueItem(id)).toMatchObject({ waiting: ['reports'], reports: { total: 1 } });
    expect((await report(viewers.ben, id, { reason: 'violence' })).status).toBe(200);
    expect(await states(id)).toEqual(['pending', 'pending']);

    // the creator hears of the hold, and it is in the queue with the reports grouped
    const held = await mail.waitFor('alice@fixture.test', /held for review/);
    expect(held.text).toContain('Moderated lesson 1');
    expect(held.links).toContain(`https://cms.example.test/admin/content-manager/collection-types/${VIDEO}/${id}`);
    const item = await queueItem(id);
    expect(item).toMatchObject({
      waiting: ['held'],
      state: 'pending',
      reports: { total: 2, byReason: { spam: 1, violence: 1 }, notes: ['Links to a casino'] },
      creator: { handle: 'alice', blocked: false },
      history: [expect.objectContaining({ event: 'held', actorName: 'Framecast (viewer reports)' })],
    });

    // nobody but moderators opens the queue or decides
    await as('alice').get('/moderation/queue').expect(403);
    await decide(id, { decision: 'restore' }, 'alice').expect(403);
    await api().get('/moderation/queue').expect(401);
    await as('bob').get(`/moderation/videos/${id}/status`).expect(404);

    // a decision that tells the creator something needs a reason; an unknown decision is refused
    const noReason = await decide(id, { decision: 'remove' }).expect(400);
    expect(noReason.body.error.message).toBe('reason: say why; the creator is told');
    expect((await decide(id, { decision: 'nuke' }).expect(400)).body.error.message).toMatch(
      /^decision: must be one of/,
    );
    await decide(id, { decision: 'remove', reason: 'x', extra: 1 }).expect(400);
    await decide('no-such-video', { decision: 'restore' }).expect(404);
    expect(await states(id)).toEqual(['pending', 'pending']);

    const removed = await decide(id, { decision: 'remove', reason: 'Spam links in the description.' }).expect(200);
    expect(removed.body).toMatchObject({ state: 'removed', event: 'removed', notified: true });
    expect(await states(id)).toEqual(['removed', 'removed']);
    await api().get(`/api/videos/${id}`).expect(404);
    expect(await queueItem(id)).toBeUndefined();
    await decide(id, { decision: 'remove', reason: 'again' }).expect(409);
    const removal = await mail.waitFor('alice@fixture.test', /was removed/);
    expect(removal.text).toContain('The reason given: Spam links in the description.');
    expect(removal.text).toContain('appeal this decision once');

    // the creator reads why in the admin, and appeals once
    expect((await as('alice').get(`/moderation/videos/${id}/status`).expect(200)).body).toEqual({
      state: 'removed',
      reason: 'Spam links in the description.',
      appealable: true,
      appeal: null,
    });
    await as('bob').post(`/moderation/videos/${id}/appeal`, { message: 'This is my video, honestly.' }).expect(404);
    await as('moderator').post(`/moderation/videos/${id}/appeal`, { message: 'Moderators do not appeal.' }).expect(403);
    const short = await as('alice').post(`/moderation/videos/${id}/appeal`, { message: 'no' }).expect(400);
    expect(short.body.error.message).toMatch(/^message: say in a sentence or two/);
    const message = 'The links are my own course pages, not spam.';
    const [first, second] = await Promise.all([
      as('alice').post(`/moderation/videos/${id}/appeal`, { message }),
      as('alice').post(`/moderation/videos/${id}/appeal`, { message }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    await as('alice').post(`/moderation/videos/${id}/appeal`, { message }).expect(409);
    expect((await as('alice').get(`/moderation/videos/${id}/status`)).body).toMatchObject({
      appealable: false,
      appeal: { message, state: 'open' },
    });
    expect(await queueItem(id)).toMatchObject({ waiting: ['appeal'], appeal: { message } });

    // restoring answers the appeal: the video is back, the creator told
    await decide(id, { decision: 'restore' }).expect(200);
    expect(await states(id)).toEqual(['approved', 'approved']);
    await api().get(`/api/videos/${id}`).expect(200);
    await mail.waitFor('alice@fixture.test', /is back/);
    expect(await queueItem(id)).toBeUndefined();
    const appeal = (await cms.strapi.db.query('plugin::moderation.appeal').findOne({ where: { video: id } })) as {
      state: string;
    };
    expect(appeal.state).toBe('granted');
    // a viewer still reports a video once, even after a moderator closed the report
    expect((await report(viewers.ana, id, { reason: 'spam' })).body).toEqual({ reported: false });

    // the whole story is in the log, newest first
    const log = await as('moderator').get(`/moderation/log?video=${id}`).expect(200);
    expect(log.body.entries.map((entry: { event: string }) => entry.event)).toEqual([
      'restored',
      'appealed',
      'removed',
      'held',
    ]);
    expect(log.body.entries[1]).toMatchObject({
      actorName: 'alice Fixture',
      reason: message,
      creatorName: 'Alice Archer (@alice)',
    });
    expect(log.body.entries[2]).toMatchObject({ actorName: 'mod Fixture', reason: 'Spam links in the description.' });
  });

  test('dismissing reports, warning a creator, and blocking one', async () => {
    const id = await publishedVideo('bob');
    await report(viewers.cy, id, { reason: 'misleading', note: '=HYPERLINK("x")' });
    expect(await queueItem(id)).toMatchObject({ waiting: ['reports'], reports: { total: 1 } });
    await decide(id, { decision: 'approve' }).expect(409);
    await decide(id, { decision: 'dismiss' }).expect(200);
    expect(await queueItem(id)).toBeUndefined();
    expect(await states(id)).toEqual(['approved', 'approved']);

    await decide(id, { decision: 'warn', reason: '   ' }).expect(400);
    expect(
      (await decide(id, { decision: 'warn', reason: 'Titles must match the video.' }).expect(200)).body,
    ).toMatchObject({
      state: 'approved',
      notified: true,
    });
    expect((await mail.waitFor('bob@fixture.test', /warning/)).text).toContain('Titles must match the video.');

    // blocking: the video goes, the creator's admin account is deactivated and its session ends
    await as('bob').get('/admin/users/me').expect(200);
    await decide(id, { decision: 'block', reason: 'Repeated scams.' }).expect(200);
    expect(await states(id)).toEqual(['removed', 'removed']);
    await as('bob').get('/admin/users/me').expect(401);
    await api().post('/admin/login').send({ email: 'bob@fixture.test', password: PASSWORD }).expect(400);
    await mail.waitFor('bob@fixture.test', /blocked/);
    await decide(id, { decision: 'block', reason: 'again' }).expect(200);
  });

  test('the log filters, pages and exports; bad filters are refused; creators cannot read it', async () => {
    const removed = await as('moderator').get('/moderation/log?event=removed').expect(200);
    expect(removed.body.entries.length).toBeGreaterThan(0);
    expect(removed.body.entries.every((entry: { event: string }) => entry.event === 'removed')).toBe(true);
    const bobs = await as('moderator').get('/moderation/log?creator=bob').expect(200);
    expect(new Set(bobs.body.entries.map((entry: { creatorName: string }) => entry.creatorName))).toEqual(
      new Set(['Bob Baker (@bob)']),
    );
    const paged = await as('moderator').get('/moderation/log?pageSize=2&page=2').expect(200);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2 });
    expect(paged.body.entries).toHaveLength(2);
    const today = new Date().toISOString().slice(0, 10);
    expect((await as('moderator').get(`/moderation/log?from=${today}&to=${today}`)).body.total).toBe(paged.body.total);
    expect((await as('moderator').get('/moderation/log?from=2020-01-01&to=2020-01-02')).body.entries).toEqual([]);

    expect((await as('moderator').get('/moderation/log?event=deleted').expect(400)).body.error.message).toMatch(
      /^event:/,
    );
    await as('moderator').get('/moderation/log?from=2026-13-45').expect(400);
    await as('moderator').get('/moderation/log?from=2026-02-02&to=2026-02-01').expect(400);
    await as('moderator').get('/moderation/log?pageSize=1000').expect(400);
    await as('moderator').get('/moderation/log?sort=id').expect(400);
    await as('alice').get('/moderation/log').expect(403);
    await as('alice').get('/moderation/log/export').expect(403);

    const csv = await as('moderator').get('/moderation/log/export?creator=alice').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="moderation-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('When (UTC),Event,Video,Video id,Creator,By,Reason');
    expect(lines.some((line) => line.includes(',Removed,Moderated lesson 1,'))).toBe(true);

    // neither the log nor appeals are types GraphQL serves
    const graphql = await api().post('/graphql').send({ query: '{ logEntries { documentId reason } }' });
    expect(JSON.stringify(graphql.body)).toMatch(/Cannot query field/);
  });
});

describe('pre-moderation', () => {
  const create = (who: 'alice', title: string) =>
    as(who)
      .post(VIDEOS, { title, slug: title.toLowerCase().replace(/\W+/g, '-') })
      .expect(201);

  test('a new channel’s first videos wait for a moderator; later ones, staff’s and trusted channels’ do not', async () => {
    // alice has made three videos in the fixture and one above: her fifth is past PREMODERATION_FIRST_VIDEOS (4)
    const config = cms.strapi.config.get('plugin::moderation') as Record<string, unknown>;
    const count = await cms.strapi.db
      .query(VIDEO)
      .count({ where: { creator: { documentId: fixture.creators.alice.documentId }, publishedAt: null } });
    cms.strapi.config.set('plugin::moderation', { ...config, premoderationFirst: count + 1 });

    const waiting = (await create('alice', 'First steps in clay')).body.data.documentId as string;
    expect(await states(waiting)).toEqual(['pending']);
    expect((await mail.waitFor('alice@fixture.test', /waiting for review/)).text).toContain('First steps in clay');
    expect(await queueItem(waiting)).toMatchObject({ waiting: ['pre-moderation'], reports: { total: 0 } });
    // nothing to appeal yet: no moderator has decided
    expect((await as('alice').get(`/moderation/videos/${waiting}/status`)).body).toMatchObject({
      state: 'pending',
      appealable: false,
    });
    await as('alice').post(`/moderation/videos/${waiting}/appeal`, { message: 'Please look at it soon.' }).expect(409);
    // the creator cannot approve it by writing the field
    await as('alice').put(`${VIDEOS}/${waiting}`, { moderationState: 'approved' });
    expect(await states(waiting)).toEqual(['pending']);

    const next = (await create('alice', 'Second steps in clay')).body.data.documentId as string;
    expect(await states(next)).toEqual(['approved']);

    await decide(waiting, { decision: 'approve' }).expect(200);
    expect(await states(waiting)).toEqual(['approved']);

    // "all": every creator video waits, unless a moderator marks the channel trusted (which a creator cannot)
    cms.strapi.config.set('plugin::moderation', { ...config, premoderation: 'all' });
    expect(await states((await create('alice', 'Third steps in clay')).body.data.documentId)).toEqual(['pending']);
    await as('alice').put(
      `/content-manager/collection-types/api::creator.creator/${fixture.creators.alice.documentId}`,
      {
        trusted: true,
      },
    );
    expect(await states((await create('alice', 'Fourth steps in clay')).body.data.documentId)).toEqual(['pending']);
    await as('moderator')
      .put(`/content-manager/collection-types/api::creator.creator/${fixture.creators.alice.documentId}`, {
        trusted: true,
      })
      .expect(200);
    expect(await states((await create('alice', 'Fifth steps in clay')).body.data.documentId)).toEqual(['approved']);
    // staff making a video for a channel are not held
    cms.strapi.config.set('plugin::moderation', { ...config, premoderation: 'all' });
    const bySatff = await as('moderator')
      .post(VIDEOS, {
        title: 'Made by staff',
        slug: 'made-by-staff',
        creator: { connect: [{ documentId: fixture.creators.bob.documentId }] },
      })
      .expect(201);
    expect(await states(bySatff.body.data.documentId)).toEqual(['approved']);
    cms.strapi.config.set('plugin::moderation', config);
  });
});
