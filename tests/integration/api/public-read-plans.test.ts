/**
 * Public read plans (cms/src/public-reads) against Strapi's generic output sanitizer, field for field, for the real
 * Public role: rows read with no public rule at all (drafts, hidden and unlisted videos, private fields, the admin
 * owner, the source file, users and roles), through many populate shapes, at any depth. The plan must give byte for
 * byte what `strapi.contentAPI.sanitize.output` gives, and must be the path actually taken.
 */
import path from 'node:path';
import type { Core, UID } from '@strapi/strapi';
import request from 'supertest';
import { createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { repoRoot, startTestCms, type TestCms } from '../setup/strapi';

type PublicReads = {
  sanitizePublicOutput<T>(strapi: Core.Strapi, uid: string, data: T, ctx: unknown): Promise<T>;
};

let cms: TestCms;
let fixture: Fixture;
let reads: PublicReads;
let publicCtx: { state: Record<string, unknown> };

const VIDEO = 'api::video.video';
const CREATOR = 'api::creator.creator';

/** A content-API request of the Public role, authenticated the way every anonymous request is (users-permissions). */
async function anonymousContext(strapi: Core.Strapi) {
  const ctx = {
    state: { route: { info: { type: 'content-api' }, config: {} } } as Record<string, unknown>,
    request: { header: {}, headers: {} },
    headers: {},
    get: () => '',
    unauthorized: (message: unknown) => {
      throw new Error(`anonymous request refused: ${String(message)}`);
    },
  };
  await (strapi.get('auth') as { authenticate(ctx: unknown, next: () => Promise<void>): Promise<void> }).authenticate(
    ctx,
    async () => {},
  );
  return ctx;
}

function generic(uid: string, data: unknown) {
  const auth = (publicCtx.state as { auth: unknown }).auth;
  return cms.strapi.contentAPI.sanitize.output(
    data as never,
    cms.strapi.getModel(uid as UID.Schema) as never,
    {
      auth,
    } as never,
  );
}

/** The plan's answer, and whether it fell back to the generic sanitizer. */
async function planned(uid: string, data: unknown): Promise<{ output: unknown; fellBack: boolean }> {
  const spy = jest.spyOn(cms.strapi.contentAPI.sanitize, 'output');
  try {
    const output = await reads.sanitizePublicOutput(cms.strapi, uid, data, publicCtx);
    return { output, fellBack: spy.mock.calls.length > 0 };
  } finally {
    spy.mockRestore();
  }
}

/** Same keys in the same order with the same values: what the client would receive. */
function expectSameAnswer(actual: unknown, expected: unknown) {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(actual).toStrictEqual(expected);
}

async function compare(uid: string, data: unknown, { mayFallBack = false } = {}) {
  const expected = await generic(uid, structuredClone(data));
  const { output, fellBack } = await planned(uid, data);
  expectSameAnswer(output, expected);
  if (!mayFallBack) expect(fellBack).toBe(false);
  return { output, expected, fellBack };
}

/** Every key anywhere in a value. */
function keysIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => keysIn(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      found.add(key);
      keysIn(inner, found);
    }
  }
  return found;
}

beforeAll(async () => {
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  // the module Strapi loaded (dist), not a second copy: its plans are the ones registered at boot
  reads = require(path.join(repoRoot, 'cms', 'dist', 'src', 'public-reads')) as PublicReads;
  publicCtx = await anonymousContext(cms.strapi);

  const file = (name: string) =>
    cms.strapi.db.query('plugin::upload.file').create({
      data: {
        name,
        hash: `${name}_hash`,
        ext: '.jpg',
        mime: 'image/jpeg',
        size: 1,
        url: `/uploads/${name}_hash.jpg`,
        provider: 'local',
        formats: { thumbnail: { url: `/uploads/thumbnail_${name}_hash.jpg`, width: 10, height: 10 } },
      },
    });
  const poster = await file('poster');
  const avatar = await file('avatar');
  await cms.strapi.documents(VIDEO).update({
    documentId: fixture.videos.alicePublic.documentId,
    data: { poster: poster.id } as never,
    status: 'published',
  });
  await cms.strapi
    .documents(VIDEO)
    .update({ documentId: fixture.videos.alicePrivate.documentId, data: { poster: poster.id } as never });
  await cms.strapi
    .documents(CREATOR)
    .update({ documentId: fixture.creators.alice.documentId, data: { avatar: avatar.id } as never });
  await cms.strapi.db.query(VIDEO).updateMany({
    where: { slug: 'alice-public' },
    data: { failureReason: 'secret failure detail', moderationNote: 'hush' },
  });
});
afterAll(async () => {
  await cms?.stop();
});

const everyVideo = (populate: unknown, status: 'draft' | 'published' = 'published') =>
  cms.strapi.documents(VIDEO).findMany({ populate: populate as never, status });

