/**
 * The embedded engine scores through engines/text-index.ts, which must give exactly what MiniSearch's own search()
 * gave: a twin engine on the previous code path (minisearch-reference-engine.ts) answers the same few thousand
 * varied searches and suggestions over the same changing catalog, and every answer must be identical.
 */
import { DURATION_BUCKETS, type SearchSort } from '@framecast/contracts';
import { EmbeddedEngine } from '../engines/embedded';
import type { EngineFilters, EngineQuery, SearchDocument, SearchEngine } from '../engines/types';
import { synonymGroups } from '../utils/index-settings';
import { doc } from './engine-contract';
import { MiniSearchReferenceEngine } from './minisearch-reference-engine';

let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const some = <T>(list: readonly T[], max: number): T[] => [
  ...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(list))),
];

const TOPICS = (
  'ramen noodles broth knife sharpening whetstone guitar chord melody piano rhythm physics quantum gravity ' +
  'planet galaxy telescope garden compost seeds tomato database postgres index cache compiler parser python ' +
  'rust docker kubernetes painting watercolor portrait camera lens lighting running yoga breathing posture'
).split(' ');
// real words one adjacent swap apart (transpositions are tried only where they make a word), accents, synonyms
const TRICKY = ['trail', 'trial', 'diary', 'dairy', 'quiet', 'quite', 'casual', 'causal', 'united', 'untied', 'angle'];
const ACCENTED = ['café', 'crème', 'brûlée', 'naïve', 'über', 'jalapeño'];
const SYNONYMS = synonymGroups.flat();
const FILLER = Array.from(
  { length: 300 },
  (_, i) => `${pick(['ka', 'lo', 'mi', 'ne', 'ru'])}${pick(['sa', 'ti', 'vo'])}${i}`,
);
const STOP = ['the', 'and', 'of', 'with', 'a', 'in'];
const VOCABULARY = [...TOPICS, ...TOPICS, ...TRICKY, ...ACCENTED, ...SYNONYMS, ...FILLER, ...STOP, ...STOP];
const CATEGORIES = ['Cooking', 'Music', 'Science', 'Gardening', 'Programming', 'Art', 'Fitness'];
const TAGS = ['Noodles', 'Quick', 'Beginner', 'Advanced', 'Jazz', 'Space', 'Rust', 'Outdoor', 'Tutorial', 'Café'];
const CREATORS = ['ada', 'kenji', 'marie', 'linus', 'grace', 'alan', 'emmy', 'niels'];

const sentence = (min: number, max: number) =>
  Array.from({ length: min + Math.floor(random() * (max - min)) }, () => pick(VOCABULARY)).join(' ');
const seconds = (s: number) => new Date(s * 1000).toISOString().slice(11, 23);

let nextVideo = 0;
function video(id = `vid${String((nextVideo += 1)).padStart(6, '0')}`): SearchDocument {
  const spoken = random() < 0.3;
  const cues = spoken ? Array.from({ length: 3 + Math.floor(random() * 12) }, (_, i) => [i * 7, sentence(4, 12)]) : [];
  return doc({
    id,
    title: sentence(2, 7).replace(/^./, (c) => c.toUpperCase()),
    description: random() < 0.1 ? '' : `${sentence(10, 60)}.`,
    tags: random() < 0.15 ? [] : some(TAGS, 3),
    category: random() < 0.1 ? undefined : pick(CATEGORIES),
    creator: pick(CREATORS),
    duration: Math.round(30 + random() ** 2 * 3600),
    daysAgo: Math.floor(random() * 400),
    views: Math.floor(random() * 50),
    rating: random() < 0.3 ? 0 : Math.round(random() * 50) / 10,
    trending: Math.floor(random() * 8),
    chapters:
      random() < 0.25 ? [[0, sentence(1, 4)] as [number, string], [60, sentence(1, 4)] as [number, string]] : [],
    captions: spoken
      ? [
          'WEBVTT',
          ...cues.flatMap(([start, text]) => [
            '',
            `${seconds(start as number)} --> ${seconds((start as number) + 5)}`,
            text as string,
          ]),
        ].join('\n')
      : undefined,
  });
}

/** A word as someone might type it: whole, cut short, with a typo or a swap, in capitals, or a synonym. */
function typed(word: string): string {
  const roll = random();
  if (roll < 0.35 || word.length < 3) return word;
  if (roll < 0.55) return word.slice(0, 1 + Math.floor(random() * (word.length - 1)));
  const at = Math.floor(random() * (word.length - 1));
  if (roll < 0.65) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  if (roll < 0.75) return word.slice(0, at) + pick(['e', 'a', 'x']) + word.slice(at + 1);
  if (roll < 0.8) return word.slice(0, at) + word.slice(at + 1);
  if (roll < 0.9) return word.toUpperCase();
  return pick(SYNONYMS);
}

