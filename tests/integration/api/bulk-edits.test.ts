/**
 * The videos list's bulk edit (plugins/publishing, POST /publishing/videos/bulk) through the real CMS, as creators and
 * a moderator use it: a preview writes nothing; applying changes each video the user may edit and names each one it
 * did not change and why (another channel's video, media not ready, a collaborator publishing or scheduling); a
 * playlist must be the user's own; every run is recorded; bad input is refused with the field named.
 */
import request from 'supertest';
import { PASSWORD, adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleSideEffects, startTestCms, type TestCms } from '../setup/strapi';

const VIDEO = 'api::video.video';
const BULK = '/publishing/videos/bulk';

let cms: TestCms;
let fixture: Fixture;
let chemistry: { documentId: string };
const tokens: Record<'alice' | 'bob' | 'moderator', string> = { alice: '', bob: '', moderator: '' };

beforeAll(async () => {
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  chemistry = await cms.strapi.documents('api::tag.tag').create({ data: { name: 'chemistry', slug: 'chemistry' } });
  await settleSideEffects(cms.strapi);
  for (const who of ['alice', 'bob'] as const) tokens[who] = await adminToken(cms, `${who}@fixture.test`);
  tokens.moderator = await adminToken(cms, 'mod@fixture.test');
});
afterAll(async () => {
  await cms?.stop();
});

const bulk = (who: keyof typeof tokens, body: object) =>
  request(cms.server).post(BULK).set('Authorization', `Bearer ${tokens[who]}`).send(body);
const draftOf = (documentId: string) =>
  cms.strapi.documents(VIDEO).findOne({
    documentId,
    status: 'draft',
    populate: { category: true, tags: true },
  }) as Promise<{
    visibility: string;
    scheduledAt: string | null;
    category: { name: string } | null;
    tags: Array<{ name: string }>;
  } | null>;
type Item = { documentId: string; ok: boolean; problem: string | null; changes: string[]; title: string | null };
const byId = (items: Item[]) => new Map(items.map((item) => [item.documentId, item]));