describe('public read plans give what the generic sanitizer gives', () => {
  it('takes the plan for an anonymous list (no fallback) and drops the private fields', async () => {
    const rows = await everyVideo({ creator: { populate: { avatar: true } }, poster: true });
    const { output } = await compare(VIDEO, rows);
    const keys = keysIn(output);
    for (const key of ['failureReason', 'moderationNote', 'playbackAssets', 'sourceKey', 'contactEmail', 'owner'])
      expect(keys.has(key)).toBe(false);
    // the rows did carry them: the plan removed them
    expect(keysIn(rows).has('failureReason')).toBe(true);
    expect(JSON.stringify(output)).toContain('thumbnail_avatar_hash');
  });

  const shapes: Array<[string, unknown]> = [
    ['everything one level down', '*'],
    ['nothing populated', undefined],
    [
      'the source file, the owner and the creator',
      { source: true, creator: { populate: ['owner', 'avatar', 'banner'] } },
    ],
    [
      'hidden videos two and three levels down',
      {
        creator: { populate: { videos: { populate: { source: true, playlists: { populate: { videos: true } } } } } },
        tags: { populate: { videos: { populate: ['creator', 'collaborators'] } } },
        category: { populate: { videos: { populate: { creator: { populate: ['owner'] } } } } },
      },
    ],
    [
      'playlists and their videos and creators',
      { playlists: { populate: { videos: { populate: '*' }, creator: true } } },
    ],
    [
      'components and collaborators',
      { captions: true, chapters: true, collaborators: { populate: ['owner', 'videos'] } },
    ],
    [
      'created and updated by (admin users)',
      { createdBy: true, updatedBy: true, creator: { populate: ['createdBy'] } },
    ],
    ['string paths', 'creator.owner,creator.videos.source,poster,tags.videos'],
  ];

  it.each(shapes)('%s, published rows', async (_name, populate) => {
    await compare(VIDEO, await everyVideo(populate));
  });

  it.each(shapes)(
    '%s, draft rows (never public, but the plan must not be the weaker filter)',
    async (_name, populate) => {
      await compare(VIDEO, await everyVideo(populate, 'draft'));
    },
  );

  it('a single entity, null and empty answers', async () => {
    const [first] = await everyVideo({ creator: true, poster: true });
    await compare(VIDEO, first);
    await compare(VIDEO, null);
    await compare(VIDEO, []);
  });

  it('creators with their owner (admin user: emails, password hash) and every video', async () => {
    const creators = await cms.strapi.documents(CREATOR).findMany({
      populate: { owner: { populate: ['roles'] }, videos: { populate: '*' }, collaborations: true, avatar: true },
    });
    expect(JSON.stringify(creators)).toContain('alice@fixture.test');
    const { output } = await compare(CREATOR, creators);
    expect(JSON.stringify(output)).not.toContain('@fixture.test');
  });

  it('users-permissions users and roles: passwords, emails, a role\u2019s users', async () => {
    const role = await cms.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    const user = await cms.strapi.db.query('plugin::users-permissions.user').create({
      data: {
        username: 'plan-reader',
        email: 'plan-reader@fixture.test',
        password: 'Fixture-password-1',
        provider: 'local',
        confirmed: true,
        role: role.id,
      },
    });
    const users = await cms.strapi.db
      .query('plugin::users-permissions.user')
      .findMany({ where: { id: user.id }, populate: { role: { populate: ['users', 'permissions'] } } });
    const roles = await cms.strapi.db
      .query('plugin::users-permissions.role')
      .findMany({ populate: { users: { populate: ['role'] }, permissions: true } });
    expect(JSON.stringify(roles)).toContain('plan-reader@fixture.test');
    await compare('plugin::users-permissions.user', users);
    const { output } = await compare('plugin::users-permissions.role', roles);
    expect(keysIn(output).has('users')).toBe(false);
  });

  it('media with their polymorphic `related` rows, and morph values: same answer (the generic path, by design)', async () => {
    const files = await cms.strapi.db
      .query('plugin::upload.file')
      .findMany({ populate: { related: true, folder: true } });
    expect(files.some((file: { related?: unknown[] }) => (file.related ?? []).length > 0)).toBe(true);
    const { fellBack } = await compare('plugin::upload.file', files, { mayFallBack: true });
    expect(fellBack).toBe(true);
    // reached from a video: poster -> related (morph) -> hidden videos
    const rows = await everyVideo({ poster: { populate: { related: true } } });
    await compare(VIDEO, rows, { mayFallBack: true });
    // an empty morph relation keeps the plan
    await compare(
      'plugin::upload.file',
      files.map((file: Record<string, unknown>) => ({ ...file, related: null })),
    );
  });

  it('a role without the permission: a relation the Public role may not find is dropped, as generic does', async () => {
    // the Public role has no `find` on admin users nor on users-permissions users: rows that show them lose them
    const videos = (await everyVideo({ creator: true })).map((video) => ({
      ...video,
      createdBy: { id: 1, email: 'someone@fixture.test' },
    }));
    const { output } = await compare(VIDEO, videos);
    expect(JSON.stringify(output)).not.toContain('someone@fixture.test');
  });

  it('other permission sets of the same role: a target it may not find goes; a role never shows its users', async () => {
    const publicAuth = (publicCtx.state as { auth: Record<string, unknown> }).auth;
    const withActions = async (actions: string[]) => {
      const engine = cms.strapi.contentAPI.permissions.engine as unknown as {
        generateAbility(permissions: Array<{ action: string }>): Promise<unknown>;
      };
      const ability = await engine.generateAbility(actions.map((action) => ({ action })));
      publicCtx = { state: { ...publicCtx.state, auth: { ...publicAuth, ability } } };
    };
    try {
      // a Public role that lost `find` on creators and tags: populated creators and tags leave every answer
      await withActions(['api::video.video.find', 'api::category.category.find', 'api::playlist.playlist.find']);
      const rows = await everyVideo({ creator: { populate: ['avatar'] }, tags: true, category: true, poster: true });
      const { output } = await compare(VIDEO, rows);
      expect(keysIn(output).has('creator')).toBe(false);
      expect(keysIn(output).has('tags')).toBe(false);
      expect(keysIn(output).has('category')).toBe(true);
      // one that may find anything (users and roles too): a role's users still never show (users-permissions' own
      // output sanitizer, which the plans fold in)
      publicCtx = { state: { ...publicCtx.state, auth: { ...publicAuth, ability: { can: () => true } } } };
      const roles = await cms.strapi.db
        .query('plugin::users-permissions.role')
        .findMany({ populate: { users: { populate: ['role'] }, permissions: true } });
      const users = await cms.strapi.db
        .query('plugin::users-permissions.user')
        .findMany({ populate: { role: { populate: ['users'] } } });
      expect(JSON.stringify(roles)).toContain('plan-reader@fixture.test');
      const fromRoles = await compare('plugin::users-permissions.role', roles);
      expect(keysIn(fromRoles.output).has('users')).toBe(false);
      const fromUsers = await compare('plugin::users-permissions.user', users);
      expect(keysIn(fromUsers.output).has('role')).toBe(true);
      expect(keysIn(fromUsers.output).has('password')).toBe(false);
    } finally {
      publicCtx = { state: { ...publicCtx.state, auth: publicAuth } };
    }
  });

  it('the comparison is not vacuous: a plan that kept a private field would fail it', async () => {
    const rows = await everyVideo({ creator: true });
    const expected = await generic(VIDEO, structuredClone(rows));
    const { output } = await planned(VIDEO, rows);
    const leaked = (output as Array<Record<string, unknown>>).map((video, index) =>
      index === 0 ? { ...video, failureReason: 'secret failure detail' } : video,
    );
    expect(() => expectSameAnswer(leaked, expected)).toThrow();
    const leakedDeep = (output as Array<Record<string, unknown>>).map((video) => ({
      ...video,
      creator: { ...(video.creator as object), contactEmail: 'alice-private@fixture.test' },
    }));
    expect(() => expectSameAnswer(leakedDeep, expected)).toThrow();
  });
});