function filters(ids: string[]): EngineFilters {
  const chosen: EngineFilters = {};
  if (random() < 0.25) chosen.categorySlug = pick(CATEGORIES).toLowerCase();
  if (random() < 0.2) chosen.tagSlugs = some(TAGS, 2).map((tag) => tag.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  if (random() < 0.15) chosen.creatorHandle = pick(CREATORS);
  if (random() < 0.15) chosen.durationBucket = pick(DURATION_BUCKETS);
  if (random() < 0.15) chosen.publishedAfter = Math.floor(Date.now() / 1000) - Math.floor(random() * 300) * 86_400;
  if (random() < 0.1) chosen.excludeIds = some(ids, 3);
  return chosen;
}

const SORTS: SearchSort[] = ['relevance', 'relevance', 'relevance', 'newest', 'views', 'rating', 'trending'];

function searchQuery(ids: string[]): EngineQuery {
  const related = random() < 0.15;
  const words = Array.from({ length: 1 + Math.floor(random() * (related ? 6 : 3)) }, () => pick(VOCABULARY));
  const q = words.map((word, i) => (i === words.length - 1 || random() < 0.3 ? typed(word) : word)).join(' ');
  return {
    q: random() < 0.05 ? '' : q,
    filters: related
      ? {
          excludeIds: [pick(ids)],
          anyOf: { categorySlug: pick(CATEGORIES).toLowerCase(), creatorHandle: pick(CREATORS) },
        }
      : filters(ids),
    sort: related ? 'relevance' : pick(SORTS),
    offset: pick([0, 0, 0, 5, 10, 20, 40]),
    limit: pick([5, 10, 12, 20]),
    matching: related ? 'any' : 'all',
    facets: random() < 0.6,
  };
}

const WINDOWS = [1, 7, 30, 365].map((days) => Math.floor(Date.now() / 1000) - days * 86_400);

async function same(engine: SearchEngine, reference: SearchEngine, query: EngineQuery): Promise<void> {
  const strip = ({ processingTimeMs: _time, ...rest }: { processingTimeMs: number }) => rest;
  const actual = JSON.stringify(strip(await engine.search(query, WINDOWS)));
  const expected = JSON.stringify(strip(await reference.search(query, WINDOWS)));
  if (actual !== expected) throw new Error(`different results for ${JSON.stringify(query)}`);
}

async function sameSuggestions(engine: SearchEngine, reference: SearchEngine, prefix: string, limit: number) {
  const actual = JSON.stringify(await engine.suggest(prefix, limit));
  const expected = JSON.stringify(await reference.suggest(prefix, limit));
  if (actual !== expected) throw new Error(`different suggestions for ${JSON.stringify(prefix)}`);
}

describe('embedded engine scoring (engines/text-index.ts) against MiniSearch search()', () => {
  const engine = new EmbeddedEngine();
  const reference = new MiniSearchReferenceEngine();
  const catalog = Array.from({ length: 1200 }, () => video());
  let ids = catalog.map((document) => document.id);

  beforeAll(async () => {
    async function* batches() {
      for (let i = 0; i < catalog.length; i += 250) yield catalog.slice(i, i + 250);
    }
    await engine.rebuild(batches(), catalog.length);
    await reference.rebuild(batches(), catalog.length);
  });

  /** Edits some videos, removes some and adds some: MiniSearch then holds discarded postings it cleans as it searches. */
  async function change(): Promise<void> {
    const edited = some(ids, 40).map((id) => video(id));
    const removed = some(ids, 20).filter((id) => !edited.some((document) => document.id === id));
    const added = Array.from({ length: 10 }, () => video());
    for (const target of [engine, reference]) {
      await target.upsert([...edited, ...added]);
      await target.remove(removed);
    }
    ids = [...ids.filter((id) => !removed.includes(id)), ...added.map((document) => document.id)];
  }

  test('the same results for 2,400 searches over a catalog that changes between them', async () => {
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 800; i += 1) await same(engine, reference, searchQuery(ids));
      await change();
    }
  });

  test('the same results for browsing, words that match nearly everything, many words, every sort and page', async () => {
    const long = Array.from(new Set(VOCABULARY.filter((word) => !STOP.includes(word))))
      .slice(0, 45)
      .join(' ');
    // an earlier word that the last one (still being typed) completes to: MiniSearch keeps the fields of the last match
    const completed = ['sharpening sharp', 'guitar gui', 'telescope tele', 'compost comp', 'melody mel', 'breathing b'];
    const recently = Math.floor(Date.now() / 1000) - 90 * 86_400;
    for (const q of [
      '',
      'a',
      'k',
      'ka',
      'lo',
      'p',
      'the',
      'guide',
      'js',
      'trail',
      'tiral',
      'cafe',
      'CAFÉ',
      long,
      ...completed,
    ]) {
      for (const sort of SORTS) {
        for (const offset of [0, 20]) {
          await same(engine, reference, { q, filters: {}, sort, offset, limit: 20, matching: 'all', facets: true });
          await same(engine, reference, {
            q,
            filters: { categorySlug: 'cooking' },
            sort,
            offset,
            limit: 20,
            matching: 'all',
            facets: true,
          });
          for (const filters of [{ publishedAfter: recently }, { creatorHandle: 'ada', publishedAfter: recently }])
            await same(engine, reference, { q, filters, sort, offset, limit: 20, matching: 'all', facets: true });
        }
      }
      await same(engine, reference, {
        q,
        filters: {},
        sort: 'relevance',
        offset: 0,
        limit: 12,
        matching: 'any',
        facets: false,
      });
    }
  });

  test('the same suggestions for 600 prefixes', async () => {
    for (let i = 0; i < 600; i += 1) {
      const words = Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(VOCABULARY));
      const last = words.pop()!;
      const prefix = [...words, typed(last).slice(0, 1 + Math.floor(random() * last.length))].join(' ');
      await sameSuggestions(engine, reference, random() < 0.2 ? `${prefix} ` : prefix, pick([5, 8, 10]));
    }
  });
});
