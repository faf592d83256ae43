/**
 * Courses (a creator's playlist marked as one) on a real Strapi: the public API shows a course's flag and sections,
 * a viewer follows only open courses (published, public or unlisted), My learning lists their own, progress is only
 * ever their own rows, and following ends with the account or the course. Attacks: another viewer's progress, a
 * private or draft course, a playlist that is no course, anonymous calls, GraphQL.
 */
import request from 'supertest';
import { createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleTranscoding, startTestCms, type TestCms } from '../setup/strapi';
import { createViewer, type TestViewer } from '../setup/viewers';

const PLAYLIST = 'api::playlist.playlist';
let cms: TestCms;
let fixture: Fixture;
let ana: TestViewer;
let ben: TestViewer;
const courses: Record<'open' | 'unlisted' | 'private' | 'draft' | 'plain', string> = {
  open: '',
  unlisted: '',
  private: '',
  draft: '',
  plain: '',
};

beforeAll(async () => {
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await settleTranscoding(cms.strapi);
  const { alicePublic, aliceUnlisted } = fixture.videos;
  const make = async (
    slug: string,
    visibility: 'public' | 'unlisted' | 'private',
    isCourse: boolean,
    status: 'published' | 'draft' = 'published',
  ) =>
    (
      await cms.strapi.documents(PLAYLIST).create({
        data: {
          title: `Course ${slug}`,
          slug,
          visibility,
          isCourse,
          creator: fixture.creators.alice.documentId,
          videos: [alicePublic.documentId, aliceUnlisted.documentId],
          sections: [
            { title: 'Basics', fromLesson: 1 },
            { title: 'Going further', fromLesson: 2 },
          ],
        } as never,
        status,
      })
    ).documentId;
  courses.open = await make('open-course', 'public', true);
  courses.unlisted = await make('unlisted-course', 'unlisted', true);
  courses.private = await make('private-course', 'private', true);
  courses.draft = await make('draft-course', 'public', true, 'draft');
  courses.plain = await make('plain-list', 'public', false);
  ana = await createViewer(cms, 'ana');
  ben = await createViewer(cms, 'ben');
}, 180_000);
afterAll(async () => {
  await cms?.stop();
});

const api = () => request(cms.server);
const enrol = (viewer: TestViewer | undefined, course: string) =>
  viewer ? api().put(`/api/library/courses/${course}`).set(viewer.auth) : api().put(`/api/library/courses/${course}`);
const list = (viewer: TestViewer) => api().get('/api/library/courses').set(viewer.auth);

test('the public API shows whether a playlist is a course, and its sections', async () => {
  const response = await api()
    .get('/api/playlists')
    .query({ filters: { slug: { $eq: 'open-course' } }, populate: { sections: true } })
    .expect(200);
  const [course] = response.body.data as Array<{ isCourse: boolean; sections: Array<{ title: string }> }>;
  expect(course!.isCourse).toBe(true);
  expect(course!.sections.map((section) => section.title)).toEqual(['Basics', 'Going further']);
});

test('a viewer follows an open course (public or unlisted); anything else is 404, anonymous is 401', async () => {
  await enrol(ana, courses.open).expect(204);
  await enrol(ana, courses.unlisted).expect(204);
  for (const closed of [courses.private, courses.draft, courses.plain, 'abcdefghij0123456789abcd']) {
    const response = await enrol(ana, closed);
    expect({ closed, status: response.status }).toEqual({ closed, status: 404 });
  }
  expect((await enrol(undefined, courses.open)).status).toBe(401);
  expect((await api().get('/api/library/courses')).status).toBe(401);
  expect((await api().get('/api/library/progress').query({ videos: 'abcdefghij0123456789abcd' })).status).toBe(401);
  expect((await enrol(ana, 'NOT-AN-ID')).status).toBe(400);

  const mine = (await list(ana).expect(200)).body.data as Array<{
    course: string;
    startedAt: string;
    visitedAt: string;
  }>;
  expect(mine.map((entry) => entry.course).sort()).toEqual([courses.open, courses.unlisted].sort());
  // a second visit moves the course up and keeps when it was started; still one row
  const before = mine.find((entry) => entry.course === courses.open)!;
  await new Promise((resolve) => setTimeout(resolve, 20));
  await enrol(ana, courses.open).expect(204);
  const after = (await list(ana).expect(200)).body.data as typeof mine;
  expect(after).toHaveLength(2);
  expect(after[0]).toMatchObject({ course: courses.open, startedAt: before.startedAt });
  expect(Date.parse(after[0]!.visitedAt)).toBeGreaterThan(Date.parse(before.visitedAt));
  // nobody else's
  expect((await list(ben).expect(200)).body.data).toEqual([]);
});

test('progress is the viewer’s own rows only, for the lessons asked for', async () => {
  const video = fixture.videos.alicePublic.documentId;
  await api().put(`/api/library/history/${video}`).set(ana.auth).send({ position: 42, duration: 100 }).expect(204);
  const anas = await api()
    .get('/api/library/progress')
    .set(ana.auth)
    .query({ videos: `${video},${courses.open}` });
  expect(anas.status).toBe(200);
  expect(anas.body.data).toEqual({
    [video]: { position: 42, duration: 100, completed: false, watchedAt: expect.any(String) },
  });
  const bens = await api().get('/api/library/progress').set(ben.auth).query({ videos: video }).expect(200);
  expect(bens.body.data).toEqual({});
  for (const videos of [
    '',
    'x,y',
    Array.from({ length: 501 }, (_, i) => `abcdefghij${String(i).padStart(10, '0')}`).join(','),
  ]) {
    const response = await api().get('/api/library/progress').set(ana.auth).query({ videos });
    expect(response.status).toBe(400);
  }
});

test('leaving a course, deleting it, and deleting the account each end the following', async () => {
  await enrol(ben, courses.open).expect(204);
  await enrol(ben, courses.unlisted).expect(204);
  await api().delete(`/api/library/courses/${courses.unlisted}`).set(ben.auth).expect(204);
  expect(((await list(ben)).body.data as Array<{ course: string }>).map((entry) => entry.course)).toEqual([
    courses.open,
  ]);

  await cms.strapi.documents(PLAYLIST).delete({ documentId: courses.open } as never);
  expect((await list(ben)).body.data).toEqual([]);
  expect(await cms.strapi.db.query('plugin::library.enrolment').count({ where: { course: courses.open } })).toBe(0);

  await cms.strapi.db.query('plugin::users-permissions.user').delete({ where: { id: ana.id } });
  expect(await cms.strapi.db.query('plugin::library.enrolment').count({ where: { viewer: ana.id } })).toBe(0);
});

test('enrolments are reached through /api/library only: no GraphQL type, no content-manager road', async () => {
  const response = await api()
    .post('/graphql')
    .send({ query: '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }' })
    .expect(200);
  const names = [
    ...response.body.data.__schema.queryType.fields,
    ...(response.body.data.__schema.mutationType?.fields ?? []),
  ].map((field: { name: string }) => field.name);
  expect(names.filter((name) => /enrolment/i.test(name))).toEqual([]);
  expect((await api().get('/api/enrolments')).status).toBe(404);
});
