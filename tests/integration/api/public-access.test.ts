/**
 * The public API (users-permissions Public role) through REST and GraphQL: only published, public, approved
 * videos in lists; unlisted only by slug; private fields never in a response; nothing writable.
 */
import request from 'supertest';
import { createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { startTestCms, type TestCms } from '../setup/strapi';

let cms: TestCms;
let fixture: Fixture;

beforeAll(async () => {
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  // the transcoder's failure detail is for the admin panel only
  await cms.strapi.db
    .query('api::video.video')
    .updateMany({ where: { slug: 'alice-public' }, data: { failureReason: 'ffmpeg said: secret failure detail' } });
});
afterAll(async () => {
  await cms?.stop();
});

const rest = (path: string) => request(cms.server).get(path);
const graphql = (query: string, variables: Record<string, unknown> = {}) =>
  request(cms.server).post('/graphql').send({ query, variables });

/** Every slug anywhere in a JSON body, however deep. */
function slugsIn(body: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'slug' && typeof inner === 'string') found.push(inner);
        walk(inner);
      }
    }
  };
  walk(body);
  return found;
}

// the source file never reaches the public (videos play from the HLS ladder); nor do the pipeline's fields
const PRIVATE_VALUES = [
  'secret failure detail',
  'alice-private@fixture.test',
  'bob-private@fixture.test',
  'secret-source.mp4',
  'secret_source_hash',
  'alice@fixture.test',
];
const PRIVATE_KEYS = new Set([
  'owner',
  'contactEmail',
  'source',
  'moderationNote',
  'sourceKey',
  'sourceChecksum',
  'playbackAssets',
  'transcodeJobId',
  'failureReason',
]);

/** No private value anywhere in the body, and no private field among the returned data's keys. */
function expectNoPrivateFields(body: { data?: unknown } | undefined) {
  const text = JSON.stringify(body ?? {});
  for (const value of PRIVATE_VALUES) expect(text).not.toContain(value);
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        expect(PRIVATE_KEYS.has(key) ? key : 'ok').toBe('ok');
        walk(inner);
      }
    }
  };
  walk(body?.data);
}

describe('REST: lists show only published, public, approved videos', () => {
  it('lists exactly the public videos', async () => {
    const response = await rest('/api/videos').expect(200);
    expect(response.body.data.map((video: { slug: string }) => video.slug).sort()).toEqual(
      [...fixture.publicSlugs].sort(),
    );
    expect(response.body.meta.pagination.total).toBe(fixture.publicSlugs.length);
  });

  it('cannot be talked out of the rule with filters', async () => {
    for (const query of [
      'filters[visibility][$eq]=private',
      'filters[visibility][$in][0]=unlisted&filters[visibility][$in][1]=private',
      'filters[moderationState][$eq]=pending',
      'filters[$or][0][visibility][$eq]=unlisted&filters[$or][1][visibility][$eq]=public',
      'filters[slug][$eq]=alice-unlisted',
      'status=draft',
      'publicationState=preview',
    ]) {
      const response = await rest(`/api/videos?${query}`);
      expect([200, 400]).toContain(response.status);
      for (const slug of fixture.hiddenSlugs) expect(slugsIn(response.body)).not.toContain(slug);
    }
  });

  it('reaches an unlisted video by its slug only', async () => {
    const response = await rest('/api/videos/slug/alice-unlisted').expect(200);
    expect(response.body.data.slug).toBe('alice-unlisted');
    // the fixture's source is not a real file, so there is nothing to play yet
    expect(response.body.data.playback).toBeNull();
    await rest(`/api/videos/${fixture.videos.aliceUnlisted.documentId}`).expect(404);
  });

  it.each(['alice-private', 'bob-pending', 'bob-removed', 'bob-draft', 'no-such-video'])(
    'answers 404 for %s by slug',
    async (slug) => {
      const response = await rest(`/api/videos/slug/${slug}`).expect(404);
      expect(response.body.error.message).toMatch(/not found/i);
    },
  );

  it('answers 404 for a private video by documentId', async () => {
    await rest(`/api/videos/${fixture.videos.alicePrivate.documentId}`).expect(404);
    await rest(`/api/videos/${fixture.videos.alicePublic.documentId}`).expect(200);
  });

  it('rejects a malformed slug with 400', async () => {
    await rest('/api/videos/slug/%3Cscript%3E').expect(400);
  });
});

