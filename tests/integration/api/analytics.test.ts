/**
 * Creator analytics through the real API: the player's beacons as the site forwards them (context, privacy, bots,
 * retries, bad input, videos nobody may watch), the rollup (exact numbers, idempotent), and the admin reports, which a
 * creator reads for their own channel only, through every route and export, while staff read every channel.
 */
import request from 'supertest';
import { adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';
import { createViewer, type TestViewer } from '../setup/viewers';

const EVENT = 'plugin::analytics.event';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_PHONE = 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

let cms: TestCms;
let fixture: Fixture;
let lesson: { documentId: string };
let tokens: Record<'alice' | 'bob' | 'moderator', string>;

beforeAll(async () => {
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  lesson = await cms.strapi.documents('api::video.video').create({
    data: {
      title: '=HYPERLINK("http://evil.test","Retention lesson")',
      slug: 'retention-lesson',
      processingStatus: 'ready',
      visibility: 'public',
      moderationState: 'approved',
      duration: 100,
      creator: fixture.creators.alice.documentId,
    } as never,
    status: 'published',
  });
  await settleSideEffects(cms.strapi);
  tokens = {
    alice: await adminToken(cms, 'alice@fixture.test'),
    bob: await adminToken(cms, 'bob@fixture.test'),
    moderator: await adminToken(cms, 'mod@fixture.test'),
  };
});
afterAll(async () => {
  await cms?.stop();
});

const api = () => request(cms.server);
let sessions = 0;
const newSession = () => `session-${String((sessions += 1)).padStart(4, '0')}-abcdefgh`;

interface Viewer {
  address: string;
  userAgent: string;
  headers?: Record<string, string>;
}
const viewerA: Viewer = { address: '8.8.8.8', userAgent: CHROME };
const viewerB: Viewer = { address: '81.2.69.142', userAgent: FIREFOX_PHONE };

function beacon(viewer: Viewer, body: object) {
  return api()
    .post('/api/analytics/events')
    .set('X-Forwarded-For', viewer.address)
    .set('User-Agent', viewer.userAgent)
    .set(viewer.headers ?? {})
    .send(body);
}

/** A session that starts, plays `ranges` (seconds) in heartbeats, and ends. */
function playback(video: string, ranges: Array<[number, number]>, extra: object = {}) {
  const session = newSession();
  const events = [
    { type: 'start', seq: 0, t: 0, at: ranges[0]![0], startupMs: 420 },
    ...ranges.map((range, i) => ({ type: 'heartbeat', seq: i + 1, t: 1000 * (i + 1), ranges: [range] })),
    { type: 'end', seq: ranges.length + 1, t: 1000 * (ranges.length + 1), at: ranges.at(-1)![1] },
  ];
  return { session, body: { video, session, duration: 100, events, ...extra } };
}

const storedEvents = () => cms.strapi.db.query(EVENT).count({}) as Promise<number>;

describe('the beacon', () => {
  test('stores a session’s events with its context, never the address, and a retried beacon once', async () => {
    const before = await storedEvents();
    const { body, session } = playback(lesson.documentId, [[0, 10]], { src: 'related' });
    const first = await beacon(viewerA, body);
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect(await storedEvents()).toBe(before + 3);
    expect((await beacon(viewerA, body)).status).toBe(204);
    expect(await storedEvents()).toBe(before + 3);

    const rows = (await cms.strapi.db
      .connection(cms.strapi.db.metadata.get(EVENT).tableName)
      .where({ session })) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      video: lesson.documentId,
      creator: fixture.creators.alice.documentId,
      source: 'related',
      country: 'US',
      browser: 'Chrome',
      os: 'Linux',
      device_class: 'desktop',
    });
    expect(String(rows[0]!.viewer_key)).toMatch(/^[0-9a-f]{64}$/);
    // the address is hashed into the key and read for the country, and stored nowhere
    expect(JSON.stringify(rows)).not.toContain('8.8.8.8');
  });

  test('under Do-Not-Track or Global Privacy Control keeps no key, country or device', async () => {
    for (const header of [{ DNT: '1' }, { 'Sec-GPC': '1' }] as Array<Record<string, string>>) {
      const { body, session } = playback(lesson.documentId, [[0, 3]]);
      expect((await beacon({ ...viewerA, headers: header }, body)).status).toBe(204);
      const row = (await cms.strapi.db
        .connection(cms.strapi.db.metadata.get(EVENT).tableName)
        .where({ session })
        .first()) as Record<string, unknown>;
      expect(row).toMatchObject({ viewer_key: null, country: null, browser: null, os: null, device_class: null });
    }
  });

  test('answers a bot like anyone and keeps nothing', async () => {
    const before = await storedEvents();
    const response = await beacon(
      { address: '8.8.4.4', userAgent: GOOGLEBOT },
      playback(lesson.documentId, [[0, 9]]).body,
    );
    expect(response.status).toBe(204);
    expect(await storedEvents()).toBe(before);
  });

  test('refuses bad input with a reason, and keeps nothing of it', async () => {
    const before = await storedEvents();
    const good = playback(lesson.documentId, [[0, 9]]).body;
    const cases: Array<[object, RegExp]> = [
      [{ ...good, events: [{ type: 'heartbeat', seq: 1, t: 0, ranges: [[20, 10]] }] }, /must not end before it starts/],
      [{ ...good, events: [{ type: 'heartbeat', seq: 1, t: 0, ranges: [[0, 500]] }] }, /past the end of the video/],
      [{ ...good, session: 'short' }, /session/],
      [{ ...good, events: [...good.events, good.events[0]] }, /seq is repeated/],
      [{ ...good, duration: -1 }, /duration/],
      [{ ...good, extra: true }, /unknown field/],
    ];
    for (const [body, message] of cases) {
      const response = await beacon(viewerA, body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
    }
    expect(await storedEvents()).toBe(before);
  });

  test('counts only videos anyone with the link may watch', async () => {
    const before = await storedEvents();
    for (const video of [
      fixture.videos.alicePrivate,
      fixture.videos.bobPending,
      fixture.videos.bobRemoved,
      fixture.videos.bobDraft,
      { documentId: 'nosuchvideo0000000000000' },
    ]) {
      const response = await beacon(viewerA, playback(video.documentId, [[0, 9]]).body);
      expect(response.status).toBe(404);
    }
    expect(await storedEvents()).toBe(before);
    // unlisted: watchable by link, so counted
    expect((await beacon(viewerA, playback(fixture.videos.aliceUnlisted.documentId, [[0, 9]]).body)).status).toBe(204);
  });

  test('is not reachable through GraphQL', async () => {
    const response = await api().post('/graphql').send({ query: '{ events { documentId session viewerKey } }' });
    expect(JSON.stringify(response.body)).not.toContain('viewerKey":"');
    expect(response.body.errors?.[0]?.message ?? '').toMatch(/Cannot query field/);
  });
});