describe('the public list through HTTP', () => {
  const LIST =
    '/api/videos?pagination[pageSize]=24&sort=publishedAt:desc&populate[creator][populate][avatar]=true&populate[poster]=true';

  it('shows only listed videos, no private field, and the same playback as a separate query would give', async () => {
    const generic = jest.spyOn(cms.strapi.contentAPI.sanitize, 'output');
    const response = await request(cms.server).get(LIST).set('cache-control', 'no-cache');
    // the plan answered: the generic sanitizer never ran for this anonymous read
    expect(generic).not.toHaveBeenCalled();
    generic.mockRestore();
    expect(response.status).toBe(200);
    const slugs = (response.body.data as Array<{ slug: string }>).map((video) => video.slug).sort();
    expect(slugs).toEqual([...fixture.publicSlugs].sort());
    const keys = keysIn(response.body.data);
    for (const key of ['failureReason', 'moderationNote', 'playbackAssets', 'source', 'contactEmail', 'owner'])
      expect(keys.has(key)).toBe(false);

    // playback from the rows already read, against the query it replaces, for every kind of row
    const service = cms.strapi.service(VIDEO) as unknown as {
      attachPlayback(videos: unknown[], read?: unknown[]): Promise<Array<{ playback: unknown }>>;
    };
    for (const status of ['published', 'draft'] as const) {
      const rows = (await cms.strapi.documents(VIDEO).findMany({ status })) as Array<Record<string, unknown>>;
      const shown = rows.map((row) => ({ documentId: row.documentId, slug: row.slug }));
      expect(await service.attachPlayback(shown, rows)).toStrictEqual(await service.attachPlayback(shown));
    }
  });

  it('the unlisted video by slug and a creator by id: no private field either', async () => {
    const bySlug = await request(cms.server).get('/api/videos/slug/alice-unlisted?populate=*');
    expect(bySlug.status).toBe(200);
    expect(keysIn(bySlug.body.data).has('source')).toBe(false);
    const creator = await request(cms.server).get(
      `/api/creators/${fixture.creators.alice.documentId}?populate[videos]=true&populate[avatar]=true`,
    );
    expect(creator.status).toBe(200);
    expect(JSON.stringify(creator.body)).not.toContain('alice-private@fixture.test');
    expect((creator.body.data.videos as Array<{ slug: string }>).map((video) => video.slug)).toEqual(['alice-public']);
  });
});