describe('REST: populate never leaks hidden videos, playlists or private fields', () => {
  it.each([
    ['/api/creators?populate=*', 'populate=*'],
    ['/api/creators?populate[videos]=true&populate[collaborations]=true&populate[playlists]=true', 'object populate'],
    ['/api/creators?populate[0]=videos&populate[1]=playlists.creator', 'array populate'],
    ['/api/categories?populate[videos][populate][creator][populate][avatar]=true', 'deep populate'],
    ['/api/tags?populate=videos', 'string populate'],
    ['/api/playlists?populate[videos][filters][visibility][$eq]=private', 'populate with its own filters'],
    [
      '/api/videos?populate[creator][populate][videos]=true&populate[creator][populate][playlists]=true',
      'nested through the video',
    ],
  ])('%s (%s)', async (path) => {
    const response = await rest(path).expect(200);
    const slugs = slugsIn(response.body);
    for (const slug of fixture.hiddenSlugs) expect(slugs).not.toContain(slug);
    expect(slugs).not.toContain('alice-private-list');
    expectNoPrivateFields(response.body);
  });

  it('keeps a public playlist but drops its hidden videos', async () => {
    const response = await rest('/api/playlists?populate=videos').expect(200);
    expect(response.body.data.map((playlist: { slug: string }) => playlist.slug)).toEqual(['alice-list']);
    expect(response.body.data[0].videos.map((video: { slug: string }) => video.slug)).toEqual(['alice-public']);
  });

  it.each([
    '/api/creators?populate[owner]=true',
    '/api/videos?populate[source]=true',
    '/api/creators?fields[0]=contactEmail',
    '/api/videos?fields[0]=slug&fields[1]=failureReason',
    '/api/videos/slug/alice-public',
    '/api/creators?populate[videos]=true',
  ])('never returns a private field: %s', async (path) => {
    const response = await rest(path);
    expect([200, 400]).toContain(response.status);
    expectNoPrivateFields(response.body);
  });

  it.each([
    '/api/creators?filters[contactEmail][$eq]=alice-private@fixture.test',
    '/api/creators?filters[owner][email][$eq]=alice@fixture.test',
    '/api/videos?filters[source][hash][$eq]=secret_source_hash',
    '/api/videos?filters[failureReason][$containsi]=secret',
  ])('refuses to filter on a private field: %s', async (path) => {
    const response = await rest(path);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/Invalid key/);
    expect(response.body.data).toBeNull();
  });
});

describe('REST: filters and sorts never go through a relation into videos or playlists', () => {
  it.each([
    ['/api/creators?filters[videos][slug][$startsWith]=bob-d', 'filter on "videos"', 'videos'],
    ['/api/creators?filters[$not][videos][slug][$eq]=bob-draft', 'filter on "videos"', 'videos'],
    [
      '/api/categories?filters[$or][0][name][$eq]=x&filters[$or][1][videos][visibility][$eq]=private',
      'filter on "videos"',
      'videos',
    ],
    ['/api/videos?filters[playlists][slug][$eq]=alice-private-list', 'filter on "playlists"', 'playlists'],
    ['/api/videos?filters[creator][videos][slug][$eq]=bob-draft', 'filter on "creator.videos"', 'videos'],
    ['/api/creators?sort=videos.title:asc', 'sort on "videos"', 'videos'],
    [
      '/api/creators?populate[videos][filters][playlists][slug][$eq]=alice-private-list',
      'filter on "videos.playlists"',
      'playlists',
    ],
    ['/api/tags?populate[videos][sort]=creator.videos.slug', 'sort on "videos.creator.videos"', 'videos'],
  ])('%s is refused with 400', async (path, what, noun) => {
    const response = await rest(path).expect(400);
    expect(response.body.error.message).toContain(`Cannot ${what}`);
    expect(response.body.error.message).toContain(`through a relation to ${noun}`);
    expect(response.body.data).toBeNull();
  });

  it('answers a negation right under a relation with 400 rather than a server error, and takes it around the relation', async () => {
    const refused = await rest('/api/videos?filters[creator][$not][handle][$eq]=bob').expect(400);
    expect(refused.body.error.message).toContain('put it around the relation');
    const around = await rest('/api/videos?filters[$not][creator][handle][$eq]=bob').expect(200);
    expect(around.body.data.map((video: { slug: string }) => video.slug)).not.toContain('bob-public');
  });

  it('keeps the filters the site uses', async () => {
    const response = await rest(
      '/api/videos?filters[creator][handle][$eq]=bob&filters[category][slug][$eq]=science&sort=publishedAt:desc',
    ).expect(200);
    expect(response.body.data.map((video: { slug: string }) => video.slug)).toEqual(['bob-public']);
  });
});

