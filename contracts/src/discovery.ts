/**
 * The discovery contract: what `GET /api/search`, `GET /api/search/suggest`, `GET /api/discovery/related/:id`
 * and `POST /api/discovery/views` take and return (plugins/discovery). The site and the plugin both read it,
 * so a field added here is a type error wherever it is not handled.
 */
import type { Playback } from './playback';

export const SEARCH_SORTS = ['relevance', 'newest', 'views', 'rating', 'trending'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** short < 4 min, medium 4–20 min, long > 20 min */
export const DURATION_BUCKETS = ['short', 'medium', 'long'] as const;
export type DurationBucket = (typeof DURATION_BUCKETS)[number];
export const DURATION_BOUNDS_S = { shortBelow: 4 * 60, longAbove: 20 * 60 } as const;

export const UPLOAD_WINDOWS = ['today', 'week', 'month', 'year'] as const;
export type UploadWindow = (typeof UPLOAD_WINDOWS)[number];

export const SEARCH_LIMITS = {
  maxQueryLength: 200,
  maxTags: 10,
  maxPage: 100,
  maxPageSize: 48,
  defaultPageSize: 24,
  suggestions: 8,
  related: 8,
  /** values listed per facet, most frequent first */
  facetValues: 20,
} as const;

/** Query of `GET /api/search` (every field optional; `tags` may repeat or be comma-separated). */
export interface SearchQuery {
  q?: string;
  /** category slug */
  category?: string;
  /** tag slugs, all must match */
  tags?: string[];
  duration?: DurationBucket;
  uploaded?: UploadWindow;
  /** creator handle */
  creator?: string;
  /** default: `relevance` with a query, `newest` without */
  sort?: SearchSort;
  page?: number;
  pageSize?: number;
}

/** A run of text, `match` when the query matched it. Render `text` escaped; wrap matches in `<mark>`. */
export interface HighlightPart {
  text: string;
  match: boolean;
}

export interface SearchMediaFormat {
  url: string;
  width: number | null;
  height: number | null;
}

/** A Strapi media file as a card needs it (the REST API's shape). */
export interface SearchMedia {
  id: number;
  documentId: string;
  url: string;
  width: number | null;
  height: number | null;
  alternativeText: string | null;
  mime: string | null;
  formats: Partial<Record<'thumbnail' | 'small' | 'medium' | 'large', SearchMediaFormat>> | null;
}

/** What a video card shows: the REST API's video shape, limited to card fields. */
export interface SearchVideoCard {
  id: number;
  documentId: string;
  title: string;
  slug: string;
  /** plain text (markdown removed), at most 300 characters */
  description: string | null;
  /** seconds */
  duration: number | null;
  language: string | null;
  publishedAt: string | null;
  viewCount: number;
  ratingAverage: number;
  ratingCount: number;
  poster: SearchMedia | null;
  playback: Playback | null;
  category: { id: number; documentId: string; name: string; slug: string } | null;
  tags: Array<{ id: number; documentId: string; name: string; slug: string }>;
  creator: {
    id: number;
    documentId: string;
    handle: string;
    displayName: string;
    verified: boolean | null;
    avatar: SearchMedia | null;
  } | null;
}

/** Where inside a video a search matched: a chapter title or a line of its captions, and when it starts. */
export interface SearchHitMoment {
  /** whole seconds from the start: the watch page's `?t=` */
  start: number;
  kind: 'chapter' | 'caption';
  text: HighlightPart[];
}

export interface SearchHit {
  video: SearchVideoCard;
  highlight: {
    title: HighlightPart[];
    /** a crop of the description around the first match (the start when nothing matched) */
    description: HighlightPart[];
  };
  /** the chapter or caption line that matches best, when the words are said or named inside the video */
  moment?: SearchHitMoment | null;
}

export interface FacetValue {
  /** slug, handle or bucket name: what goes back in the query. At most SEARCH_LIMITS.facetValues per facet. */
  value: string;
  label: string;
  count: number;
}

export interface SearchFacets {
  category: FacetValue[];
  tags: FacetValue[];
  creator: FacetValue[];
  duration: FacetValue[];
  uploaded: FacetValue[];
}

export type SearchEngineName = 'embedded' | 'meilisearch' | 'database';

export interface SearchResponse {
  data: SearchHit[];
  meta: {
    /** the query as understood (trimmed, defaults applied) */
    query: Required<Pick<SearchQuery, 'sort' | 'page' | 'pageSize'>> & Omit<SearchQuery, 'sort' | 'page' | 'pageSize'>;
    total: number;
    pageCount: number;
    /** facet counts over the whole filtered result (not only this page) */
    facets: SearchFacets;
    processingTimeMs: number;
    engine: SearchEngineName;
    /** true when the search engine failed and a plain database query answered instead */
    degraded: boolean;
    /** a sentence for viewers when `degraded` */
    notice?: string;
  };
}

export interface Suggestion {
  documentId: string;
  slug: string;
  title: string;
  highlight: HighlightPart[];
  creator: string | null;
}

export interface SuggestResponse {
  data: Suggestion[];
  meta: { query: string; processingTimeMs: number; engine: SearchEngineName; degraded: boolean };
}

export interface RelatedResponse {
  data: SearchVideoCard[];
}

/** Body of `POST /api/discovery/views` (sent by the site, which owns the viewer session). */
export interface ViewBeacon {
  /** the video's documentId */
  video: string;
  /** the viewer session's id as the site signed it (contracts/src/view-token.ts): an unsigned, forged or expired one is refused with 401 */
  viewer: string;
  /** seconds actually played before the beacon; a view counts from MIN_VIEW_SECONDS */
  watchedSeconds: number;
}

export const MIN_VIEW_SECONDS = 5;

export interface ViewResponse {
  /** false when this viewer session already counted a view of this video in the last 24 h */
  counted: boolean;
}
