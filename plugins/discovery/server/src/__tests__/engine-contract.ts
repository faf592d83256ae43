/**
 * What every search engine must do, as one suite: run against the embedded engine always
 * (embedded-engine.test.ts) and against a real Meilisearch when MEILI_HOST is set (meilisearch-engine.test.ts).
 */
import type { SearchVideoCard } from '@framecast/contracts';
import { toSearchDocument } from '../services/documents';
import type { EngineQuery, SearchDocument, SearchEngine } from '../engines/types';

const NOW_S = Math.floor(Date.now() / 1000);
const DAY = 86_400;

type Seed = {
  id: string;
  title: string;
  description?: string;
  tags?: string[];
  category?: string;
  creator?: string;
  duration?: number;
  daysAgo?: number;
  views?: number;
  rating?: number;
  trending?: number;
  /** the creator's chapter list: [start seconds, title] */
  chapters?: Array<[number, string]>;
  /** the transcript track's WebVTT text */
  captions?: string;
};

let nextId = 1;
export function doc(seed: Seed): SearchDocument {
  const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const creator = seed.creator ?? 'ada';
  const document = toSearchDocument(
    {
      id: nextId++,
      documentId: seed.id,
      title: seed.title,
      slug: slugOf(seed.title),
      description: seed.description ?? '',
      duration: seed.duration ?? 120,
      language: 'en',
      publishedAt: new Date((NOW_S - (seed.daysAgo ?? 10) * DAY) * 1000).toISOString(),
      viewCount: seed.views ?? 0,
      ratingAverage: seed.rating ?? 0,
      ratingCount: seed.rating ? 10 : 0,
      category: seed.category
        ? { id: 1, documentId: `cat${slugOf(seed.category)}`, name: seed.category, slug: slugOf(seed.category) }
        : null,
      tags: (seed.tags ?? []).map((tag, index) => ({
        id: index + 1,
        documentId: `tag${slugOf(tag)}`,
        name: tag,
        slug: slugOf(tag),
      })),
      creator: {
        id: 1,
        documentId: `cr${creator}`,
        handle: creator,
        displayName: `${creator[0]!.toUpperCase()}${creator.slice(1)} Lovelace`,
        verified: false,
        avatar: null,
      },
      poster: null,
      playback: null as SearchVideoCard['playback'],
      chapters: (seed.chapters ?? []).map(([startSeconds, title]) => ({ startSeconds, title })),
    },
    seed.trending ?? 0,
    seed.captions ?? null,
  );
  return document;
}

