/**
 * Becoming a creator through the real CMS (plugins/onboarding): a confirmed viewer applies; a moderator approves and
 * the viewer's address gets an admin account with the Creator role, a channel it owns and a mail with the link to set
 * the password, after which the new creator signs in and works in their own channel; a decline is mailed with its
 * reason and the viewer may apply again. Attacked: unconfirmed accounts, a second application while one waits, a
 * taken handle, creators and viewers reaching the moderators' routes, deciding twice, bad input.
 */
import request from 'supertest';
import { adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';
import { createViewer, type TestViewer } from '../setup/viewers';
import { startMailCatcher, type MailCatcher } from '../../support/mail-catcher';

const ENV = { PUBLIC_URL: 'https://cms.example.test' };
let cms: TestCms;
let fixture: Fixture;
let mail: MailCatcher;
let moderator = '';
let alice = '';

beforeAll(async () => {
  mail = await startMailCatcher();
  Object.assign(process.env, mail.env, ENV);
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await settleSideEffects(cms.strapi);
  moderator = await adminToken(cms, 'mod@fixture.test');
  alice = await adminToken(cms, 'alice@fixture.test');
});
afterAll(async () => {
  await cms?.stop();
  await mail?.stop();
  for (const key of [...Object.keys(mail?.env ?? {}), ...Object.keys(ENV)]) delete process.env[key];
});

const api = () => request(cms.server);
const admin = (token: string) => ({
  get: (path: string) => api().get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => api().post(path).set('Authorization', `Bearer ${token}`).send(body),
});
const apply = (viewer: TestViewer, body: object) =>
  api().post('/api/onboarding/application').set(viewer.auth).send(body);
const emailOf = async (viewer: TestViewer) =>
  (
    (await cms.strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { id: viewer.id }, select: ['email'] })) as { email: string }
  ).email;
const APPLICATION = {
  handle: 'clay-studio',
  displayName: 'Clay Studio',
  about: 'Weekly wheel-throwing lessons for beginners, filmed from above.',
  links: ['https://clay.example.com', 'https://www.youtube.com/@claystudio'],
};

