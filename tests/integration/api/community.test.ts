/**
 * Follows, comments, ratings and notifications through the real API, as the site calls it: what a viewer may do,
 * what another viewer may not, what a moderator sees first, and counters that stay right under concurrent writes.
 */
import request from 'supertest';
import { createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';
import { createViewer, type TestViewer } from '../setup/viewers';
import { startMailCatcher, type MailCatcher } from '../../support/mail-catcher';

let cms: TestCms;
let fixture: Fixture;
let ana: TestViewer;
let ben: TestViewer;
let mail: MailCatcher;

beforeAll(async () => {
  mail = await startMailCatcher();
  Object.assign(process.env, mail.env, {
    SITE_URL: 'https://videos.example.test',
    PUBLIC_CMS_URL: 'https://api.example.test',
    VIDEO_REPORTS_TO_HOLD: '3',
  });
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await settleSideEffects(cms.strapi);
  ana = await createViewer(cms, 'ana');
  ben = await createViewer(cms, 'ben');
});
afterAll(async () => {
  for (const key of [...Object.keys(mail?.env ?? {}), 'SITE_URL', 'PUBLIC_CMS_URL', 'VIDEO_REPORTS_TO_HOLD'])
    delete process.env[key];
  await cms?.stop();
  await mail?.stop();
});

const api = () => request(cms.server);
const videoRow = (documentId: string) =>
  cms.strapi.db
    .query('api::video.video')
    .findOne({ where: { documentId, publishedAt: { $notNull: true } } }) as Promise<{
    commentCount: number;
    ratingCount: number;
    ratingAverage: number | string;
  }>;

describe('follows', () => {
  test('follow and unfollow a creator, idempotently, with the follower count', async () => {
    expect((await api().get('/api/community/creators/alice/follow')).body).toEqual({
      creator: 'alice',
      followers: 0,
      following: false,
    });
    expect((await api().put('/api/community/creators/alice/follow')).status).toBe(401);
    for (let i = 0; i < 2; i += 1) {
      const followed = await api().put('/api/community/creators/alice/follow').set(ana.auth);
      expect(followed.body).toEqual({ creator: 'alice', followers: 1, following: true });
    }
    expect((await api().get('/api/community/creators/alice/follow').set(ana.auth)).body.following).toBe(true);
    expect((await api().get('/api/community/creators/alice/follow').set(ben.auth)).body).toEqual({
      creator: 'alice',
      followers: 1,
      following: false,
    });
    expect((await api().get('/api/community/following').set(ana.auth)).body.data).toEqual([
      expect.objectContaining({ handle: 'alice', displayName: 'Alice Archer' }),
    ]);
    expect((await api().put('/api/community/creators/nobody-here/follow').set(ana.auth)).status).toBe(404);
    expect((await api().put('/api/community/creators/<script>/follow').set(ana.auth)).status).toBe(400);
  });

  test('the Following feed lists public videos of followed creators; a new one notifies followers once', async () => {
    const feed = await api().get('/api/community/feed').set(ana.auth);
    expect(feed.body.data.map((card: { slug: string }) => card.slug)).toEqual(['alice-public']);
    const created = await cms.strapi.documents('api::video.video').create({
      data: {
        title: 'Fresh from Alice',
        slug: 'fresh-from-alice',
        processingStatus: 'ready',
        visibility: 'public',
        moderationState: 'approved',
        creator: fixture.creators.alice.documentId,
      } as never,
    });
    await cms.strapi.documents('api::video.video').publish({ documentId: created.documentId });
    await cms.strapi.documents('api::video.video').publish({ documentId: created.documentId });
    await settleSideEffects(cms.strapi);
    const notifications = await api().get('/api/community/notifications').set(ana.auth);
    expect(notifications.body.meta.unread).toBe(1);
    expect(notifications.body.data).toEqual([
      expect.objectContaining({
        kind: 'new-video',
        video: created.documentId,
        text: 'Alice Archer published “Fresh from Alice”',
        read: false,
      }),
    ]);
    expect((await api().get('/api/community/notifications/unread').set(ben.auth)).body).toEqual({ unread: 0 });
    // ben cannot mark ana's notifications read
    await api()
      .post('/api/community/notifications/read')
      .set(ben.auth)
      .send({ ids: [notifications.body.data[0].id] });
    expect((await api().get('/api/community/notifications/unread').set(ana.auth)).body).toEqual({ unread: 1 });
    expect((await api().post('/api/community/notifications/read').set(ana.auth).send({})).body).toEqual({ unread: 0 });
  });

  test('a follower who asked for mails gets one, with a one-click unsubscribe that works', async () => {
    const carmen = await createViewer(cms, 'carmen');
    await api().put('/api/community/creators/bob/follow').set(carmen.auth);
    await api()
      .patch('/api/accounts/profile')
      .set(carmen.auth)
      .send({ notifications: { newVideoEmail: true } });
    const created = await cms.strapi.documents('api::video.video').create({
      data: {
        title: 'Bob is back',
        slug: 'bob-is-back',
        processingStatus: 'ready',
        visibility: 'public',
        moderationState: 'approved',
        creator: fixture.creators.bob.documentId,
      } as never,
      status: 'published',
    });
    const message = await mail.waitFor('carmen@viewers.test', /Bob is back/);
    // the link says the view came from a notification mail (creator analytics' traffic sources)
    expect(message.links).toContain('https://videos.example.test/watch/bob-is-back?src=mail');
    const header = message.headers['list-unsubscribe'];
    expect(message.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const url = new URL(/<([^>]+)>/.exec(header)![1]!);
    expect(url.origin).toBe('https://api.example.test');
    // what a mail client does on one click: POST the URL with the form body of RFC 8058
    const unsubscribed = await api()
      .post(`${url.pathname}${url.search}`)
      .type('form')
      .send('List-Unsubscribe=One-Click');
    expect(unsubscribed.body).toEqual({ unsubscribed: 'new-video' });
    expect((await api().get('/api/accounts/profile').set(carmen.auth)).body.notifications.newVideoEmail).toBe(false);
    expect((await api().post('/api/accounts/unsubscribe?token=nope&kind=reply')).status).toBe(400);
    expect(created.documentId).toBeDefined();
  });

  test('unfollow', async () => {
    expect((await api().delete('/api/community/creators/alice/follow').set(ana.auth)).body).toEqual({
      creator: 'alice',
      followers: 0,
      following: false,
    });
    expect((await api().get('/api/community/feed').set(ana.auth)).body.data).toEqual([]);
  });
});

describe('comments', () => {
  const video = () => fixture.videos.alicePublic.documentId;
  const comments = (viewer?: TestViewer) => {
    const call = api().get(`/api/community/videos/${video()}/comments`);
    return viewer ? call.set(viewer.auth) : call;
  };

  test('comment and reply; the author is told; the count follows; text is stored as typed', async () => {
    const xss = '<img src=x onerror=alert(1)> hello <script>alert(2)</script>';
    const top = await api().post(`/api/community/videos/${video()}/comments`).set(ana.auth).send({ body: xss });
    expect(top.status).toBe(201);
    expect(top.body.data).toMatchObject({
      body: xss,
      state: 'visible',
      author: { name: 'ana', mine: true },
      replyTo: null,
    });
    const reply = await api()
      .post(`/api/community/videos/${video()}/comments`)
      .set(ben.auth)
      .send({ body: 'Thanks for this!', replyTo: top.body.data.id });
    expect(reply.status).toBe(201);
    const replyToReply = await api()
      .post(`/api/community/videos/${video()}/comments`)
      .set(ana.auth)
      .send({ body: 'You are welcome', replyTo: reply.body.data.id });
    expect(replyToReply.body.data.replyTo).toEqual({ id: reply.body.data.id, name: 'ben' });

    const listed = await comments();
    expect(listed.body.meta).toMatchObject({ page: 1, total: 1 });
    expect(listed.body.data[0]).toMatchObject({ body: xss, author: { name: 'ana', mine: false }, editableUntil: null });
    expect(listed.body.data[0].replies.map((r: { body: string }) => r.body)).toEqual([
      'Thanks for this!',
      'You are welcome',
    ]);
    expect((await videoRow(video())).commentCount).toBe(3);
    const notified = await api().get('/api/community/notifications').set(ana.auth);
    expect(notified.body.data[0]).toMatchObject({
      kind: 'reply',
      text: 'ben replied to your comment on “Video alice-public”',
    });
  });

  test('bad input is refused with a reason and nothing is stored', async () => {
    const post = (body: unknown) =>
      api()
        .post(`/api/community/videos/${video()}/comments`)
        .set(ana.auth)
        .send(body as object);
    expect((await post({ body: '   ' })).body.error.message).toMatch(/empty/);
    expect((await post({ body: 'x'.repeat(2001) })).body.error.message).toMatch(/at most 2000/);
    expect((await post({ body: 'hi', author: 99 })).body.error.message).toMatch(/Unexpected field/);
    expect((await post({ body: 'hi', replyTo: 999999 })).status).toBe(404);
    expect(
      (
        await api()
          .post(`/api/community/videos/${fixture.videos.alicePrivate.documentId}/comments`)
          .set(ana.auth)
          .send({ body: 'hi' })
      ).status,
    ).toBe(404);
    expect((await api().post(`/api/community/videos/${video()}/comments`).send({ body: 'hi' })).status).toBe(401);
    expect((await videoRow(video())).commentCount).toBe(3);
  });

  test('only the author edits (within 15 minutes) or deletes; a deleted head keeps its thread', async () => {
    const mine = (await comments(ana)).body.data[0];
    expect(mine.editableUntil).toEqual(expect.any(String));
    expect(
      (await api().patch(`/api/community/comments/${mine.id}`).set(ben.auth).send({ body: 'hijacked' })).status,
    ).toBe(403);
    expect((await api().delete(`/api/community/comments/${mine.id}`).set(ben.auth)).status).toBe(403);
    const edited = await api().patch(`/api/community/comments/${mine.id}`).set(ana.auth).send({ body: 'Edited text' });
    expect(edited.body.data).toMatchObject({ body: 'Edited text', editedAt: expect.any(String) });

    await cms.strapi.db
      .query('plugin::community.comment')
      .update({ where: { id: mine.id }, data: { createdAt: new Date(Date.now() - 16 * 60_000) } });
    const late = await api().patch(`/api/community/comments/${mine.id}`).set(ana.auth).send({ body: 'Too late' });
    expect(late.status).toBe(403);
    expect(late.body.error.message).toMatch(/15 minutes/);

    expect((await api().delete(`/api/community/comments/${mine.id}`).set(ana.auth)).status).toBe(204);
    const after = (await comments()).body.data[0];
    expect(after).toMatchObject({ state: 'deleted', body: null });
    expect(after.replies).toHaveLength(2);
    expect((await videoRow(video())).commentCount).toBe(2);
  });

  test('a link from a new account and a blocked word are held for review, visible to their author only', async () => {
    const newcomer = await createViewer(cms, 'newcomer', { createdDaysAgo: 0 });
    const link = await api()
      .post(`/api/community/videos/${video()}/comments`)
      .set(newcomer.auth)
      .send({ body: 'great deals at cheap-stuff.xyz/now' });
    expect(link.body.data.state).toBe('held');
    const word = await api()
      .post(`/api/community/videos/${video()}/comments`)
      .set(ben.auth)
      .send({ body: 'Get FREE CRYPTO here' });
    expect(word.body.data.state).toBe('held');
    const oldLink = await api()
      .post(`/api/community/videos/${video()}/comments`)
      .set(ben.auth)
      .send({ body: 'The paper: https://arxiv.org/abs/1234' });
    expect(oldLink.body.data.state).toBe('visible');
    const bodies = (viewer?: TestViewer) =>
      comments(viewer).then((response) => response.body.data.map((c: { body: string }) => c.body));
    expect(await bodies()).not.toContain('great deals at cheap-stuff.xyz/now');
    expect(await bodies(newcomer)).toContain('great deals at cheap-stuff.xyz/now');
    expect(await bodies(ana)).not.toContain('Get FREE CRYPTO here');
  });

  test('three reports hold a comment; one viewer counts once; nobody reports their own', async () => {
    const target = await api()
      .post(`/api/community/videos/${video()}/comments`)
      .set(ben.auth)
      .send({ body: 'Controversial take' });
    const id = target.body.data.id as number;
    expect(
      (await api().post(`/api/community/comments/${id}/report`).set(ben.auth).send({ reason: 'spam' })).status,
    ).toBe(400);
    expect(
      (await api().post(`/api/community/comments/${id}/report`).set(ana.auth).send({ reason: 'nonsense' })).status,
    ).toBe(400);
    for (let i = 0; i < 2; i += 1)
      expect(
        (await api().post(`/api/community/comments/${id}/report`).set(ana.auth).send({ reason: 'spam' })).body,
      ).toEqual({ reported: true });
    const third = await createViewer(cms, 'carla');
    const fourth = await createViewer(cms, 'dmitri');
    await api().post(`/api/community/comments/${id}/report`).set(third.auth).send({ reason: 'harassment' });
    expect((await cms.strapi.db.query('plugin::community.comment').findOne({ where: { id } })).state).toBe('visible');
    await api().post(`/api/community/comments/${id}/report`).set(fourth.auth).send({ reason: 'other', note: 'rude' });
    expect((await cms.strapi.db.query('plugin::community.comment').findOne({ where: { id } })).state).toBe('held');
  });

  test('a comment held by reports stays held when its author edits it; an edit lifts only a hold for its text', async () => {
    const row = (id: number) =>
      cms.strapi.db.query('plugin::community.comment').findOne({ where: { id } }) as Promise<{
        state: string;
        heldReason: string | null;
        body: string;
      }>;
    const edit = (id: number, body: string) =>
      api().patch(`/api/community/comments/${id}`).set(ben.auth).send({ body });
    const reported = (
      await api().post(`/api/community/videos/${video()}/comments`).set(ben.auth).send({ body: 'Reported take' })
    ).body.data.id as number;
    for (const name of ['erin', 'farid', 'gwen']) {
      const reporter = await createViewer(cms, name);
      expect(
        (
          await api()
            .post(`/api/community/comments/${reported}/report`)
            .set(reporter.auth)
            .send({ reason: 'harassment' })
        ).status,
      ).toBe(200);
    }
    expect(await row(reported)).toMatchObject({ state: 'held', heldReason: 'reported' });

    // a harmless new text does not answer the reports: still held, and still only its author sees it
    const cleaned = await edit(reported, 'A perfectly polite take');
    expect(cleaned.status).toBe(200);
    expect(cleaned.body.data).toMatchObject({ body: 'A perfectly polite take', state: 'held' });
    expect(await row(reported)).toMatchObject({ state: 'held', heldReason: 'reported' });
    // a blocked word on top keeps the report as the reason a moderator sees
    await edit(reported, 'Get FREE CRYPTO here');
    await edit(reported, 'Polite again');
    expect(await row(reported)).toMatchObject({ state: 'held', heldReason: 'reported', body: 'Polite again' });
    const publicBodies = (await comments()).body.data.map((comment: { body: string }) => comment.body);
    expect(publicBodies).not.toContain('Polite again');

    // a hold for the text itself is checked again on each edit, and lifted when the text is fine
    const worded = (
      await api().post(`/api/community/videos/${video()}/comments`).set(ben.auth).send({ body: 'Get FREE CRYPTO now' })
    ).body.data.id as number;
    expect(await row(worded)).toMatchObject({ state: 'held', heldReason: 'blocked-word' });
    expect((await edit(worded, 'Never mind, a fair point')).body.data.state).toBe('visible');
    expect(await row(worded)).toMatchObject({ state: 'visible', heldReason: null });

    // a moderator's own hold waits for a moderator too
    await cms.strapi.db
      .query('plugin::community.comment')
      .update({ where: { id: worded }, data: { state: 'held', heldReason: 'moderator' } });
    expect((await edit(worded, 'Still a fair point')).body.data.state).toBe('held');
    expect(await row(worded)).toMatchObject({ state: 'held', heldReason: 'moderator' });
  });
});

describe('video reports', () => {
  const VIDEO_REPORT = 'plugin::community.video-report';

  test('a confirmed viewer reports a watchable video once, with a reason; three viewers’ reports hold it for review', async () => {
    const video = await cms.strapi.documents('api::video.video').create({
      data: {
        title: 'Reported lesson',
        slug: 'reported-lesson',
        visibility: 'public',
        moderationState: 'approved',
        processingStatus: 'ready',
        creator: fixture.creators.alice.documentId,
      } as never,
      status: 'published',
    });
    await settleSideEffects(cms.strapi);
    const id = video.documentId;
    const report = (viewer: TestViewer, body: object) =>
      api().post(`/api/community/videos/${id}/report`).set(viewer.auth).send(body);
    const listed = async () =>
      (await api().get('/api/videos').query({ 'filters[slug][$eq]': 'reported-lesson' })).body.data.length;

    expect((await api().post(`/api/community/videos/${id}/report`).send({ reason: 'spam' })).status).toBe(401);
    const unknownReason = await report(ana, { reason: 'boring' });
    expect(unknownReason.status).toBe(400);
    expect(unknownReason.body.error.message).toBe('Choose why you report this video.');
    expect((await report(ana, { reason: 'spam', note: 'x'.repeat(501) })).body.error.message).toBe(
      'The note is too long: at most 500 characters.',
    );
    expect((await report(ana, { reason: 'spam', reporter: ben.id })).status).toBe(400);
    // only what viewers can watch can be reported: a private video answers as if it did not exist
    const privateVideo = fixture.videos.alicePrivate.documentId;
    expect(
      (await api().post(`/api/community/videos/${privateVideo}/report`).set(ana.auth).send({ reason: 'spam' })).status,
    ).toBe(404);
    // an account whose email is not confirmed (any more) cannot report
    const unconfirmed = await createViewer(cms, 'unconfirmed-reporter');
    await cms.strapi.db
      .query('plugin::users-permissions.user')
      .update({ where: { id: unconfirmed.id }, data: { confirmed: false } });
    const refused = await report(unconfirmed, { reason: 'spam' });
    expect([401, 403]).toContain(refused.status);
    expect(await cms.strapi.db.query(VIDEO_REPORT).count({ where: { video: id } })).toBe(0);

    // once per viewer: a second report changes nothing
    expect((await report(ana, { reason: 'copyright', note: '  My own song, used without asking.  ' })).body).toEqual({
      reported: true,
    });
    expect((await report(ana, { reason: 'spam' })).body).toEqual({ reported: false });
    expect(await cms.strapi.db.query(VIDEO_REPORT).findMany({ where: { video: id } })).toEqual([
      expect.objectContaining({
        reporter: ana.id,
        reason: 'copyright',
        note: 'My own song, used without asking.',
        videoTitle: 'Reported lesson',
      }),
    ]);
    await report(ben, { reason: 'misleading' });
    expect(await listed()).toBe(1);
    expect(JSON.stringify((await api().get('/api/search').query({ q: 'Reported lesson' })).body.data)).toContain(id);

    // the third viewer's report holds it: out of the catalog and its watch page at once, a note for moderators
    const third = await createViewer(cms, 'third-reporter');
    expect((await report(third, { reason: 'copyright' })).body).toEqual({ reported: true });
    const rows = (await cms.strapi.db
      .query('api::video.video')
      .findMany({ where: { documentId: id }, select: ['moderationState', 'moderationNote'] })) as Array<{
      moderationState: string;
      moderationNote: string;
    }>;
    expect(rows.map((row) => row.moderationState)).toEqual(['pending', 'pending']);
    expect(rows[0]!.moderationNote).toMatch(/reported by 3 viewers \(copyright ×2, misleading ×1\)\.$/);
    expect(await listed()).toBe(0);
    expect((await api().get(`/api/videos/${id}`)).status).toBe(404);
    await settleSideEffects(cms.strapi);
    const search = await api().get('/api/search').query({ q: 'Reported lesson' });
    expect(search.status).toBe(200);
    expect(JSON.stringify(search.body.data)).not.toContain(id);
    // a held video cannot be reported any more (nobody but staff can reach it)
    const fourth = await createViewer(cms, 'fourth-reporter');
    expect((await report(fourth, { reason: 'spam' })).status).toBe(404);
  });
});

describe('ratings', () => {
  const video = () => fixture.videos.bobPublic.documentId;

  test('rate, review, change it; one per viewer; average and count exact under concurrent ratings', async () => {
    const first = await api()
      .put(`/api/community/videos/${video()}/rating`)
      .set(ana.auth)
      .send({ stars: 4, review: '<b>Good</b> video' });
    expect(first.body).toMatchObject({
      rating: { stars: 4, review: '<b>Good</b> video', author: { mine: true } },
      summary: { count: 1, average: 4 },
    });
    const changed = await api()
      .put(`/api/community/videos/${video()}/rating`)
      .set(ana.auth)
      .send({ stars: 2, review: null });
    expect(changed.body.summary).toMatchObject({ count: 1, average: 2 });
    expect(
      (await api().put(`/api/community/videos/${video()}/rating`).set(ana.auth).send({ stars: 6 })).body.error.message,
    ).toMatch(/1 to 5/);
    expect((await api().put(`/api/community/videos/${video()}/rating`).set(ana.auth).send({ stars: 2.5 })).status).toBe(
      400,
    );

    const raters = await Promise.all(Array.from({ length: 12 }, (_, i) => createViewer(cms, `rater${i}`)));
    const stars = raters.map((_, i) => (i % 5) + 1);
    // every rater twice at once: racing inserts of one viewer stay one rating
    await Promise.all(
      raters.flatMap((rater, i) =>
        [0, 1].map(() =>
          api()
            .put(`/api/community/videos/${video()}/rating`)
            .set(rater.auth)
            .send({ stars: stars[i], review: `review ${i}` }),
        ),
      ),
    );
    const all = [2, ...stars];
    const expected = Math.round((all.reduce((a, b) => a + b, 0) / all.length) * 100) / 100;
    const row = await videoRow(video());
    expect(row.ratingCount).toBe(13);
    expect(Number(row.ratingAverage)).toBeCloseTo(expected, 2);
    const listed = await api().get(`/api/community/videos/${video()}/ratings`).set(ana.auth);
    expect(listed.body.meta).toMatchObject({ total: 12, summary: { count: 13, average: expected } });
    expect(listed.body.mine).toMatchObject({ stars: 2, review: null });

    expect((await api().delete(`/api/community/videos/${video()}/rating`).set(ana.auth)).body.summary.count).toBe(12);
    expect((await videoRow(video())).ratingCount).toBe(12);
  });
});