export const CATALOG: SearchDocument[] = [
  doc({
    id: 'vidramen000001',
    title: 'Weeknight ramen in 20 minutes',
    description: 'A fast broth, noodles and toppings for a weeknight dinner.',
    tags: ['Noodles', 'Quick'],
    category: 'Cooking',
    creator: 'kenji',
    duration: 600,
    daysAgo: 2,
    views: 500,
    rating: 4.5,
    trending: 30,
  }),
  doc({
    id: 'vidbread000002',
    title: 'No-knead bread, explained step by step',
    description: 'Flour, water, salt, yeast and time. The bread bakes in a covered pot.',
    tags: ['Baking'],
    category: 'Cooking',
    creator: 'kenji',
    duration: 1500,
    daysAgo: 40,
    views: 2000,
    rating: 4.9,
    trending: 10,
  }),
  doc({
    id: 'videvent000003',
    title: 'The JavaScript event loop, one frame at a time',
    description: 'A tutorial on tasks, microtasks and rendering in the browser.',
    tags: ['JavaScript', 'Browsers'],
    category: 'Programming',
    creator: 'ada',
    duration: 900,
    daysAgo: 5,
    views: 1200,
    rating: 4.7,
    trending: 50,
  }),
  doc({
    id: 'vidasync000004',
    title: 'async/await without the mystery',
    description: 'Promises first, then the syntax that hides them.',
    tags: ['JavaScript'],
    category: 'Programming',
    creator: 'ada',
    duration: 200,
    daysAgo: 0.2,
    views: 300,
    rating: 4.1,
    trending: 80,
  }),
  doc({
    id: 'vidtests000005',
    title: 'Writing tests you will still trust next year',
    description: 'A tutorial about brittle tests and names that explain failures.',
    tags: ['Testing'],
    category: 'Programming',
    creator: 'lena',
    duration: 1800,
    daysAgo: 200,
    views: 50,
    rating: 3.2,
  }),
  doc({
    id: 'vidpiano000006',
    title: 'Five-minute piano warm-up for stiff hands',
    description: 'Scales and stretches before you play.',
    tags: ['Piano'],
    category: 'Music',
    creator: 'lena',
    duration: 300,
    daysAgo: 400,
    views: 5000,
    rating: 4.0,
    trending: 5,
  }),
  doc({
    id: 'vidcafe0000007',
    title: 'Café culture in Vienna',
    description: 'Coffee houses and their long history.',
    tags: ['Travel'],
    category: 'Culture',
    creator: 'lena',
    duration: 2400,
    daysAgo: 20,
    views: 10,
    rating: 0,
  }),
  doc({
    id: 'vidmoon0000008',
    title: 'How far away is the Moon, really?',
    description: `${'Measuring distances in space needs a ruler of light. '.repeat(8)}The laser reflectors left by astronauts give the answer. ${'Light comes back after about two and a half seconds. '.repeat(6)}`,
    tags: ['Space'],
    category: 'Science',
    creator: 'ada',
    duration: 420,
    daysAgo: 60,
    views: 800,
    rating: 4.4,
    trending: 20,
  }),
];

/** A lesson whose words are said in its captions and named in its chapters, not in its title or description. */
export const CAPTIONED = doc({
  id: 'vidknife000009',
  title: 'Kitchen knife basics',
  description: 'Holding a knife and the first cuts.',
  tags: ['Knives'],
  category: 'Cooking',
  creator: 'kenji',
  duration: 300,
  daysAgo: 3,
  views: 40,
  chapters: [
    [0, 'Holding the knife'],
    [120, 'Sharpening on a whetstone'],
  ],
  captions: [
    'WEBVTT',
    '',
    '00:00:05.000 --> 00:00:09.000',
    'Hold the handle with three fingers.',
    '',
    '00:01:35.500 --> 00:01:39.000',
    'Now we <i>julienne</i> the carrots into thin matchsticks.',
    '',
    '00:02:10.000 --> 00:02:14.000',
    'Keep the angle steady while sharpening.',
    '',
    '00:02:30.000 --> 00:02:34.000',
    'A sharp knife slices soft bread without crushing it.',
    '',
  ].join('\n'),
});

const ids = (hits: Array<{ document: SearchDocument }>) => hits.map((hit) => hit.document.id);