describe('creator applications', () => {
  test('a viewer applies; a moderator approves; the new creator sets a password, signs in and works in its own channel', async () => {
    const viewer = await createViewer(cms, 'potter');
    await api().get('/api/onboarding/application').expect(401);
    expect((await api().get('/api/onboarding/application').set(viewer.auth).expect(200)).body).toEqual({ data: null });

    const sent = await apply(viewer, { ...APPLICATION, handle: '  Clay-Studio ' }).expect(201);
    expect(sent.body.data).toMatchObject({ handle: 'clay-studio', state: 'pending', reason: null });
    expect((await apply(viewer, APPLICATION).expect(409)).body.error.message).toBe(
      'You have applied already: a moderator will answer soon.',
    );
    // another viewer cannot take a handle that waits for a decision
    const other = await createViewer(cms, 'potter-two');
    expect((await apply(other, APPLICATION).expect(409)).body.error.details.fields.handle).toBe(
      'This handle is taken: choose another.',
    );

    // only moderators read and decide
    await admin(alice).get('/onboarding/applications').expect(403);
    await api().get('/onboarding/applications').expect(401);
    const waiting = await admin(moderator).get('/onboarding/applications').expect(200);
    const listed = waiting.body.data.find((item: { handle: string }) => item.handle === 'clay-studio');
    expect(listed).toMatchObject({
      displayName: 'Clay Studio',
      links: APPLICATION.links,
      applicant: { username: viewer.username, email: await emailOf(viewer) },
    });
    await admin(alice).post(`/onboarding/applications/${listed.id}/approve`).expect(403);

    const approved = await admin(moderator).post(`/onboarding/applications/${listed.id}/approve`).expect(200);
    expect(approved.body).toMatchObject({ application: { state: 'approved' }, invited: true });
    await admin(moderator).post(`/onboarding/applications/${listed.id}/approve`).expect(409);
    await admin(moderator).post(`/onboarding/applications/${listed.id}/decline`, { reason: 'late' }).expect(409);

    // the account and the channel
    const address = await emailOf(viewer);
    const user = (await cms.strapi.db
      .query('admin::user')
      .findOne({ where: { email: address }, populate: { roles: { select: ['code'] } } })) as {
      id: number;
      isActive: boolean;
      registrationToken: string;
      roles: Array<{ code: string }>;
    };
    expect(user.roles.map((role) => role.code)).toEqual(['framecast-creator']);
    expect(user.isActive).toBe(false);
    const channel = (await cms.strapi.db.query('api::creator.creator').findOne({
      where: { handle: 'clay-studio' },
      populate: { owner: { select: ['id'] }, socialLinks: true },
    })) as { displayName: string; owner: { id: number }; socialLinks: Array<{ platform: string; url: string }> };
    expect(channel).toMatchObject({ displayName: 'Clay Studio', owner: { id: user.id } });
    expect(channel.socialLinks.map((link) => link.platform)).toEqual(['website', 'youtube']);

    // the invitation: set the password, sign in, and make a video on the new channel
    const invitation = await mail.waitFor(address, /channel is ready/);
    const link = invitation.links.find((candidate) => candidate.includes('registrationToken='))!;
    expect(link).toBe(`https://cms.example.test/admin/auth/register?registrationToken=${user.registrationToken}`);
    const password = 'Kiln-and-wheel-2026';
    await api()
      .post('/admin/register')
      .send({ registrationToken: user.registrationToken, userInfo: { firstname: 'Clay', password } })
      .expect(200);
    const login = await api().post('/admin/login').send({ email: address, password }).expect(200);
    const token = login.body.data.token as string;
    const made = await admin(token)
      .post('/content-manager/collection-types/api::video.video', { title: 'First throw', slug: 'first-throw' })
      .expect(201);
    const video = (await cms.strapi.documents('api::video.video').findOne({
      documentId: made.body.data.documentId,
      populate: ['creator'],
    })) as { creator?: { handle: string } };
    expect(video.creator?.handle).toBe('clay-studio');
    // and sees no other channel's videos
    const mine = await admin(token).get('/content-manager/collection-types/api::video.video?page=1&pageSize=50');
    expect(mine.body.results.map((row: { slug: string }) => row.slug)).toEqual(['first-throw']);

    expect((await api().get('/api/onboarding/application').set(viewer.auth)).body.data.state).toBe('approved');
    await apply(viewer, { ...APPLICATION, handle: 'clay-studio-two' }).expect(409);
    expect(fixture.creators.alice.documentId).toBeTruthy();
  });

  test('a decline is mailed with its reason; the viewer may apply again; bad input and unconfirmed accounts are refused', async () => {
    const viewer = await createViewer(cms, 'painter');
    const bad = async (body: object, field: string) =>
      (await apply(viewer, body).expect(400)).body.error.details.fields[field] as string;
    expect(await bad({ ...APPLICATION, handle: 'x' }, 'handle')).toMatch(/^A handle has 3 to 40/);
    expect(await bad({ ...APPLICATION, handle: 'paint', about: 'short' }, 'about')).toMatch(/Say a little more/);
    expect(await bad({ ...APPLICATION, handle: 'paint', links: ['javascript:alert(1)'] }, 'links')).toBe(
      'Links start with https:// (or http://).',
    );
    await apply(viewer, { ...APPLICATION, handle: 'paint', role: 'admin' }).expect(400);
    await apply(viewer, { ...APPLICATION, handle: 'alice' }).expect(409);

    const unconfirmed = await createViewer(cms, 'unconfirmed-painter');
    await cms.strapi.db
      .query('plugin::users-permissions.user')
      .update({ where: { id: unconfirmed.id }, data: { confirmed: false } });
    // the viewer middleware already refuses an unconfirmed account (401); the service would answer 403
    expect([401, 403]).toContain((await apply(unconfirmed, { ...APPLICATION, handle: 'paint-three' })).status);
    expect(
      await cms.strapi.db.query('plugin::onboarding.application').count({ where: { handle: 'paint-three' } }),
    ).toBe(0);

    const sent = await apply(viewer, { ...APPLICATION, handle: 'paint-studio' }).expect(201);
    await admin(moderator).post(`/onboarding/applications/${sent.body.data.id}/decline`, {}).expect(400);
    await admin(moderator)
      .post(`/onboarding/applications/${sent.body.data.id}/decline`, { reason: 'Show us a sample video first.' })
      .expect(200);
    const declined = await mail.waitFor(await emailOf(viewer), /creator application/);
    expect(declined.text).toContain('The reason given: Show us a sample video first.');
    expect((await api().get('/api/onboarding/application').set(viewer.auth)).body.data).toMatchObject({
      state: 'declined',
      reason: 'Show us a sample video first.',
    });
    expect((await admin(moderator).get('/onboarding/applications?state=declined')).body.data[0]).toMatchObject({
      handle: 'paint-studio',
      decidedBy: 'mod Fixture',
    });
    await admin(moderator).get('/onboarding/applications?state=lost').expect(400);
    // no account was made, and the viewer may apply again
    expect(await cms.strapi.db.query('api::creator.creator').count({ where: { handle: 'paint-studio' } })).toBe(0);
    await apply(viewer, { ...APPLICATION, handle: 'paint-studio' }).expect(201);

    const graphql = await api().post('/graphql').send({ query: '{ applications { handle } }' });
    expect(JSON.stringify(graphql.body)).toMatch(/Cannot query field/);
  });
});
