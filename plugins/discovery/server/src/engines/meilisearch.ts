/**
 * The Meilisearch driver (official `meilisearch` client), used when MEILI_HOST is set. Settings come from
 * index-settings.ts and are applied at boot with their tasks awaited; a rebuild fills a second index and
 * swaps it in, so searches keep answering meanwhile.
 */
// types only: the client is an ES module, loaded with import() when first used (see client())
import type { Index, Meilisearch, MeilisearchApiError, SearchParams, Task } from 'meilisearch';
import type { SearchSort } from '@framecast/contracts';
import {
  facetAttributes,
  filterableAttributes,
  rankingRules,
  searchableAttributes,
  sortableAttributes,
  stopWords,
  synonymsMap,
  typoTolerance,
  descriptionCropWords,
  transcriptCropWords,
} from '../utils/index-settings';
import { bestMoment, normalizeTerm, partsFromTagged, queryWords } from './text';
import type {
  EngineFilters,
  EngineQuery,
  EngineResult,
  EngineSuggestion,
  FacetCounts,
  RebuildProgress,
  SearchDocument,
  SearchEngine,
} from './types';

const PRE = '\u0002';
const POST = '\u0003';
const SUGGEST_FIELDS = ['title', 'tags', 'creatorName', 'creatorHandle'];
/** Every field but the transcript, which hits do not need whole (its crop comes in `_formatted`). */
const RETRIEVED: Array<keyof SearchDocument> = [
  'id',
  'title',
  'description',
  'chapters',
  'moments',
  'tags',
  'tagSlugs',
  'tagFacets',
  'category',
  'categorySlug',
  'categoryFacet',
  'creatorName',
  'creatorHandle',
  'creatorFacet',
  'duration',
  'durationBucket',
  'language',
  'publishedAt',
  'views',
  'rating',
  'ratingCount',
  'trending',
  'card',
];

/** The words Meilisearch marked in a hit's formatted fields (what it matched, typos and synonyms included). */
export function markedWords(formatted: Record<string, unknown> | undefined): Set<string> {
  const words = new Set<string>();
  for (const value of Object.values(formatted ?? {})) {
    if (typeof value !== 'string') continue;
    for (const part of partsFromTagged(value, PRE, POST)) {
      if (part.match) for (const found of part.text.matchAll(/[\p{L}\p{N}]+/gu)) words.add(normalizeTerm(found[0]));
    }
  }
  return words;
}

export interface MeilisearchOptions {
  host: string;
  apiKey?: string;
  index: string;
  timeoutMs: number;
}

const SORTS: Record<Exclude<SearchSort, 'relevance'>, string[]> = {
  newest: ['publishedAt:desc', 'views:desc'],
  views: ['views:desc', 'publishedAt:desc'],
  rating: ['rating:desc', 'ratingCount:desc', 'views:desc'],
  trending: ['trending:desc', 'views:desc', 'publishedAt:desc'],
};

export const meilisearchSettings = {
  searchableAttributes: [...searchableAttributes],
  filterableAttributes: [...new Set([...filterableAttributes, ...facetAttributes])],
  sortableAttributes: [...sortableAttributes],
  rankingRules: [...rankingRules],
  typoTolerance: { enabled: typoTolerance.enabled, minWordSizeForTypos: { ...typoTolerance.minWordSizeForTypos } },
  synonyms: synonymsMap(),
  stopWords: [...stopWords],
  pagination: { maxTotalHits: 10000 },
  faceting: { maxValuesPerFacet: 200 },
};