export function engineContract(name: string, makeEngine: () => Promise<SearchEngine>) {
  describe(`search engine contract: ${name}`, () => {
    let engine: SearchEngine;
    const query = (overrides: Partial<EngineQuery>): EngineQuery => ({
      q: '',
      filters: {},
      sort: 'relevance',
      offset: 0,
      limit: 20,
      matching: 'all',
      facets: false,
      ...overrides,
    });
    const search = (overrides: Partial<EngineQuery>, windows: number[] = []) =>
      engine.search(query(overrides), windows);

    beforeAll(async () => {
      engine = await makeEngine();
      await engine.init();
      await engine.rebuild(
        (async function* () {
          yield CATALOG;
        })(),
        CATALOG.length,
      );
    });
    afterAll(async () => {
      await engine?.close();
    });

    test('holds every document it was given', async () => {
      expect(await engine.count()).toBe(CATALOG.length);
    });

    test('finds a video by a word of its title', async () => {
      expect(ids((await search({ q: 'ramen' })).hits)).toEqual(['vidramen000001']);
    });

    test('tolerates typos: a swapped pair of letters and a missing letter', async () => {
      expect(ids((await search({ q: 'tutorail' })).hits).sort()).toEqual(['videvent000003', 'vidtests000005']);
      expect(ids((await search({ q: 'javscript' })).hits).sort()).toEqual(['vidasync000004', 'videvent000003']);
    });

    test('does not allow typos in short words', async () => {
      expect((await search({ q: 'pot' })).hits.map((hit) => hit.document.id)).toEqual(['vidbread000002']);
      expect((await search({ q: 'pit' })).total).toBe(0);
    });

    test('matches the last word as a prefix (search as you type)', async () => {
      expect(ids((await search({ q: 'weeknight ram' })).hits)).toEqual(['vidramen000001']);
    });

    test('folds accents and case', async () => {
      expect(ids((await search({ q: 'CAFE' })).hits)).toEqual(['vidcafe0000007']);
    });

    test('finds synonyms', async () => {
      // "guide" is declared a synonym of "tutorial"
      expect(ids((await search({ q: 'guide' })).hits).sort()).toEqual(['videvent000003', 'vidtests000005']);
    });

    test('ignores stop words', async () => {
      expect(ids((await search({ q: 'the bread' })).hits)).toEqual(['vidbread000002']);
    });

    test('requires every word in search mode, any word in related mode (more words first)', async () => {
      expect((await search({ q: 'ramen bread' })).total).toBe(0);
      const any = await search({ q: 'ramen weeknight bread', matching: 'any' });
      expect(ids(any.hits).slice(0, 2)).toEqual(['vidramen000001', 'vidbread000002']);
    });

    test('ranks a match in the title above a match in the description', async () => {
      const result = await search({ q: 'broth' });
      expect(ids(result.hits)).toEqual(['vidramen000001']);
      const loop = await search({ q: 'browser' });
      expect(ids(loop.hits)[0]).toBe('videvent000003');
      const javascript = await search({ q: 'javascript event' });
      expect(ids(javascript.hits)).toEqual(['videvent000003']);
    });

    test('filters by category, creator, duration, upload date, tags (all of them) and excluded ids', async () => {
      expect(ids((await search({ filters: { categorySlug: 'cooking' }, sort: 'newest' })).hits)).toEqual([
        'vidramen000001',
        'vidbread000002',
      ]);
      expect(ids((await search({ filters: { creatorHandle: 'lena' }, sort: 'newest' })).hits)).toEqual([
        'vidcafe0000007',
        'vidtests000005',
        'vidpiano000006',
      ]);
      expect(ids((await search({ filters: { durationBucket: 'long' }, sort: 'newest' })).hits)).toEqual(
        ['vidbread000002', 'vidcafe0000007', 'vidtests000005'].sort(
          (a, b) => CATALOG.find((d) => d.id === b)!.publishedAt - CATALOG.find((d) => d.id === a)!.publishedAt,
        ),
      );
      expect(ids((await search({ filters: { publishedAfter: NOW_S - 3 * DAY }, sort: 'newest' })).hits)).toEqual([
        'vidasync000004',
        'vidramen000001',
      ]);
      expect(ids((await search({ filters: { tagSlugs: ['javascript', 'browsers'] } })).hits)).toEqual([
        'videvent000003',
      ]);
      expect(ids((await search({ q: 'javascript', filters: { excludeIds: ['videvent000003'] } })).hits)).toEqual([
        'vidasync000004',
      ]);
      expect(
        ids((await search({ q: 'tutorial', filters: { categorySlug: 'programming', creatorHandle: 'lena' } })).hits),
      ).toEqual(['vidtests000005']);
    });

    test('filters by any of a category, tags or a creator (related videos)', async () => {
      const result = await search({
        filters: { anyOf: { categorySlug: 'music', tagSlugs: ['space'] } },
        sort: 'newest',
      });
      expect(ids(result.hits)).toEqual(['vidmoon0000008', 'vidpiano000006']);
    });

    test('sorts by newest, most viewed, top rated and trending', async () => {
      expect(ids((await search({ sort: 'newest', limit: 3 })).hits)).toEqual([
        'vidasync000004',
        'vidramen000001',
        'videvent000003',
      ]);
      expect(ids((await search({ sort: 'views', limit: 3 })).hits)).toEqual([
        'vidpiano000006',
        'vidbread000002',
        'videvent000003',
      ]);
      expect(ids((await search({ sort: 'rating', limit: 2 })).hits)).toEqual(['vidbread000002', 'videvent000003']);
      expect(ids((await search({ sort: 'trending', limit: 3 })).hits)).toEqual([
        'vidasync000004',
        'videvent000003',
        'vidramen000001',
      ]);
      // an explicit sort wins over relevance among the matches
      expect(ids((await search({ q: 'tutorial', sort: 'views' })).hits)).toEqual(['videvent000003', 'vidtests000005']);
    });

    test('pages through results with a total that counts them all', async () => {
      const first = await search({ sort: 'newest', limit: 3, offset: 0 });
      const second = await search({ sort: 'newest', limit: 3, offset: 3 });
      expect(first.total).toBe(CATALOG.length);
      expect(second.total).toBe(CATALOG.length);
      expect(new Set([...ids(first.hits), ...ids(second.hits)]).size).toBe(6);
    });

    test('counts facets over the whole filtered result, with labels, and per upload window', async () => {
      const windows = [NOW_S - DAY, NOW_S - 7 * DAY, NOW_S - 30 * DAY, NOW_S - 365 * DAY];
      const result = await search({ filters: { categorySlug: 'programming' }, facets: true, limit: 1 }, windows);
      expect(result.total).toBe(3);
      expect(result.facets!.categoryFacet).toEqual({ 'programming\tProgramming': 3 });
      expect(result.facets!.creatorFacet).toEqual({ 'ada\tAda Lovelace': 2, 'lena\tLena Lovelace': 1 });
      expect(result.facets!.tagFacets).toEqual({
        'javascript\tJavaScript': 2,
        'browsers\tBrowsers': 1,
        'testing\tTesting': 1,
      });
      expect(result.facets!.durationBucket).toEqual({ short: 1, medium: 1, long: 1 });
      expect(result.uploadedCounts).toEqual([1, 2, 2, 3]);
    });

    test('highlights the matched words, also through a typo, and crops a long description around the match', async () => {
      const [hit] = (await search({ q: 'tutorail', filters: { creatorHandle: 'ada' } })).hits;
      expect(hit!.highlight.description.filter((part) => part.match).map((part) => part.text.toLowerCase())).toEqual([
        'tutorial',
      ]);
      const [moon] = (await search({ q: 'reflectors' })).hits;
      const text = moon!.highlight.description.map((part) => part.text).join('');
      expect(moon!.highlight.description.some((part) => part.match && part.text === 'reflectors')).toBe(true);
      expect(text.startsWith('…')).toBe(true);
      expect(text.length).toBeLessThan(moon!.document.description.length);
      const [ramen] = (await search({ q: 'ramen' })).hits;
      expect(ramen!.highlight.title).toEqual([
        { text: 'Weeknight ', match: false },
        { text: 'ramen', match: true },
        { text: ' in 20 minutes', match: false },
      ]);
    });

    test('suggests up to the limit for a prefix, with the title highlighted', async () => {
      const suggestions = await engine.suggest('jav', 8);
      expect(suggestions.map((suggestion) => suggestion.document.id).sort()).toEqual([
        'vidasync000004',
        'videvent000003',
      ]);
      expect((await engine.suggest('t', 1)).length).toBeLessThanOrEqual(1);
      expect((await engine.suggest('Weeknight ra', 8)).map((suggestion) => suggestion.document.id)).toEqual([
        'vidramen000001',
      ]);
      const [first] = await engine.suggest('piano warm', 8);
      expect(first!.document.id).toBe('vidpiano000006');
      expect(first!.highlight.filter((part) => part.match).map((part) => part.text.toLowerCase())).toEqual([
        'piano',
        'warm',
      ]);
    });

    test('replaces a document on upsert and forgets it on remove', async () => {
      const renamed = {
        ...CATALOG[6]!,
        title: 'Espresso culture in Vienna',
        card: { ...CATALOG[6]!.card, title: 'Espresso culture in Vienna' },
      };
      await engine.upsert([renamed]);
      expect(ids((await search({ q: 'espresso' })).hits)).toEqual(['vidcafe0000007']);
      expect((await search({ q: 'café' })).total).toBe(0);
      await engine.remove(['vidcafe0000007']);
      expect((await search({ q: 'espresso' })).total).toBe(0);
      expect(await engine.count()).toBe(CATALOG.length - 1);
      await engine.upsert([CATALOG[6]!]);
      expect(await engine.count()).toBe(CATALOG.length);
    });

    test('a rebuild replaces everything at once and reports progress', async () => {
      const steps: number[] = [];
      const fresh = [doc({ id: 'vidnew00000009', title: 'Brand new lesson on sourdough' })];
      await engine.rebuild(
        (async function* () {
          yield fresh;
        })(),
        1,
        (done) => steps.push(done),
      );
      expect(await engine.count()).toBe(1);
      expect(ids((await search({ q: 'sourdough' })).hits)).toEqual(['vidnew00000009']);
      expect((await search({ q: 'ramen' })).total).toBe(0);
      expect(steps).toEqual([1]);
      await engine.rebuild(
        (async function* () {
          yield CATALOG.slice(0, 4);
          yield CATALOG.slice(4);
        })(),
        CATALOG.length,
      );
      expect(await engine.count()).toBe(CATALOG.length);
    });

    describe('search into videos: chapters and captions', () => {
      beforeAll(async () => {
        await engine.upsert([CAPTIONED]);
      });
      afterAll(async () => {
        await engine.remove([CAPTIONED.id]);
      });

      test('a word said only in the captions finds the video, with the line and the second it starts', async () => {
        const result = await search({ q: 'julienne' });
        expect(ids(result.hits)).toEqual(['vidknife000009']);
        const { moment } = result.hits[0]!;
        expect(moment).toMatchObject({ start: 95, kind: 'caption' });
        expect(moment!.text.map((part) => part.text).join('')).toBe(
          'Now we julienne the carrots into thin matchsticks.',
        );
        expect(moment!.text.filter((part) => part.match).map((part) => part.text)).toEqual(['julienne']);
      });

      test('the line with the most of the words wins; a chapter title wins a tie with a caption', async () => {
        const both = await search({ q: 'julienne carrots' });
        expect(both.hits[0]!.moment).toMatchObject({ start: 95, kind: 'caption' });
        const sharpening = await search({ q: 'sharpening' });
        expect(ids(sharpening.hits)).toEqual(['vidknife000009']);
        expect(sharpening.hits[0]!.moment).toMatchObject({ start: 120, kind: 'chapter' });
        expect(sharpening.hits[0]!.moment!.text.map((part) => part.text).join('')).toBe('Sharpening on a whetstone');
        // words in two different lines: the video matches, and the line with the rarer word is shown
        const across = await search({ q: 'whetstone matchsticks' });
        expect(ids(across.hits)).toEqual(['vidknife000009']);
        expect(across.hits[0]!.moment).not.toBeNull();
      });

      test('a title match outranks a caption match; a hit that names no line has no moment', async () => {
        const bread = await search({ q: 'bread' });
        expect(ids(bread.hits)).toEqual(['vidbread000002', 'vidknife000009']);
        expect(bread.hits[0]!.moment).toBeNull();
        expect(bread.hits[1]!.moment).toMatchObject({ start: 150, kind: 'caption' });
        expect((await search({ q: 'ramen' })).hits[0]!.moment).toBeNull();
        const browse = await search({ q: '', filters: { creatorHandle: 'kenji' } });
        expect(browse.hits.every((hit) => hit.moment === null)).toBe(true);
      });

      test('what is said is searched with the same typo tolerance as titles', async () => {
        const result = await search({ q: 'matchstiks' });
        expect(ids(result.hits)).toEqual(['vidknife000009']);
        expect(result.hits[0]!.moment).toMatchObject({ start: 95 });
      });
    });
  });
}