describe('bulk edits of videos', () => {
  test('a creator previews, then changes only its own videos; the others are named with the reason', async () => {
    const ids = [
      fixture.videos.alicePublic.documentId,
      fixture.videos.aliceUnlisted.documentId,
      fixture.videos.bobPublic.documentId,
    ];
    const change = { visibility: 'private', category: null, addTags: [chemistry.documentId] };

    const preview = await bulk('alice', { documentIds: ids, change, preview: true }).expect(200);
    const previewed = byId(preview.body.items);
    expect(previewed.get(fixture.videos.alicePublic.documentId)).toMatchObject({
      ok: true,
      title: 'Video alice-public',
      changes: ['visibility: public → private', 'category: Science → none', 'tags added: chemistry'],
    });
    expect(previewed.get(fixture.videos.bobPublic.documentId)).toEqual({
      documentId: fixture.videos.bobPublic.documentId,
      title: null,
      changes: [],
      ok: false,
      problem: 'Not found, or not a video you may edit.',
    });
    // a preview writes nothing
    expect((await draftOf(fixture.videos.alicePublic.documentId))?.visibility).toBe('public');
    expect(await cms.strapi.db.query('plugin::publishing.bulk-edit').count()).toBe(0);

    const applied = await bulk('alice', { documentIds: ids, change }).expect(200);
    expect(applied.body).toMatchObject({ preview: false, succeeded: 2, failed: 1 });
    for (const id of ids.slice(0, 2)) {
      const video = await draftOf(id);
      expect(video).toMatchObject({ visibility: 'private', category: null });
      expect(video?.tags.map((tag) => tag.name).sort()).toContain('chemistry');
    }
    expect(await draftOf(fixture.videos.bobPublic.documentId)).toMatchObject({
      visibility: 'public',
      category: { name: 'Science' },
    });
    const record = (await cms.strapi.db.query('plugin::publishing.bulk-edit').findOne({})) as {
      userName: string;
      total: number;
      succeeded: number;
      failed: number;
      results: Item[];
    };
    expect(record).toMatchObject({ userName: 'alice Fixture', total: 3, succeeded: 2, failed: 1 });
    expect(record.results.find((item) => !item.ok)?.documentId).toBe(fixture.videos.bobPublic.documentId);

    // titles from a pattern ({n}: the place in the whole selection, also when it is sent in parts) and one description
    const titles = await bulk('alice', {
      documentIds: [ids[1]],
      offset: 1,
      change: { titlePattern: 'Part {n}: {title}', description: 'From the **kiln** series.' },
    }).expect(200);
    expect(titles.body.items[0].changes).toEqual([
      'title: “Video alice-unlisted” → “Part 2: Video alice-unlisted”',
      'description replaced',
    ]);
    expect(
      await cms.strapi
        .documents(VIDEO)
        .findOne({ documentId: ids[1]!, status: 'draft', fields: ['title', 'description'] }),
    ).toMatchObject({ title: 'Part 2: Video alice-unlisted', description: 'From the **kiln** series.' });
    expect(
      (await bulk('alice', { documentIds: [ids[0]], change: { titlePattern: '   ' } }).expect(400)).body.error.message,
    ).toBe('change.titlePattern: must not be empty');

    // and back, removing the tag
    await bulk('alice', {
      documentIds: ids.slice(0, 2),
      change: { visibility: 'public', category: fixture.category.documentId, removeTags: [chemistry.documentId] },
    }).expect(200);
    expect(await draftOf(fixture.videos.alicePublic.documentId)).toMatchObject({
      visibility: 'public',
      category: { name: 'Science' },
    });
  });

  test('one failure does not undo the rest: publishing skips media not ready; a collaborator may edit but not publish or schedule', async () => {
    const processing = await cms.strapi.documents(VIDEO).create({
      data: {
        title: 'Still encoding',
        slug: 'still-encoding',
        visibility: 'public',
        processingStatus: 'processing',
        processingProgress: 40,
        creator: fixture.creators.alice.documentId,
      } as never,
    });
    const ready = await cms.strapi.documents(VIDEO).create({
      data: {
        title: 'Ready to go',
        slug: 'ready-to-go',
        visibility: 'public',
        processingStatus: 'ready',
        creator: fixture.creators.alice.documentId,
      } as never,
    });
    const published = await bulk('alice', {
      documentIds: [processing.documentId, ready.documentId],
      change: { then: 'publish' },
    }).expect(200);
    const items = byId(published.body.items);
    expect(items.get(ready.documentId)).toMatchObject({ ok: true, changes: ['published'] });
    expect(items.get(processing.documentId)?.problem).toBe(
      'It can’t be published yet: its video is still being processed (40 % done).',
    );
    expect(
      await cms.strapi.db
        .query(VIDEO)
        .count({ where: { documentId: ready.documentId, publishedAt: { $notNull: true } } }),
    ).toBe(1);

    // alice collaborates on bob's draft: she may change its visibility, not publish it or set its schedule
    const shared = fixture.videos.bobWithAlice.documentId;
    expect((await bulk('alice', { documentIds: [shared], change: { visibility: 'unlisted' } })).body.succeeded).toBe(1);
    const publish = await bulk('alice', { documentIds: [shared], change: { then: 'publish' } }).expect(200);
    expect(publish.body.items[0].problem).toBe('Only the video’s owner can publish it.');
    const schedule = await bulk('alice', {
      documentIds: [shared],
      change: { scheduledAt: new Date(Date.now() + 86_400_000).toISOString() },
    }).expect(200);
    expect(schedule.body.items[0].problem).toMatch(/^Only the owner can change scheduledAt/);
    expect((await draftOf(shared))?.scheduledAt).toBeNull();
  });

  test('a playlist must be one the user may change; the moderator edits any channel; delete stands alone', async () => {
    const into = (who: 'alice' | 'moderator', playlist: string, documentIds: string[]) =>
      bulk(who, { documentIds, change: { addToPlaylist: playlist } });
    const bobsPlaylist = await cms.strapi.documents('api::playlist.playlist').create({
      data: {
        title: 'Bob list',
        slug: 'bob-list',
        visibility: 'public',
        creator: fixture.creators.bob.documentId,
      } as never,
    });
    expect(
      (await into('alice', bobsPlaylist.documentId, [fixture.videos.alicePublic.documentId]).expect(403)).body.error
        .message,
    ).toBe('That playlist is not one you may change.');
    const mine = await into('alice', fixture.playlists.alicePrivate.documentId, [
      fixture.videos.aliceUnlisted.documentId,
    ]);
    expect(mine.body.items[0]).toMatchObject({ ok: true, changes: ['added to playlist “Alice private list”'] });

    const staff = await bulk('moderator', {
      documentIds: [fixture.videos.bobPublic.documentId, fixture.videos.alicePrivate.documentId],
      change: { addTags: [chemistry.documentId] },
    }).expect(200);
    expect(staff.body).toMatchObject({ succeeded: 2, failed: 0 });

    await bulk('alice', {
      documentIds: [fixture.videos.alicePrivate.documentId],
      change: { then: 'delete', visibility: 'public' },
    }).expect(400);
    const gone = await bulk('alice', {
      documentIds: [fixture.videos.alicePrivate.documentId],
      change: { then: 'delete' },
    }).expect(200);
    expect(gone.body.succeeded).toBe(1);
    expect(
      await cms.strapi.db.query(VIDEO).count({ where: { documentId: fixture.videos.alicePrivate.documentId } }),
    ).toBe(0);
  });

  test('bad input is refused with the field named, and nobody outside the admin reaches it', async () => {
    const one = [fixture.videos.alicePublic.documentId];
    const message = async (body: object) => (await bulk('alice', body).expect(400)).body.error.message as string;
    expect(await message({ documentIds: [], change: { visibility: 'public' } })).toBe(
      'documentIds: select at least one video',
    );
    expect(
      await message({
        documentIds: Array.from({ length: 101 }, (_, i) => `doc${String(i).padStart(10, '0')}`),
        change: { visibility: 'public' },
      }),
    ).toBe('documentIds: at most 100 videos at once');
    expect(await message({ documentIds: one, change: {} })).toBe('change: choose at least one thing to change');
    expect(await message({ documentIds: one, change: { moderationState: 'approved' } })).toBe(
      'change.moderationState: not something a bulk edit changes',
    );
    expect(await message({ documentIds: one, change: { visibility: 'everyone' } })).toBe(
      'change.visibility: must be public, unlisted or private',
    );
    expect(
      await message({
        documentIds: one,
        change: { addTags: [chemistry.documentId], removeTags: [chemistry.documentId] },
      }),
    ).toBe('addTags: a tag cannot be added and removed at once');
    await bulk('alice', { documentIds: one, change: { addTags: ['nosuchtag000000'] } }).expect(404);
    await request(cms.server)
      .post(BULK)
      .send({ documentIds: one, change: { visibility: 'public' } })
      .expect(401);
  });
});

