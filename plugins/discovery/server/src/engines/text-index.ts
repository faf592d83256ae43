/**
 * Full-text scoring over MiniSearch's own index, done the way MiniSearch 7.2 does it (`executeQuery`,
 * `executeQuerySpec`, `termResults`, `combineResults`, `search`): the same BM25+ formula, field boosts, prefix and
 * fuzzy weights, AND/OR rules, and the same additions in the same order, so every score is the same number and
 * every tie falls the same way. What differs is the work: only documents a search may return are scored (a filter is
 * checked before scoring, and a required word is scored only on the documents the words before it matched), scores
 * live in flat arrays rather than an object per document, and which terms matched (MiniSearch's `match`) is worked
 * out for the results shown only. The internals read here are private to MiniSearch, so package.json pins 7.2.0;
 * __tests__/text-index.test.ts holds this to MiniSearch's own results.
 */
import MiniSearch, { type Query, type SearchOptions, type SearchResult } from 'minisearch';

type FieldTermData = Map<number, Map<number, number>>;

/** The parts of a MiniSearch 7.2 instance read here (see node_modules/minisearch/src/MiniSearch.ts). */
interface Internals {
  _index: {
    get(term: string): FieldTermData | undefined;
    atPrefix(prefix: string): Iterable<[string, FieldTermData]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [FieldTermData, number]>;
  };
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, Record<string, unknown> | undefined>;
  _options: {
    fields: string[];
    idField: string;
    extractField: (document: unknown, field: string) => unknown;
    tokenize: (text: string, field?: string) => string[];
    processTerm: (term: string, field?: string) => string | string[] | null | undefined | false;
    searchOptions: SearchOptions;
  };
  /** MiniSearch's clean-up of a discarded document's posting, which its searches do as they meet one */
  removeTerm(fieldId: number, documentId: number, term: string): void;
}

type Options = SearchOptions & Record<string, unknown>;
type BoostDocument = NonNullable<SearchOptions['boostDocument']>;

/** MiniSearch's default weights (read from an instance, so they are its own). */
const DEFAULT_WEIGHTS = (new MiniSearch({ fields: [] }) as unknown as Internals)._options.searchOptions.weights!;

/** One term of a query as MiniSearch's executeQuerySpec receives it, with its options resolved. */
interface Spec {
  term: string;
  fuzzy: number | boolean;
  prefix: boolean;
  termBoost: number;
  /** field name, field id, boost: in MiniSearch's order (the `fields` option, else every field) */
  fields: Array<[string, number, number]>;
  fuzzyWeight: number;
  prefixWeight: number;
  maxFuzzy: number;
  bm25: { k: number; b: number; d: number };
  boostDocument: BoostDocument | undefined;
}
type Plan = { combine: 'and' | 'or'; children: Plan[] } | { spec: Spec };

/** Source terms are counted per document in a bit mask (MiniSearch multiplies a score by their number). */
const MAX_SOURCE_TERMS = 31;

/** Documents found by part of a query, in the order MiniSearch's result map would hold them. */
class Hits {
  readonly docs: number[] = [];
  readonly scores: number[] = [];
  readonly masks: number[] = [];
  /** `slots[doc]`: the document's place in `docs` plus one, 0 when absent (a shared array, cleared on release) */
  constructor(readonly slots: Int32Array) {}

  add(doc: number, score: number, mask: number): void {
    const at = this.slots[doc]!;
    if (at === 0) {
      this.docs.push(doc);
      this.scores.push(score);
      this.masks.push(mask);
      this.slots[doc] = this.docs.length;
    } else {
      this.scores[at - 1]! += score;
      this.masks[at - 1]! |= mask;
    }
  }
}

/** The results of a search: positions 0..size-1 in MiniSearch's result map order (not sorted). */
export interface TextHits<Item> {
  readonly size: number;
  item(position: number): Item;
  /** the score MiniSearch's search() gives (after multiplying by the number of query terms matched) */
  score(position: number): number;
  /** MiniSearch's `queryTerms`; results that matched the same terms share one array */
  queryTerms(position: number): string[];
  /** MiniSearch's result order: best score first, then the order it found them (its sort is stable) */
  byRank(a: number, b: number): number;
  /** MiniSearch's `match` (matched term → fields) of these results; only before the next search */
  matches(positions: readonly number[]): Array<Record<string, string[]>>;
}

function popCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) count += 1;
  return count;
}

function getOwnProperty(object: unknown, property: string): unknown {
  return object != null && Object.prototype.hasOwnProperty.call(object, property)
    ? (object as Record<string, unknown>)[property]
    : undefined;
}

function grow<T extends Int32Array | Float64Array>(array: T, size: number, make: (length: number) => T): T {
  if (array.length >= size) return array;
  const bigger = make(Math.max(size, array.length * 2, 1024));
  bigger.set(array);
  return bigger;
}

export class TextIndex<Document, Item> {
  private readonly internals: Internals;
  /** the item of each live document, by MiniSearch's short id: undefined for a discarded one */
  private readonly items: Array<Item | undefined> = [];
  private readonly shortIds = new Map<Item, number>();
  /** field lengths by short id × field (as _fieldLength holds them, kept flat to skip a map look-up per posting) */
  private lengths = new Float64Array(0);
  private readonly fieldCount: number;
  private readonly fieldNames: string[] = [];
  private slotPool: Int32Array[] = [];

  // the search under way (searches are synchronous, one at a time)
  private generation = 0;
  /** which documents the search may return: all, those `admit` accepts, or those listed (marked beforehand) */
  private admitMode: 'all' | 'test' | 'listed' = 'all';
  private admit: (item: Item) => boolean = () => true;
  private admittedAt = new Int32Array(0);
  private admitted = new Uint8Array(0);
  private sourceBits = new Map<string, number>();
  private specNumber = 0;
  private logDocs = new Int32Array(0);
  private logCodes = new Int32Array(0);
  private logLength = 0;
  private logTerms: string[] = [];
  private logSpecs: number[] = [];

  constructor(readonly mini: MiniSearch<Document>) {
    this.internals = mini as unknown as Internals;
    this.fieldCount = this.internals._options.fields.length;
    for (const [name, id] of Object.entries(this.internals._fieldIds)) this.fieldNames[id] = name;
  }

  get size(): number {
    return this.internals._documentCount;
  }

  add(document: Document, item: Item): void {
    this.mini.add(document);
    const { extractField, idField } = this.internals._options;
    const shortId = this.internals._idToShortId.get(extractField(document, idField))!;
    this.items[shortId] = item;
    this.shortIds.set(item, shortId);
    this.lengths = grow(this.lengths, (shortId + 1) * this.fieldCount, (length) => new Float64Array(length));
    const lengths = this.internals._fieldLength.get(shortId) ?? [];
    for (let field = 0; field < this.fieldCount; field += 1)
      this.lengths[shortId * this.fieldCount + field] = lengths[field] ?? NaN;
  }

  /** MiniSearch's replace(): discard, then add. */
  replace(id: unknown, document: Document, item: Item): void {
    this.discard(id);
    this.add(document, item);
  }

  discard(id: unknown): void {
    const shortId = this.internals._idToShortId.get(id);
    this.mini.discard(id);
    if (shortId === undefined) return;
    const item = this.items[shortId];
    if (item !== undefined) this.shortIds.delete(item);
    this.items[shortId] = undefined;
  }