function isApiError(error: unknown): error is MeilisearchApiError {
  return error instanceof Error && error.name === 'MeilisearchApiError' && 'response' in error;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** EngineFilters as a Meilisearch filter expression. */
export function filterExpression(filters: EngineFilters, extra: string[] = []): string[] {
  const clauses: string[] = [...extra];
  if (filters.categorySlug !== undefined) clauses.push(`categorySlug = ${quote(filters.categorySlug)}`);
  if (filters.creatorHandle !== undefined) clauses.push(`creatorHandle = ${quote(filters.creatorHandle)}`);
  if (filters.durationBucket !== undefined) clauses.push(`durationBucket = ${quote(filters.durationBucket)}`);
  if (filters.publishedAfter !== undefined) clauses.push(`publishedAt >= ${Math.floor(filters.publishedAfter)}`);
  for (const slug of filters.tagSlugs ?? []) clauses.push(`tagSlugs = ${quote(slug)}`);
  if (filters.excludeIds && filters.excludeIds.length > 0)
    clauses.push(`id NOT IN [${filters.excludeIds.map(quote).join(', ')}]`);
  if (filters.anyOf) {
    const any: string[] = [];
    if (filters.anyOf.categorySlug !== undefined) any.push(`categorySlug = ${quote(filters.anyOf.categorySlug)}`);
    if (filters.anyOf.creatorHandle !== undefined) any.push(`creatorHandle = ${quote(filters.anyOf.creatorHandle)}`);
    if (filters.anyOf.tagSlugs && filters.anyOf.tagSlugs.length > 0)
      any.push(`tagSlugs IN [${filters.anyOf.tagSlugs.map(quote).join(', ')}]`);
    clauses.push(any.length > 0 ? `(${any.join(' OR ')})` : 'id NOT EXISTS');
  }
  return clauses;
}

export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  private meili: Meilisearch | undefined;

  constructor(private readonly options: MeilisearchOptions) {}

  private get client(): Meilisearch {
    if (!this.meili) throw new Error('Meilisearch client used before init()');
    return this.meili;
  }

  private async connect(): Promise<void> {
    if (this.meili) return;
    const { Meilisearch: Client } = await import('meilisearch');
    this.meili = new Client({
      host: this.options.host,
      apiKey: this.options.apiKey || undefined,
      timeout: this.options.timeoutMs,
    });
  }

  private index(uid = this.options.index): Index<SearchDocument> {
    return this.client.index<SearchDocument>(uid);
  }

  /** Turns the client's errors into messages that say what to check. */
  private explain(error: unknown, doing: string): Error {
    if (isApiError(error)) {
      const status = error.response.status;
      if (status === 401 || status === 403) {
        return new Error(
          `Meilisearch at ${this.options.host} refused the API key while ${doing} (${error.cause?.code ?? status}): check MEILI_API_KEY`,
          { cause: error },
        );
      }
      return new Error(`Meilisearch at ${this.options.host} failed while ${doing}: ${error.message}`, { cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new Error(
      `Meilisearch at ${this.options.host} is unreachable while ${doing} (${reason}): check MEILI_HOST and that the server runs`,
      { cause: error },
    );
  }

  private async run<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.explain(error, doing);
    }
  }

  private static succeeded(task: Task, doing: string): void {
    if (task.status !== 'succeeded')
      throw new Error(
        `Meilisearch task ${task.uid} (${doing}) ${task.status}: ${task.error?.message ?? 'no reason given'}`,
      );
  }

  private async ensureIndex(uid: string): Promise<void> {
    try {
      await this.client.getRawIndex(uid);
    } catch (error) {
      if (!isApiError(error) || error.response.status !== 404) throw error;
      MeilisearchEngine.succeeded(
        await this.client.createIndex(uid, { primaryKey: 'id' }).waitTask(),
        `creating index ${uid}`,
      );
    }
    MeilisearchEngine.succeeded(
      await this.index(uid).updateSettings(meilisearchSettings).waitTask(),
      `applying settings to ${uid}`,
    );
  }

  async init(): Promise<void> {
    await this.run('applying the index settings', async () => {
      await this.connect();
      await this.client.health();
      await this.ensureIndex(this.options.index);
    });
  }

  async count(): Promise<number> {
    return this.run('counting documents', async () => (await this.index().getStats()).numberOfDocuments);
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.run('indexing documents', async () => {
      MeilisearchEngine.succeeded(await this.index().addDocuments(documents).waitTask(), 'indexing documents');
    });
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.run('removing documents', async () => {
      MeilisearchEngine.succeeded(await this.index().deleteDocuments(ids).waitTask(), 'removing documents');
    });
  }

  async rebuild(batches: AsyncIterable<SearchDocument[]>, total: number, progress?: RebuildProgress): Promise<number> {
    const staging = `${this.options.index}_rebuild`;
    return this.run('rebuilding the index', async () => {
      await this.client.deleteIndexIfExists(staging);
      await this.ensureIndex(staging);
      let done = 0;
      for await (const batch of batches) {
        if (batch.length > 0)
          MeilisearchEngine.succeeded(await this.index(staging).addDocuments(batch).waitTask(), 'indexing documents');
        done += batch.length;
        progress?.(done, total);
      }
      await this.ensureIndex(this.options.index);
      MeilisearchEngine.succeeded(
        await this.client.swapIndexes([{ indexes: [this.options.index, staging], rename: false }]).waitTask(),
        'swapping indexes',
      );
      await this.client.deleteIndexIfExists(staging);
      return done;
    });
  }

  async search(query: EngineQuery, uploadWindows: number[]): Promise<EngineResult> {
    const started = performance.now();
    const filter = filterExpression(query.filters);
    const main: SearchParams & { indexUid: string; q: string } = {
      indexUid: this.options.index,
      q: query.q,
      filter: filter.length > 0 ? filter : undefined,
      hitsPerPage: query.limit,
      page: Math.floor(query.offset / Math.max(1, query.limit)) + 1,
      matchingStrategy: query.matching === 'all' ? 'all' : 'last',
      attributesToRetrieve: RETRIEVED,
      attributesToHighlight: ['title', 'description', 'chapters', 'transcript'],
      attributesToCrop: [
        `description:${descriptionCropWords}`,
        `chapters:${transcriptCropWords}`,
        `transcript:${transcriptCropWords}`,
      ],
      cropMarker: '…',
      highlightPreTag: PRE,
      highlightPostTag: POST,
      facets: query.facets ? [...facetAttributes] : undefined,
      sort: query.sort === 'relevance' ? undefined : SORTS[query.sort],
    };
    const windows = query.facets
      ? uploadWindows.map((start) => ({
          indexUid: this.options.index,
          q: query.q,
          matchingStrategy: main.matchingStrategy,
          filter: filterExpression(query.filters, [`publishedAt >= ${Math.floor(start)}`]),
          limit: 0,
        }))
      : [];
    const response = await this.run('searching', () => this.client.multiSearch({ queries: [main, ...windows] }));
    const [result, ...counts] = response.results as unknown as Array<{
      hits: Array<SearchDocument & { _formatted?: Partial<Record<keyof SearchDocument, unknown>> }>;
      totalHits?: number;
      estimatedTotalHits?: number;
      facetDistribution?: Record<string, Record<string, number>>;
    }>;
    const total = (value: { totalHits?: number; estimatedTotalHits?: number }) =>
      value.totalHits ?? value.estimatedTotalHits ?? 0;
    const facets: FacetCounts | null = query.facets
      ? {
          categoryFacet: result!.facetDistribution?.categoryFacet ?? {},
          tagFacets: result!.facetDistribution?.tagFacets ?? {},
          creatorFacet: result!.facetDistribution?.creatorFacet ?? {},
          durationBucket: result!.facetDistribution?.durationBucket ?? {},
        }
      : null;
    const words = query.matching === 'all' ? queryWords(query.q) : [];
    return {
      hits: result!.hits.map(({ _formatted, ...document }) => {
        const marked = words.length > 0 ? markedWords(_formatted) : new Set<string>();
        const isMatch = (word: string) => marked.has(word) || words.includes(word);
        return {
          document: { ...document, transcript: '' } as SearchDocument,
          highlight: {
            title: partsFromTagged(String(_formatted?.title ?? document.title), PRE, POST),
            description: partsFromTagged(String(_formatted?.description ?? document.description ?? ''), PRE, POST),
          },
          moment: words.length > 0 ? bestMoment(document.moments ?? [], isMatch) : null,
        };
      }),
      total: total(result!),
      facets,
      uploadedCounts: query.facets ? counts.map(total) : null,
      processingTimeMs: Math.round(performance.now() - started),
    };
  }

  async suggest(prefix: string, limit: number): Promise<EngineSuggestion[]> {
    const result = await this.run('suggesting', () =>
      this.index().search(prefix, {
        limit,
        attributesToSearchOn: SUGGEST_FIELDS,
        attributesToRetrieve: RETRIEVED,
        attributesToHighlight: ['title'],
        highlightPreTag: PRE,
        highlightPostTag: POST,
      }),
    );
    return result.hits.map(({ _formatted, ...document }) => ({
      document: { ...document, transcript: '' } as SearchDocument,
      highlight: partsFromTagged(String(_formatted?.title ?? document.title), PRE, POST),
    }));
  }

  async close(): Promise<void> {}
}