describe('the upload inbox', () => {
  type InboxItem = { documentId: string; title: string; processingStatus: string; notReady: string | null };
  const inbox = (who: keyof typeof tokens, query = '') =>
    request(cms.server).get(`/publishing/inbox${query}`).set('Authorization', `Bearer ${tokens[who]}`);
  const titles = (items: InboxItem[]) => items.map((item) => item.title);

  test('a creator sees her own videos that were never published, in upload order; publishing empties it', async () => {
    const draft = (title: string, extra: Record<string, unknown>) =>
      cms.strapi.documents(VIDEO).create({
        data: {
          title,
          slug: title.toLowerCase().replace(/\W+/g, '-'),
          visibility: 'public',
          creator: fixture.creators.alice.documentId,
          ...extra,
        } as never,
      });
    const first = await draft('Inbox lesson one', { processingStatus: 'ready' });
    const second = await draft('Inbox lesson two', { processingStatus: 'processing', processingProgress: 40 });

    const mine = (await inbox('alice').expect(200)).body as { items: InboxItem[]; total: number };
    // oldest first; her published videos are not there, nor bob's drafts, nor the draft of bob's she collaborates on
    expect(titles(mine.items).slice(-2)).toEqual(['Inbox lesson one', 'Inbox lesson two']);
    for (const absent of ['Video alice-public', 'Video bob-draft', 'Video bob-with-alice'])
      expect(titles(mine.items)).not.toContain(absent);
    expect(mine.total).toBe(mine.items.length);
    expect(mine.items.at(-1)).toMatchObject({
      documentId: second.documentId,
      processingStatus: 'processing',
      notReady: 'its video is still being processed (40 % done)',
    });
    expect(mine.items.at(-2)).toMatchObject({ documentId: first.documentId, notReady: null, hasVideoFile: true });

    // a draft without a file of its own (made by hand, or a duplicate) says so: nothing to wait for
    await draft('Inbox handout', {});
    const handout = (await inbox('alice', '?q=handout').expect(200)).body as { items: InboxItem[] };
    expect(handout.items).toEqual([
      expect.objectContaining({
        processingStatus: 'uploaded',
        hasVideoFile: false,
        notReady: 'it has no video file yet',
      }),
    ]);

    const searched = (await inbox('alice', '?q=inbox%20lesson').expect(200)).body as { items: InboxItem[] };
    expect(titles(searched.items)).toEqual(['Inbox lesson one', 'Inbox lesson two']);
    await draft('Inbox lesson a prelude', { processingStatus: 'ready' });
    const byTitle = (await inbox('alice', '?q=inbox%20lesson&order=title').expect(200)).body as { items: InboxItem[] };
    expect(titles(byTitle.items)).toEqual(['Inbox lesson a prelude', 'Inbox lesson one', 'Inbox lesson two']);
    const bobs = (await inbox('bob').expect(200)).body as { items: InboxItem[] };
    expect(titles(bobs.items)).toEqual(expect.arrayContaining(['Video bob-draft', 'Video bob-with-alice']));
    expect(titles(bobs.items).some((title) => title.startsWith('Inbox lesson'))).toBe(false);
    // staff who may publish any video see every channel's
    const staff = (await inbox('moderator', '?q=inbox%20lesson').expect(200)).body as { items: InboxItem[] };
    expect(titles(staff.items)).toEqual(['Inbox lesson one', 'Inbox lesson two', 'Inbox lesson a prelude']);

    // published from the inbox (the same bulk edit), the ready one leaves it; the other waits for its media
    const published = await bulk('alice', {
      documentIds: [first.documentId, second.documentId],
      change: { titlePattern: 'Kiln {n}: {title}', then: 'publish' },
    }).expect(200);
    expect(published.body).toMatchObject({ succeeded: 1, failed: 1 });
    const after = (await inbox('alice', '?q=inbox%20lesson').expect(200)).body as { items: InboxItem[] };
    expect(titles(after.items)).toEqual(['Inbox lesson two', 'Inbox lesson a prelude']);
  });

  test('bad paging is refused with the parameter named; an admin user who may not publish videos has no inbox', async () => {
    expect((await inbox('alice', '?page=0').expect(400)).body.error.message).toBe('page: give a whole number from 1');
    expect((await inbox('alice', '?sort=title').expect(400)).body.error.message).toBe(
      'sort: not an inbox parameter (page, order, q)',
    );
    expect((await inbox('alice', '?order=newest').expect(400)).body.error.message).toBe(
      'order: give one of uploaded, title',
    );
    expect((await inbox('alice', '?page=99').expect(200)).body).toMatchObject({ items: [], page: 99 });
    await request(cms.server).get('/publishing/inbox').expect(401);

    const role = (await cms.strapi.service('admin::role').create({ name: 'Readers only', description: 'reads' })) as {
      id: number;
    };
    await cms.strapi.service('admin::user').create({
      email: 'reader@fixture.test',
      firstname: 'reader',
      lastname: 'Fixture',
      password: PASSWORD,
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });
    const reader = await adminToken(cms, 'reader@fixture.test');
    const refused = await request(cms.server)
      .get('/publishing/inbox')
      .set('Authorization', `Bearer ${reader}`)
      .expect(403);
    expect(refused.body.error.message).toBe('You may not publish videos, so there is no upload inbox for you.');
  });
});