  /**
   * MiniSearch's search(query, searchOptions), restricted to the items `admit` accepts or lists (the rest are never
   * scored). Wildcard and AND_NOT queries are not supported.
   */
  search(
    query: Query,
    searchOptions: SearchOptions = {},
    admit?: ((item: Item) => boolean) | { only: readonly Item[] },
  ): TextHits<Item> {
    const plan = this.plan(query, searchOptions as Options);
    const sourceTerms = new Set<string>();
    collectTerms(plan, sourceTerms);
    // more words than the mask holds (a long query): MiniSearch itself answers, then the filter applies
    if (sourceTerms.size > MAX_SOURCE_TERMS) return this.searchWithMiniSearch(query, searchOptions, admit);

    this.generation += 1;
    this.sourceBits = new Map([...sourceTerms].map((term, bit) => [term, 1 << bit]));
    this.specNumber = 0;
    this.logLength = 0;
    this.logTerms = [];
    this.logSpecs = [];
    const capacity = this.items.length + 1;
    if (this.admittedAt.length < capacity) {
      this.admittedAt = new Int32Array(capacity * 2);
      this.admitted = new Uint8Array(capacity * 2);
    }
    if ((this.slotPool[0]?.length ?? 0) < capacity) this.slotPool = [];
    if (admit === undefined) this.admitMode = 'all';
    else if (typeof admit === 'function') {
      this.admitMode = 'test';
      this.admit = admit;
    } else {
      this.admitMode = 'listed';
      for (const item of admit.only) {
        const shortId = this.shortIds.get(item);
        if (shortId === undefined) continue;
        this.admittedAt[shortId] = this.generation;
        this.admitted[shortId] = 1;
      }
    }

    const found = this.run(plan, null);
    const size = found.docs.length;
    const items: Item[] = new Array(size);
    const scores: number[] = new Array(size);
    const termLists = new Map<number, string[]>();
    const masks = found.masks;
    for (let i = 0; i < size; i += 1) {
      items[i] = this.items[found.docs[i]!]!;
      scores[i] = found.scores[i]! * (popCount(masks[i]!) || 1);
    }
    const docs = found.docs;
    this.release(found);
    const terms = [...sourceTerms];
    const generation = this.generation;
    return {
      size,
      item: (position) => items[position]!,
      score: (position) => scores[position]!,
      queryTerms: (position) => {
        const mask = masks[position]!;
        let list = termLists.get(mask);
        if (!list) {
          list = terms.filter((_term, bit) => (mask & (1 << bit)) !== 0);
          termLists.set(mask, list);
        }
        return list;
      },
      byRank: (a, b) => scores[b]! - scores[a]! || a - b,
      matches: (positions) => {
        if (generation !== this.generation) throw new Error('TextIndex: matches() asked after another search');
        return this.matchesOf(positions.map((position) => docs[position]!));
      },
    };
  }

  /** MiniSearch's executeQuery, as a tree of term specs (nothing read from the index yet). */
  private plan(query: Query, searchOptions: Options): Plan {
    if (query === MiniSearch.wildcard) throw new Error('TextIndex: wildcard queries are not supported');
    if (typeof query !== 'string') {
      const options = { ...searchOptions, ...query, queries: undefined } as Options;
      return { combine: combination(options.combineWith), children: query.queries.map((q) => this.plan(q, options)) };
    }
    const { tokenize, processTerm, searchOptions: global } = this.internals._options;
    const options = { tokenize, processTerm, ...global, ...searchOptions } as Options & {
      tokenize: Internals['_options']['tokenize'];
      processTerm: Internals['_options']['processTerm'];
    };
    const terms = options
      .tokenize(query)
      .flatMap((term) => options.processTerm(term))
      .filter((term) => !!term) as string[];
    return {
      combine: combination(options.combineWith),
      children: terms.map((term, i) => ({ spec: this.specOf(term, i, terms, options) })),
    };
  }

  /** termToQuerySpec and the options executeQuerySpec resolves. */
  private specOf(term: string, i: number, terms: string[], searchOptions: Options): Spec {
    const options = { ...this.internals._options.searchOptions, ...searchOptions } as Options;
    const fuzzy = typeof options.fuzzy === 'function' ? options.fuzzy(term, i, terms) : options.fuzzy || false;
    const prefix = typeof options.prefix === 'function' ? options.prefix(term, i, terms) : options.prefix === true;
    const termBoost = typeof options.boostTerm === 'function' ? options.boostTerm(term, i, terms) : 1;
    const boosts = (options.fields || this.internals._options.fields).reduce<Record<string, number>>(
      (all, field) => ({ ...all, [field]: (getOwnProperty(options.boost, field) as number | undefined) || 1 }),
      {},
    );
    const fields: Spec['fields'] = [];
    for (const field of Object.keys(boosts)) {
      const fieldId = this.internals._fieldIds[field];
      if (fieldId !== undefined) fields.push([field, fieldId, boosts[field]!]);
    }
    const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    return {
      term,
      fuzzy,
      prefix,
      termBoost,
      fields,
      fuzzyWeight: weights.fuzzy,
      prefixWeight: weights.prefix,
      maxFuzzy: options.maxFuzzy!,
      bm25: options.bm25!,
      boostDocument: options.boostDocument,
    };
  }

