/**
 * The embedded engine as it was before engines/text-index.ts: every search scored by MiniSearch's own search(),
 * filters applied afterwards. Kept, unchanged but for its name, as the reference text-index.test.ts compares the
 * engine with (its results must stay identical). Not used outside tests.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { SearchSort } from '@framecast/contracts';
import { attributeWeights, searchableAttributes, synonymsMap, typoTolerance } from '../utils/index-settings';
import { bestMoment, cropAroundMatch, isStopWord, markWords, normalizeTerm, queryWords } from '../engines/text';
import type {
  EngineFilters,
  EngineHit,
  EngineQuery,
  EngineResult,
  EngineSuggestion,
  FacetCounts,
  RebuildProgress,
  SearchDocument,
  SearchEngine,
} from '../engines/types';

type Fields = (typeof searchableAttributes)[number];
const SUGGEST_FIELDS: Fields[] = ['title', 'tags', 'creatorName', 'creatorHandle'];
const PREFIX_FIELDS: Fields[] = searchableAttributes.filter((field) => field !== 'transcript');

/** A document and its facet values as slots in FacetSlots, so counting facets is integer arithmetic. */
interface Entry {
  document: SearchDocument;
  slots: number[];
}

/** Every facet value seen, numbered; slots are never reused (a rebuild starts afresh). */
class FacetSlots {
  private readonly byKey = new Map<string, number>();
  readonly fields: Array<keyof FacetCounts> = [];
  readonly values: string[] = [];

  slot(field: keyof FacetCounts, value: string): number {
    const key = `${field}\u0000${value}`;
    let slot = this.byKey.get(key);
    if (slot === undefined) {
      slot = this.values.length;
      this.byKey.set(key, slot);
      this.fields.push(field);
      this.values.push(value);
    }
    return slot;
  }

  slotsOf(document: SearchDocument): number[] {
    const slots = [this.slot('durationBucket', document.durationBucket)];
    if (document.categoryFacet) slots.push(this.slot('categoryFacet', document.categoryFacet));
    if (document.creatorFacet) slots.push(this.slot('creatorFacet', document.creatorFacet));
    for (const tag of document.tagFacets) slots.push(this.slot('tagFacets', tag));
    return slots;
  }
}

interface IndexState {
  mini: MiniSearch<SearchDocument>;
  docs: Map<string, Entry>;
  facetSlots: FacetSlots;
  /** every indexed term: transpositions are only tried where they make a real word */
  vocabulary: Set<string>;
  /** all documents in each sort order, for searches without words; dropped on every change */
  sorted: Map<SearchSort, Entry[]>;
  /** facet counts of searches without words, by filters (browsing pages ask the same few); dropped on every change */
  browseFacets: Map<string, { facets: FacetCounts; uploaded: number[]; windows: string }>;
  /** the documents with one filter value (a category, creator, tag or duration), in one sort order; dropped on every change */
  sortedSubsets: Map<string, Entry[]>;
}

function createState(): IndexState {
  const vocabulary = new Set<string>();
  const mini = new MiniSearch<SearchDocument>({
    fields: [...searchableAttributes],
    storeFields: [],
    extractField: (document, field) => {
      const value = (document as unknown as Record<string, unknown>)[field];
      return Array.isArray(value) ? value.join(' ') : ((value as string | null | undefined) ?? '');
    },
    processTerm: (term) => {
      const normalized = normalizeTerm(term);
      if (!normalized || isStopWord(normalized)) return null;
      vocabulary.add(normalized);
      return normalized;
    },
    searchOptions: {
      // queryWords already left stop words out (all but one still being typed)
      processTerm: (term) => normalizeTerm(term) || null,
    },
  });
  return {
    mini,
    docs: new Map(),
    facetSlots: new FacetSlots(),
    vocabulary,
    sorted: new Map(),
    browseFacets: new Map(),
    sortedSubsets: new Map(),
  };
}

function typosAllowed(word: string): number {
  if (!typoTolerance.enabled) return 0;
  const { oneTypo, twoTypos } = typoTolerance.minWordSizeForTypos;
  return word.length >= twoTypos ? 2 : word.length >= oneTypo ? 1 : 0;
}

function transpositions(word: string): string[] {
  const variants: string[] = [];
  for (let i = 0; i < word.length - 1; i += 1) {
    if (word[i] === word[i + 1]) continue;
    variants.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return variants;
}

const compareBy: Record<Exclude<SearchSort, 'relevance'>, (a: SearchDocument, b: SearchDocument) => number> = {
  newest: (a, b) => b.publishedAt - a.publishedAt || b.views - a.views,
  views: (a, b) => b.views - a.views || b.publishedAt - a.publishedAt,
  rating: (a, b) => b.rating - a.rating || b.ratingCount - a.ratingCount || b.views - a.views,
  trending: (a, b) => b.trending - a.trending || b.views - a.views || b.publishedAt - a.publishedAt,
};

function hasFilters(filters: EngineFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined);
}

