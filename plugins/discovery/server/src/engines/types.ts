import type {
  DurationBucket,
  HighlightPart,
  SearchEngineName,
  SearchHitMoment,
  SearchSort,
  SearchVideoCard,
} from '@framecast/contracts';

/** One video as both engines index it (built in services/documents.ts). */
export interface SearchDocument {
  /** the video's documentId */
  id: string;
  title: string;
  /** plain text */
  description: string;
  /** the chapter titles, one per line */
  chapters: string;
  /** what is said: the text of the default caption track (or the first), cue after cue */
  transcript: string;
  /** the chapters and caption cues with their times: where a hit inside the video points (not searched) */
  moments: SearchMoment[];
  tags: string[];
  tagSlugs: string[];
  tagFacets: string[];
  category: string | null;
  categorySlug: string | null;
  categoryFacet: string | null;
  creatorName: string | null;
  creatorHandle: string | null;
  creatorFacet: string | null;
  /** seconds */
  duration: number;
  durationBucket: DurationBucket;
  language: string | null;
  /** seconds since the Unix epoch */
  publishedAt: number;
  views: number;
  rating: number;
  ratingCount: number;
  /** log2 of the time-decayed view count (services/trending.ts): larger is hotter */
  trending: number;
  card: SearchVideoCard;
}

export interface SearchMoment {
  /** seconds from the start of the video */
  start: number;
  text: string;
  kind: 'chapter' | 'caption';
}

export interface EngineFilters {
  categorySlug?: string;
  /** every tag must be on the video */
  tagSlugs?: string[];
  creatorHandle?: string;
  durationBucket?: DurationBucket;
  /** seconds since the epoch: only videos published at or after */
  publishedAfter?: number;
  excludeIds?: string[];
  /** any of these (related videos: same category, a shared tag or the same creator) */
  anyOf?: { categorySlug?: string; tagSlugs?: string[]; creatorHandle?: string };
}

export interface EngineQuery {
  q: string;
  filters: EngineFilters;
  sort: SearchSort;
  offset: number;
  limit: number;
  /** `all`: every query word must match (search); `any`: the more words match the better (related videos) */
  matching: 'all' | 'any';
  /** facet counts over the whole filtered result, and counts per upload window */
  facets: boolean;
}

export type FacetCounts = Record<
  'categoryFacet' | 'tagFacets' | 'creatorFacet' | 'durationBucket',
  Record<string, number>
>;

export interface EngineHit {
  document: SearchDocument;
  highlight: { title: HighlightPart[]; description: HighlightPart[] };
  /** the chapter or caption line that matches best (bestMoment in text.ts), when one matches */
  moment: SearchHitMoment | null;
}

export interface EngineResult {
  hits: EngineHit[];
  total: number;
  facets: FacetCounts | null;
  /** for each window start (seconds since the epoch) in `uploadWindows`, how many results were published since */
  uploadedCounts: number[] | null;
  processingTimeMs: number;
}

export interface EngineSuggestion {
  document: SearchDocument;
  highlight: HighlightPart[];
}

export interface RebuildProgress {
  (done: number, total: number): void;
}

/**
 * A search engine: Meilisearch (engines/meilisearch.ts) or the embedded one (engines/embedded.ts). Both pass
 * the same contract suite (__tests__/engine-contract.ts).
 */
export interface SearchEngine {
  readonly name: Exclude<SearchEngineName, 'database'>;
  /** Apply the index settings; Meilisearch waits for its tasks. Throws a clear error when unreachable. */
  init(): Promise<void>;
  /** Documents in the index. */
  count(): Promise<number>;
  upsert(documents: SearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /**
   * Replaces the whole index with what `batches` yields, then swaps it in at once: searches keep answering
   * from the old index until the new one is complete.
   */
  rebuild(batches: AsyncIterable<SearchDocument[]>, total: number, progress?: RebuildProgress): Promise<number>;
  search(query: EngineQuery, uploadWindows: number[]): Promise<EngineResult>;
  suggest(prefix: string, limit: number): Promise<EngineSuggestion[]>;
  close(): Promise<void>;
}