  /** combineResults over the children, each child of an AND scored only on what the ones before it matched. */
  private run(plan: Plan, within: Hits | null): Hits {
    if ('spec' in plan) return this.runSpec(plan.spec, within);
    if (plan.children.length === 0) return this.hits();
    let combined = this.run(plan.children[0]!, within);
    for (const child of plan.children.slice(1)) {
      if (plan.combine === 'or') {
        const found = this.run(child, within);
        for (let i = 0; i < found.docs.length; i += 1) combined.add(found.docs[i]!, found.scores[i]!, found.masks[i]!);
        this.release(found);
      } else {
        const found = this.run(child, combined);
        const both = this.hits();
        for (let i = 0; i < found.docs.length; i += 1) {
          const at = combined.slots[found.docs[i]!]!;
          if (at === 0) continue;
          both.add(
            found.docs[i]!,
            combined.scores[at - 1]! + found.scores[i]!,
            combined.masks[at - 1]! | found.masks[i]!,
          );
        }
        this.release(found);
        this.release(combined);
        combined = both;
      }
    }
    return combined;
  }

  /** executeQuerySpec: the term itself, then its prefix completions, then its fuzzy matches. */
  private runSpec(spec: Spec, within: Hits | null): Hits {
    const results = this.hits();
    const index = this.internals._index;
    const specNumber = (this.specNumber += 1);
    const bit = this.sourceBits.get(spec.term)!;
    this.scoreTerm(spec, specNumber, bit, spec.term, 1, index.get(spec.term), within, results);

    let prefixMatches: Iterable<[string, FieldTermData]> | undefined;
    let fuzzyMatches: Map<string, [FieldTermData, number]> | undefined;
    if (spec.prefix) prefixMatches = index.atPrefix(spec.term);
    if (spec.fuzzy) {
      const fuzzy = spec.fuzzy === true ? 0.2 : spec.fuzzy;
      const maxDistance = fuzzy < 1 ? Math.min(spec.maxFuzzy, Math.round(spec.term.length * fuzzy)) : fuzzy;
      if (maxDistance) fuzzyMatches = index.fuzzyGet(spec.term, maxDistance);
    }
    if (prefixMatches) {
      for (const [term, data] of prefixMatches) {
        const distance = term.length - spec.term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(term);
        const weight = (spec.prefixWeight * term.length) / (term.length + 0.3 * distance);
        this.scoreTerm(spec, specNumber, bit, term, weight, data, within, results);
      }
    }
    if (fuzzyMatches) {
      for (const term of fuzzyMatches.keys()) {
        const [data, distance] = fuzzyMatches.get(term)!;
        if (!distance) continue;
        const weight = (spec.fuzzyWeight * term.length) / (term.length + distance);
        this.scoreTerm(spec, specNumber, bit, term, weight, data, within, results);
      }
    }
    return results;
  }

  /**
   * termResults: every posting is visited as MiniSearch visits it (a discarded document's is cleaned up and stops
   * counting), but only the documents this search may return are scored and noted in the log of matches.
   */
  private scoreTerm(
    spec: Spec,
    specNumber: number,
    bit: number,
    derivedTerm: string,
    termWeight: number,
    data: FieldTermData | undefined,
    within: Hits | null,
    results: Hits,
  ): void {
    if (data == null) return;
    const { items, lengths, fieldCount, internals } = this;
    const { k, b, d } = spec.bm25;
    const totalCount = internals._documentCount;
    const { termBoost, boostDocument } = spec;
    let termRef = -1;
    for (const [, fieldId, fieldBoost] of spec.fields) {
      const freqs = data.get(fieldId);
      if (freqs == null) continue;
      let matchingFields = freqs.size;
      const avgFieldLength = internals._avgFieldLength[fieldId]!;
      let invDocFreqFor = -1;
      let invDocFreq = 0;
      for (const doc of freqs.keys()) {
        const item = items[doc];
        if (item === undefined) {
          internals.removeTerm(fieldId, doc, derivedTerm);
          matchingFields -= 1;
          continue;
        }
        if (within ? within.slots[doc] === 0 : !this.admits(doc, item)) continue;
        let docBoost = 1;
        if (boostDocument) {
          docBoost = boostDocument(internals._documentIds.get(doc), derivedTerm, internals._storedFields.get(doc));
          if (!docBoost) continue;
        }
        const termFreq = freqs.get(doc)!;
        const fieldLength = lengths[doc * fieldCount + fieldId]!;
        if (invDocFreqFor !== matchingFields) {
          invDocFreqFor = matchingFields;
          invDocFreq = Math.log(1 + (totalCount - matchingFields + 0.5) / (matchingFields + 0.5));
        }
        const rawScore =
          invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
        const weightedScore = termWeight * termBoost * fieldBoost * docBoost * rawScore;
        results.add(doc, weightedScore, bit);
        if (termRef === -1) {
          termRef = this.logTerms.length;
          this.logTerms.push(derivedTerm);
          this.logSpecs.push(specNumber);
        }
        this.log(doc, termRef * fieldCount + fieldId);
      }
    }
  }