describe('REST: populate is bounded', () => {
  it.each([
    ['/api/categories?populate[videos][populate][creator][populate][videos]=true', /list inside another list/],
    ['/api/creators?populate[0]=videos&populate[1]=playlists.videos', /list inside another list/],
    ['/api/categories?populate[videos][populate]=*', /list inside another list|first level only/],
    ['/api/tags?populate=videos.*', /list inside another list|first level only|Invalid key \*/],
    [
      '/api/videos?populate[creator][populate][videos][populate][creator][populate][videos][populate][creator][populate][videos][populate][creator]=true',
      /list inside another list|deeper than 4 levels/,
    ],
  ])('%s is refused with 400', async (path, message) => {
    const response = await rest(path).expect(400);
    expect(response.body.error.message).toMatch(message);
  });

  it('serves what the site populates', async () => {
    await rest(
      '/api/playlists?populate[videos][populate][poster]=true&populate[videos][populate][creator]=true&populate[creator][populate][avatar]=true',
    ).expect(200);
    await rest(
      '/api/videos/slug/alice-public?populate[poster]=true&populate[creator][populate][avatar]=true&populate[category]=true&populate[tags]=true' +
        '&populate[collaborators][populate][avatar]=true&populate[chapters]=true&populate[captions][populate][file]=true',
    ).expect(200);
  });
});

describe('REST: the public API is read-only', () => {
  it.each([
    ['post', '/api/videos'],
    ['put', '/api/videos/x'],
    ['delete', '/api/videos/x'],
    ['post', '/api/creators'],
    ['post', '/api/categories'],
  ] as const)('%s %s is refused', async (method, path) => {
    const response = await request(cms.server)
      [method](path)
      .send({ data: { title: 'nope' } });
    expect([403, 404, 405]).toContain(response.status);
  });
});