describe('the rollup and the reports', () => {
  let overview: Record<string, unknown>;

  beforeAll(async () => {
    // start afresh: the beacons above are not part of the numbers checked here
    await cms.strapi.db.connection(cms.strapi.db.metadata.get(EVENT).tableName).delete();
    // A: 0–60 from a related link, and 0–10 again in a second tab; B: 0–20, seeks, 50–100 from search
    await beacon(
      viewerA,
      playback(
        lesson.documentId,
        [
          [0, 30],
          [30, 60],
        ],
        { src: 'related' },
      ).body,
    ).expect(204);
    await beacon(viewerA, playback(lesson.documentId, [[0, 10]], { src: 'related' }).body).expect(204);
    await beacon(
      viewerB,
      playback(
        lesson.documentId,
        [
          [0, 20],
          [50, 100],
        ],
        { src: 'search' },
      ).body,
    ).expect(204);
    // too short to be a view: a session, not a play
    await beacon(
      viewerB,
      playback(lesson.documentId, [[0, 3]], { referrer: 'https://www.example.org/post' }).body,
    ).expect(204);
    // bob's video, watched once
    await beacon(viewerA, playback(fixture.videos.bobPublic.documentId, [[0, 40]]).body).expect(204);
    await cms.strapi.plugin('analytics').service('rollup').run();
  });

  const get = (who: keyof typeof tokens, path: string) =>
    api().get(`/analytics${path}`).set('Authorization', `Bearer ${tokens[who]}`);

  test('a creator’s overview: views deduplicated per viewer, watch time, sources, top videos', async () => {
    const response = await get('alice', '/overview?days=7');
    expect(response.status).toBe(200);
    overview = response.body;
    expect(response.body.channel).toEqual({ documentId: fixture.creators.alice.documentId, name: 'Alice Archer' });
    expect(response.body.range.days).toBe(7);
    expect(response.body.series).toHaveLength(7);
    // A's two tabs are one viewer: 2 views; watch time counts everything played (60 + 10 + 70 + 3 s)
    expect(response.body.totals).toMatchObject({ views: 2, uniqueViewers: 2, followersGained: 0 });
    expect(response.body.totals.watchHours * 3600).toBeCloseTo(143, 6);
    expect(response.body.sources).toEqual([
      { name: 'related', views: 1, share: 0.5 },
      { name: 'search', views: 1, share: 0.5 },
    ]);
    expect(response.body.countries.map((row: { name: string }) => row.name).sort()).toEqual(['GB', 'US']);
    expect(response.body.devices.map((row: { name: string }) => row.name).sort()).toEqual(['desktop', 'mobile']);
    expect(response.body.topVideos).toEqual([expect.objectContaining({ documentId: lesson.documentId, views: 2 })]);
    expect(response.body.previous.views).toBe(0);
  });

  test('one video: the retention curve, exact, with the steepest drops named', async () => {
    const response = await get('alice', `/videos/${lesson.documentId}?days=28`);
    expect(response.status).toBe(200);
    const { curve, plays, drops } = response.body.retention;
    // plays: A's two tabs and B (the 3 s session is not a play)
    expect(plays).toBe(3);
    const at = (second: number) =>
      curve.find((point: { from: number; to: number }) => point.from <= second && second < point.to).share;
    expect(at(5)).toBeCloseTo(1, 12); // everyone
    expect(at(15)).toBeCloseTo(2 / 3, 12); // A's first tab and B
    expect(at(30)).toBeCloseTo(1 / 3, 12); // A's first tab
    expect(at(55)).toBeCloseTo(2 / 3, 12); // A's first tab and B again
    expect(at(80)).toBeCloseTo(1 / 3, 12); // B
    expect(drops[0]).toMatchObject({ label: '0:10' });
    expect(response.body.quality.overall).toMatchObject({ sessions: 4, errorRate: 0 });
    expect(response.body.sources.map((row: { name: string }) => row.name).sort()).toEqual(['related', 'search']);
  });

  test('a rerun of the rollup changes nothing', async () => {
    await cms.strapi.plugin('analytics').service('rollup').run();
    await cms.strapi.plugin('analytics').service('rollup').run();
    expect((await get('alice', '/overview?days=7')).body).toEqual(overview);
  });

  test('a creator never reads another channel: every route and export answers as if it did not exist', async () => {
    const bobChannel = fixture.creators.bob.documentId;
    const bobVideo = fixture.videos.bobPublic.documentId;
    for (const path of [
      `/overview?channel=${bobChannel}`,
      `/overview?channel=${bobChannel}&format=csv`,
      `/overview/top-videos?channel=${bobChannel}`,
      `/overview/top-videos?channel=${bobChannel}&format=csv&table=sources`,
      `/overview/top-videos?channel=${bobChannel}&format=csv&table=recent-followers`,
      `/overview/top-videos?channel=${bobChannel}&table=recent-followers`,
      `/realtime?channel=${bobChannel}`,
      `/videos/${bobVideo}`,
      `/videos/${bobVideo}?format=csv&table=retention`,
      `/videos/${bobVideo}?format=csv&table=quality`,
    ]) {
      const response = await get('alice', path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.text).not.toContain('Bob');
    }
    // and her own numbers never include bob's
    const realtime = await get('alice', '/realtime');
    expect(realtime.body.views).toBe(2);
    expect(realtime.body.hours).toHaveLength(48);
    const bob = await get('bob', '/overview?days=7');
    expect(bob.body.totals.views).toBe(1);
    expect(bob.body.topVideos.map((row: { documentId: string }) => row.documentId)).toEqual([bobVideo]);
  });

  test('staff see the platform and any channel', async () => {
    const scope = await get('moderator', '/scope');
    expect(scope.body.all).toBe(true);
    expect(scope.body.channels.map((row: { name: string }) => row.name)).toEqual(['Alice Archer', 'Bob Baker']);
    const platform = await get('moderator', '/overview?days=7');
    expect(platform.body.totals.views).toBe(3);
    const alice = await get('moderator', `/overview?days=7&channel=${fixture.creators.alice.documentId}`);
    expect(alice.body.totals.views).toBe(2);
    expect((await get('moderator', `/videos/${fixture.videos.bobPublic.documentId}`)).status).toBe(200);
    const creatorScope = await get('alice', '/scope');
    expect(creatorScope.body).toEqual({ all: false, channel: fixture.creators.alice.documentId, channels: [] });
  });

  test('nobody else gets in: no token, a viewer’s token, a made-up one', async () => {
    const viewer = await createViewer(cms, 'analytics-viewer');
    for (const auth of [{}, viewer.auth, { Authorization: 'Bearer not-a-token' }]) {
      const response = await api().get('/analytics/overview').set(auth);
      expect(response.status).toBe(401);
    }
  });

  test('exports CSV that a spreadsheet cannot run', async () => {
    const response = await get('alice', '/overview/top-videos?days=7&format=csv');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="top-videos-/);
    const [header, row] = response.text.split('\r\n');
    expect(header).toBe('Video,Id,Views,Watch hours,Average view duration (s)');
    expect(row!.startsWith(`"'=HYPERLINK(""http://evil.test"",""Retention lesson"")"`)).toBe(true);
    const days = await get('alice', '/overview?days=7&format=csv');
    expect(days.text.split('\r\n')[0]).toBe(
      'Day,Views,Watch hours,Average view duration (s),Followers gained,Followers lost,Followers',
    );
    expect(days.text.trim().split('\r\n')).toHaveLength(8);
  });

  test('refuses a bad period or table with a reason', async () => {
    for (const [path, message] of [
      ['/overview?days=5', /days must be one of 7, 28, 90, 365/],
      ['/overview?from=2026-01-10&to=2026-01-01', /to must not be before from/],
      ['/overview?from=2026-01-10', /needs both from and to/],
      ['/overview?days=7&format=xml', /format must be json or csv/],
      ['/overview/top-videos?table=secrets', /table must be/],
    ] as const) {
      const response = await get('alice', path);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
    }
  });
});