function matchesFilters(document: SearchDocument, filters: EngineFilters): boolean {
  if (filters.categorySlug !== undefined && document.categorySlug !== filters.categorySlug) return false;
  if (filters.creatorHandle !== undefined && document.creatorHandle !== filters.creatorHandle) return false;
  if (filters.durationBucket !== undefined && document.durationBucket !== filters.durationBucket) return false;
  if (filters.publishedAfter !== undefined && document.publishedAt < filters.publishedAfter) return false;
  if (filters.tagSlugs && !filters.tagSlugs.every((slug) => document.tagSlugs.includes(slug))) return false;
  if (filters.excludeIds && filters.excludeIds.includes(document.id)) return false;
  if (filters.anyOf) {
    const { categorySlug, tagSlugs, creatorHandle } = filters.anyOf;
    const any =
      (categorySlug !== undefined && document.categorySlug === categorySlug) ||
      (creatorHandle !== undefined && document.creatorHandle === creatorHandle) ||
      (tagSlugs !== undefined && tagSlugs.some((slug) => document.tagSlugs.includes(slug)));
    if (!any) return false;
  }
  return true;
}

function countFacets(entries: Entry[], facetSlots: FacetSlots): FacetCounts {
  const counts = new Uint32Array(facetSlots.values.length);
  for (const entry of entries) for (const slot of entry.slots) counts[slot]! += 1;
  const facets: FacetCounts = { categoryFacet: {}, tagFacets: {}, creatorFacet: {}, durationBucket: {} };
  for (let slot = 0; slot < counts.length; slot += 1) {
    if (counts[slot]! > 0) facets[facetSlots.fields[slot]!][facetSlots.values[slot]!] = counts[slot]!;
  }
  return facets;
}

export class MiniSearchReferenceEngine implements SearchEngine {
  readonly name = 'embedded' as const;
  private state = createState();
  private readonly synonyms = synonymsMap();

  async init(): Promise<void> {}

  async count(): Promise<number> {
    return this.state.docs.size;
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    const { mini, docs, facetSlots } = this.state;
    for (const document of documents) {
      if (docs.has(document.id)) mini.replace(document);
      else mini.add(document);
      docs.set(document.id, { document, slots: facetSlots.slotsOf(document) });
    }
    if (documents.length > 0) this.invalidate();
  }

  async remove(ids: string[]): Promise<void> {
    const { mini, docs } = this.state;
    let changed = false;
    for (const id of ids) {
      if (!docs.has(id)) continue;
      mini.discard(id);
      docs.delete(id);
      changed = true;
    }
    if (changed) this.invalidate();
  }

  private invalidate(): void {
    this.state.sorted.clear();
    this.state.browseFacets.clear();
    this.state.sortedSubsets.clear();
  }

  /** Browsing with filters starts from the documents of one filter value rather than all of them. */
  private browseCandidates(sort: SearchSort, filters: EngineFilters): Entry[] {
    const narrowing: Array<[string, EngineFilters]> = [];
    if (filters.categorySlug !== undefined)
      narrowing.push([`category:${filters.categorySlug}`, { categorySlug: filters.categorySlug }]);
    if (filters.creatorHandle !== undefined)
      narrowing.push([`creator:${filters.creatorHandle}`, { creatorHandle: filters.creatorHandle }]);
    for (const tag of filters.tagSlugs ?? []) narrowing.push([`tag:${tag}`, { tagSlugs: [tag] }]);
    if (filters.durationBucket !== undefined)
      narrowing.push([`duration:${filters.durationBucket}`, { durationBucket: filters.durationBucket }]);
    const all = this.sortedEntries(sort);
    if (narrowing.length === 0) return all;
    const [key, single] = narrowing[0]!;
    const cacheKey = `${sort}|${key}`;
    let subset = this.state.sortedSubsets.get(cacheKey);
    if (!subset) {
      subset = all.filter((entry) => matchesFilters(entry.document, single));
      if (this.state.sortedSubsets.size >= 2000) this.state.sortedSubsets.clear();
      this.state.sortedSubsets.set(cacheKey, subset);
    }
    return subset;
  }