describe('GraphQL: the same rules', () => {
  it('lists exactly the public videos', async () => {
    const response = await graphql('{ videos { slug } }').expect(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.videos.map((video: { slug: string }) => video.slug).sort()).toEqual(
      [...fixture.publicSlugs].sort(),
    );
  });

  it('cannot be talked out of the rule with filters or status', async () => {
    const response = await graphql(
      '{ a: videos(filters: { visibility: { in: ["unlisted", "private"] } }) { slug } b: videos(status: DRAFT) { slug } c: videos(filters: { moderationState: { eq: "pending" } }) { slug } }',
    );
    for (const slug of fixture.hiddenSlugs) expect(slugsIn(response.body)).not.toContain(slug);
  });

  it('does not return a private video by documentId', async () => {
    const response = await graphql('query($id: ID!) { video(documentId: $id) { slug } }', {
      id: fixture.videos.alicePrivate.documentId,
    });
    expect(response.body.data?.video ?? null).toBeNull();
  });

  it('hides videos and playlists in every association', async () => {
    const response = await graphql(`
      {
        creators {
          handle
          videos {
            slug
          }
          collaborations {
            slug
          }
          playlists(pagination: { limit: 5 }) {
            slug
            videos {
              slug
            }
          }
          videos_connection {
            nodes {
              slug
            }
          }
        }
        categories(pagination: { limit: 5 }) {
          videos(pagination: { limit: 10 }) {
            slug
            creator {
              videos {
                slug
              }
            }
          }
        }
        tags {
          videos {
            slug
          }
        }
        playlists {
          slug
          videos {
            slug
          }
        }
      }
    `);
    expect(response.body.errors).toBeUndefined();
    const slugs = slugsIn(response.body);
    for (const slug of [...fixture.hiddenSlugs, 'alice-private-list']) expect(slugs).not.toContain(slug);
    expect(slugs).toContain('alice-public');
  });

  it('refuses association filters and sorts that reach videos or playlists through a relation', async () => {
    for (const query of [
      '{ creators { videos(filters: { playlists: { slug: { eq: "alice-private-list" } } }) { slug } } }',
      '{ categories { videos(filters: { not: { creator: { videos: { slug: { eq: "bob-draft" } } } } }) { slug } } }',
      '{ creators(filters: { videos: { slug: { startsWith: "bob-d" } } }) { handle } }',
      '{ tags { videos(sort: "playlists.slug:asc") { slug } } }',
    ]) {
      const response = await graphql(query);
      expect(JSON.stringify(response.body.errors)).toMatch(/through a relation to (videos|playlists)/);
      for (const slug of fixture.hiddenSlugs) expect(slugsIn(response.body)).not.toContain(slug);
    }
  });

  it('keeps the public rule on an association that has filters of its own', async () => {
    const response = await graphql('{ creators { handle videos(filters: { slug: { startsWith: "bob" } }) { slug } } }');
    expect(response.body.errors).toBeUndefined();
    expect(slugsIn(response.body).filter((slug) => slug.startsWith('bob'))).toEqual(['bob-public']);
  });

  it('does not expose private fields', async () => {
    for (const query of [
      '{ creators { contactEmail } }',
      '{ creators { owner { email } } }',
      '{ videos { source { url } } }',
      '{ videos { failureReason } }',
      '{ videos(filters: { failureReason: { containsi: "secret" } }) { slug } }',
    ]) {
      const response = await graphql(query);
      expect(response.status).toBe(400);
      expectNoPrivateFields(response.body.data ?? {});
    }
  });

  it('refuses mutations to the public', async () => {
    const response = await graphql('mutation { createVideo(data: { title: "nope", slug: "nope" }) { slug } }');
    expect(JSON.stringify(response.body.errors ?? [])).toMatch(/Forbidden|Cannot query field/i);
    await rest('/api/videos/slug/nope').expect(404);
  });

  it('refuses a query that selects too many fields', async () => {
    const fields = Array.from({ length: 600 }, (_, i) => `f${i}: slug`).join(' ');
    const response = await graphql(`{ videos { ${fields} } }`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.errors)).toMatch(/too costly/);
  });

  it('counts a fragment every time it is used', async () => {
    // 10 aliases x 60 fields = 600 fields once the fragment is expanded, 70 as written
    const aliases = Array.from({ length: 10 }, (_, i) => `v${i}: videos(pagination: { limit: 1 }) { ...Card }`).join(
      ' ',
    );
    const fields = Array.from({ length: 60 }, (_, i) => `f${i}: slug`).join(' ');
    const response = await graphql(`{ ${aliases} } fragment Card on Video { ${fields} }`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.errors)).toMatch(/selects more than 500 fields/);
  });

  it('refuses a fragment cycle', async () => {
    const response = await graphql(
      '{ videos { ...A } } fragment A on Video { creator { videos { ...B } } } fragment B on Video { ...A }',
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.errors)).toMatch(/cycle/i);
  });

  it('weighs lists by their page size: nested full pages are refused, small pages served', async () => {
    const big = await graphql(
      '{ tags(pagination: { limit: 100 }) { videos(pagination: { limit: 100 }) { slug title } } }',
    );
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.body.errors)).toMatch(/could hold more than 10000 values/);
    const small = await graphql(
      '{ tags(pagination: { limit: 20 }) { videos(pagination: { limit: 20 }) { slug title } } }',
    );
    expect(small.body.errors).toBeUndefined();
    expect(slugsIn(small.body)).toContain('alice-public');
  });

  it('caps a page at the page-size limit', async () => {
    const response = await graphql('{ videos(pagination: { pageSize: 1000 }) { slug } }');
    expect(response.body.errors ?? []).toEqual([]);
    expect(response.body.data.videos.length).toBeLessThanOrEqual(100);
  });

  it('refuses a query deeper than the depth limit', async () => {
    const deep =
      '{ creators { videos { creator { videos { creator { videos { creator { videos { slug } } } } } } } } }';
    const response = await graphql(deep);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.errors)).toMatch(/depth/i);
  });
});