  private admits(doc: number, item: Item): boolean {
    if (this.admitMode === 'all') return true;
    if (this.admittedAt[doc] !== this.generation) {
      if (this.admitMode === 'listed') return false;
      this.admittedAt[doc] = this.generation;
      this.admitted[doc] = this.admit(item) ? 1 : 0;
    }
    return this.admitted[doc] === 1;
  }

  private log(doc: number, code: number): void {
    if (this.logLength === this.logDocs.length) {
      this.logDocs = grow(this.logDocs, this.logLength + 1, (length) => new Int32Array(length));
      this.logCodes = grow(this.logCodes, this.logLength + 1, (length) => new Int32Array(length));
    }
    this.logDocs[this.logLength] = doc;
    this.logCodes[this.logLength] = code;
    this.logLength += 1;
  }

  /**
   * MiniSearch's `match` of some documents, replayed from the log: a term's fields are those of the last term spec
   * that matched it (its combinators Object.assign later matches over earlier ones).
   */
  private matchesOf(docs: number[]): Array<Record<string, string[]>> {
    const wanted = new Map<number, Map<string, { spec: number; fields: string[] }>>();
    for (const doc of docs) wanted.set(doc, new Map());
    const marks = this.hits();
    for (const doc of docs) marks.add(doc, 0, 0);
    for (let i = 0; i < this.logLength; i += 1) {
      const doc = this.logDocs[i]!;
      if (marks.slots[doc] === 0) continue;
      const code = this.logCodes[i]!;
      const termRef = Math.floor(code / this.fieldCount);
      const field = this.fieldNames[code - termRef * this.fieldCount]!;
      const term = this.logTerms[termRef]!;
      const spec = this.logSpecs[termRef]!;
      const terms = wanted.get(doc)!;
      const seen = terms.get(term);
      if (!seen) terms.set(term, { spec, fields: [field] });
      else if (seen.spec !== spec) terms.set(term, { spec, fields: [field] });
      else seen.fields.push(field);
    }
    this.release(marks);
    return docs.map((doc) =>
      Object.fromEntries([...wanted.get(doc)!].map(([term, { fields }]) => [term, fields] as const)),
    );
  }

  private hits(): Hits {
    return new Hits(this.slotPool.pop() ?? new Int32Array(this.items.length + 1));
  }

  private release(hits: Hits): void {
    for (const doc of hits.docs) hits.slots[doc] = 0;
    if (hits.slots.length > this.items.length) this.slotPool.push(hits.slots);
  }

  private searchWithMiniSearch(
    query: Query,
    searchOptions: SearchOptions,
    admit: ((item: Item) => boolean) | { only: readonly Item[] } | undefined,
  ): TextHits<Item> {
    const listed = admit && typeof admit !== 'function' ? new Set(admit.only) : undefined;
    const results: Array<{ result: SearchResult; item: Item }> = [];
    for (const result of this.mini.search(query, searchOptions)) {
      const item = this.items[this.internals._idToShortId.get(result.id)!]!;
      if (!admit || (listed ? listed.has(item) : (admit as (item: Item) => boolean)(item)))
        results.push({ result, item });
    }
    return {
      size: results.length,
      item: (position) => results[position]!.item,
      score: (position) => results[position]!.result.score,
      queryTerms: (position) => results[position]!.result.queryTerms,
      byRank: (a, b) => a - b,
      matches: (positions) => positions.map((position) => results[position]!.result.match),
    };
  }
}

function combination(combineWith: unknown): 'and' | 'or' {
  const operator = typeof combineWith === 'string' ? combineWith.toLowerCase() : 'or';
  if (operator !== 'and' && operator !== 'or') throw new Error(`TextIndex: unsupported combination ${operator}`);
  return operator;
}

function collectTerms(plan: Plan, terms: Set<string>): void {
  if ('spec' in plan) terms.add(plan.spec.term);
  else for (const child of plan.children) collectTerms(child, terms);
}