  async rebuild(batches: AsyncIterable<SearchDocument[]>, total: number, progress?: RebuildProgress): Promise<number> {
    const next = createState();
    let done = 0;
    for await (const batch of batches) {
      next.mini.addAll(batch);
      for (const document of batch) next.docs.set(document.id, { document, slots: next.facetSlots.slotsOf(document) });
      done += batch.length;
      progress?.(done, total);
    }
    this.state = next;
    return done;
  }

  /** Subqueries for one query word: itself (typos by length, prefix if last), real-word transpositions, synonyms. */
  private wordQuery(word: string, prefix: boolean, fields?: Fields[]) {
    const typos = typosAllowed(word);
    const queries: Array<{ queries: string[]; fuzzy: number; prefix: boolean; fields?: Fields[] }> =
      prefix && !fields
        ? // a word still being typed completes in titles, tags, names and descriptions; what is said (thousands of
          // words a video) matches it whole, with typos: completing it there costs more than it finds
          [
            { queries: [word], fuzzy: typos, prefix: true, fields: PREFIX_FIELDS },
            { queries: [word], fuzzy: typos, prefix: false, fields: ['transcript'] },
          ]
        : [{ queries: [word], fuzzy: typos, prefix }];
    if (typos > 0) {
      for (const variant of transpositions(word)) {
        if (this.state.vocabulary.has(variant)) queries.push({ queries: [variant], fuzzy: typos - 1, prefix: false });
      }
    }
    for (const synonym of this.synonyms[word] ?? []) queries.push({ queries: [synonym], fuzzy: 0, prefix: false });
    return { combineWith: 'OR' as const, queries };
  }

  /** Documents matching the words, with their scores and matched terms; undefined when there are no words. */
  private matchWords(words: string[], matching: 'all' | 'any', fields?: Fields[]): SearchResult[] {
    const query = {
      combineWith: matching === 'all' ? ('AND' as const) : ('OR' as const),
      queries: words.map((word, index) => this.wordQuery(word, index === words.length - 1, fields)),
    };
    return this.state.mini.search(query, { boost: attributeWeights, fields });
  }

  private sortedEntries(sort: SearchSort): Entry[] {
    const key = sort === 'relevance' ? 'views' : sort;
    let list = this.state.sorted.get(key);
    if (!list) {
      const compare = compareBy[key];
      list = [...this.state.docs.values()].sort((a, b) => compare(a.document, b.document));
      this.state.sorted.set(key, list);
    }
    return list;
  }