describe('followers', () => {
  const get = (who: keyof typeof tokens, path: string) =>
    api().get(`/analytics${path}`).set('Authorization', `Bearer ${tokens[who]}`);
  const follow = (viewer: TestViewer, handle: string) =>
    api().put(`/api/community/creators/${handle}/follow`).set(viewer.auth).expect(200);
  const showMe = (viewer: TestViewer, displayName?: string) =>
    api()
      .patch('/api/accounts/profile')
      .set(viewer.auth)
      .send({ privacy: { showInFollowers: true }, ...(displayName ? { displayName } : {}) })
      .expect(200);

  test('the count over time (follows and unfollows) and the recent followers who chose to be shown', async () => {
    const [ana, ben, carl, dan] = await Promise.all(
      ['f-ana', 'f-ben', 'f-carl', 'f-dan'].map((name) => createViewer(cms, name)),
    );
    // ana followed three days ago and never said she may be shown; ben said so, under a display name; carl said
    // so and then unfollowed; dan said so and follows bob only
    await follow(ana!, 'alice');
    await cms.strapi.db
      .query('plugin::community.follow')
      .update({ where: { viewer: ana!.id }, data: { createdAt: new Date(Date.now() - 3 * 86_400_000) } });
    expect((await showMe(ben!, 'Ben the Learner')).body.privacy).toEqual({ showInFollowers: true });
    await follow(ben!, 'alice');
    await showMe(carl!);
    await follow(carl!, 'alice');
    await api().delete('/api/community/creators/alice/follow').set(carl!.auth).expect(200);
    await api().delete('/api/community/creators/alice/follow').set(carl!.auth).expect(200); // twice: counted once
    await showMe(dan!);
    await follow(dan!, 'bob');

    const overview = (await get('alice', '/overview?days=7').expect(200)).body;
    expect(overview.totals).toMatchObject({ followersGained: 3, followersLost: 1 });
    const days = overview.followers as Array<{ day: string; gained: number; lost: number; total: number }>;
    expect(days).toHaveLength(7);
    expect(days.map((row) => row.total)).toEqual([0, 0, 0, 1, 1, 1, 2]);
    expect(days.at(-1)).toMatchObject({ gained: 2, lost: 1, total: 2 });
    expect(days.at(-4)).toMatchObject({ gained: 1, lost: 0, total: 1 });
    expect(overview.recentFollowers).toEqual([{ name: 'Ben the Learner', followedAt: expect.any(String) }]);
    // the same in the exports
    const csv = (await get('alice', '/overview/top-videos?days=7&format=csv&table=recent-followers').expect(200)).text;
    expect(csv).toContain('Ben the Learner');
    expect(csv).not.toMatch(/f-ana|f-carl|f-dan/);
    const daysCsv = (await get('alice', '/overview?days=7&format=csv').expect(200)).text.trim().split('\r\n');
    expect(daysCsv.at(-1)).toMatch(/,2,1,2$/);
    // bob sees dan, by his username (no display name), and only him; the platform view names nobody
    const bob = (await get('bob', '/overview?days=7').expect(200)).body;
    expect(bob.recentFollowers).toEqual([{ name: 'f-dan', followedAt: expect.any(String) }]);
    const platform = (await get('moderator', '/overview?days=7').expect(200)).body;
    expect(platform.recentFollowers).toBeNull();
    expect(platform.totals.followersGained).toBe(4);

    // ben changes his mind: he is still counted, no longer named
    await api()
      .patch('/api/accounts/profile')
      .set(ben!.auth)
      .send({ privacy: { showInFollowers: false } })
      .expect(200);
    const after = (await get('alice', '/overview?days=7').expect(200)).body;
    expect(after.recentFollowers).toEqual([]);
    expect(after.followers.at(-1).total).toBe(2);
  });

  test('the privacy setting refuses anything but a yes or no', async () => {
    const eve = await createViewer(cms, 'f-eve');
    const response = await api()
      .patch('/api/accounts/profile')
      .set(eve.auth)
      .send({ privacy: { showInFollowers: 'yes' } });
    expect(response.status).toBe(400);
    expect((await api().get('/api/accounts/profile').set(eve.auth)).body.privacy).toEqual({ showInFollowers: false });
  });
});