  async search(query: EngineQuery, uploadWindows: number[]): Promise<EngineResult> {
    const started = performance.now();
    const words = queryWords(query.q);
    const { docs, facetSlots } = this.state;
    let ordered: Entry[];
    let pageEntries: Entry[] | undefined;
    const matchedTerms = new Map<Entry, string[]>();
    /** the matched terms found in chapter titles or captions: only these hits point at a line */
    const insideMatches = new Map<Entry, string[]>();
    const noteInside = (entry: Entry, result: SearchResult) => {
      const inside = Object.keys(result.match).filter((term) =>
        result.match[term]!.some((field) => field === 'transcript' || field === 'chapters'),
      );
      if (inside.length > 0) insideMatches.set(entry, inside);
    };
    const filtered = hasFilters(query.filters);
    if (words.length === 0) {
      const candidates = this.browseCandidates(query.sort, query.filters);
      ordered = filtered ? candidates.filter((entry) => matchesFilters(entry.document, query.filters)) : candidates;
    } else {
      const results = this.matchWords(words, query.matching);
      const matched: Entry[] = [];
      const end = query.offset + query.limit;
      // MiniSearch returns results best score first: with every word required, that is already the relevance order
      const inScoreOrder = query.sort === 'relevance' && query.matching === 'all';
      const kept: Array<{ entry: Entry; result: SearchResult }> = [];
      pageEntries = [];
      for (const result of results) {
        const entry = docs.get(result.id as string);
        if (!entry || (filtered && !matchesFilters(entry.document, query.filters))) continue;
        if (!inScoreOrder) kept.push({ entry, result });
        else if (matched.length >= query.offset && matched.length < end) {
          pageEntries.push(entry);
          matchedTerms.set(entry, result.terms);
          noteInside(entry, result);
        }
        matched.push(entry);
      }
      if (!inScoreOrder) {
        type Kept = (typeof kept)[number];
        const wordCounts = new Map<Kept, number>();
        if (query.matching === 'any')
          for (const item of kept) wordCounts.set(item, countMatchedWords(words, item.result));
        const compare: (a: Kept, b: Kept) => number =
          query.sort === 'relevance'
            ? (a, b) =>
                wordCounts.get(b)! - wordCounts.get(a)! ||
                b.result.score - a.result.score ||
                b.entry.document.views - a.entry.document.views
            : (
                (byField) => (a: Kept, b: Kept) =>
                  byField(a.entry.document, b.entry.document)
              )(compareBy[query.sort]);
        // only the requested page needs an order (facets and the total count every match)
        const top = firstInOrder(kept, end, compare).slice(query.offset);
        for (const item of top) {
          matchedTerms.set(item.entry, item.result.terms);
          noteInside(item.entry, item.result);
        }
        pageEntries = top.map((item) => item.entry);
      }
      ordered = matched;
    }

    let facets: FacetCounts | null = null;
    let uploadedCounts: number[] | null = null;
    if (query.facets) {
      // upload windows move with the clock: a cached count is reused within the same minute only
      const windows = uploadWindows.map((start) => Math.floor(start / 60)).join();
      const key = words.length === 0 ? JSON.stringify(query.filters) : undefined;
      const cached = key === undefined ? undefined : this.state.browseFacets.get(key);
      if (cached && cached.windows === windows) {
        ({ facets, uploaded: uploadedCounts } = cached);
      } else {
        facets = countFacets(ordered, facetSlots);
        uploadedCounts = uploadWindows.map(() => 0);
        for (const { document } of ordered) {
          for (let i = 0; i < uploadWindows.length; i += 1)
            if (document.publishedAt >= uploadWindows[i]!) uploadedCounts[i]! += 1;
        }
        if (key !== undefined) {
          if (this.state.browseFacets.size >= 500) this.state.browseFacets.clear();
          this.state.browseFacets.set(key, { facets, uploaded: uploadedCounts, windows });
        }
      }
    }
    const hits: EngineHit[] = (pageEntries ?? ordered.slice(query.offset, query.offset + query.limit)).map((entry) => {
      const { document } = entry;
      const terms = new Set(matchedTerms.get(entry) ?? []);
      const inside = insideMatches.get(entry);
      const isMatch = (word: string) => terms.has(word);
      return {
        document,
        highlight: {
          title: markWords(document.title, isMatch),
          description: cropAroundMatch(document.description, isMatch),
        },
        // where inside the video the words are named or said (search only: related videos show no line)
        moment:
          query.matching === 'all' && inside && inside.length > 0
            ? bestMoment(document.moments, isMatch, inside)
            : null,
      };
    });
    return {
      hits,
      total: ordered.length,
      facets,
      uploadedCounts,
      processingTimeMs: Math.round(performance.now() - started),
    };
  }

  async suggest(prefix: string, limit: number): Promise<EngineSuggestion[]> {
    const words = queryWords(prefix, true);
    if (words.length === 0) return [];
    const results = this.matchWords(words, 'all', SUGGEST_FIELDS);
    const suggestions: EngineSuggestion[] = [];
    const ranked = results
      .map((result) => ({ result, document: this.state.docs.get(result.id as string)?.document }))
      .filter((entry): entry is { result: SearchResult; document: SearchDocument } => Boolean(entry.document))
      .sort((a, b) => b.result.score - a.result.score || b.document.views - a.document.views)
      .slice(0, limit);
    for (const { result, document } of ranked) {
      const terms = new Set(result.terms);
      suggestions.push({ document, highlight: markWords(document.title, (word) => terms.has(word)) });
    }
    return suggestions;
  }

  async close(): Promise<void> {
    this.state = createState();
  }
}

/** The first `count` items of `items` in `compare` order, without sorting all of them when there are many. */
function firstInOrder<T>(items: T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count <= 0) return [];
  if (items.length <= count * 4) return [...items].sort(compare).slice(0, count);
  const top: T[] = [];
  for (const item of items) {
    if (top.length === count && compare(item, top[count - 1]!) >= 0) continue;
    let low = 0;
    let high = top.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(top[middle]!, item) <= 0) low = middle + 1;
      else high = middle;
    }
    top.splice(low, 0, item);
    if (top.length > count) top.pop();
  }
  return top;
}

/** How many of the query words a result matched (its query terms are the words or their variants). */
function countMatchedWords(words: string[], result: SearchResult): number {
  let count = 0;
  for (const word of words) {
    if (
      result.queryTerms.some(
        (term) =>
          term === word ||
          (term.length === word.length && term !== word && sameLetters(term, word)) ||
          word.startsWith(term) ||
          term.startsWith(word),
      )
    )
      count += 1;
  }
  return Math.max(1, count);
}

function sameLetters(a: string, b: string): boolean {
  return [...a].sort().join('') === [...b].sort().join('');
}
