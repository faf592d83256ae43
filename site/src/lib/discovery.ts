// The discovery contract's constants (config/src/discovery.ts). The site imports the contract as types only, so
// the browser bundle never pulls in @framecast/config; each copy is typed `typeof` the contract's own constant,
// which makes any drift a type error (and the unit tests compare the values at run time too).

import type {
  DURATION_BUCKETS as CONTRACT_DURATION_BUCKETS,
  MIN_VIEW_SECONDS as CONTRACT_MIN_VIEW_SECONDS,
  SEARCH_LIMITS as CONTRACT_SEARCH_LIMITS,
  SEARCH_SORTS as CONTRACT_SEARCH_SORTS,
  UPLOAD_WINDOWS as CONTRACT_UPLOAD_WINDOWS,
} from '@framecast/config';

export type {
  DurationBucket,
  FacetValue,
  HighlightPart,
  RelatedResponse,
  SearchFacets,
  SearchHit,
  SearchQuery,
  SearchResponse,
  SearchSort,
  SearchVideoCard,
  Suggestion,
  SuggestResponse,
  UploadWindow,
  ViewBeacon,
  ViewResponse,
} from '@framecast/config';

export const SEARCH_SORTS: typeof CONTRACT_SEARCH_SORTS = ['relevance', 'newest', 'views', 'rating', 'trending'];
export const DURATION_BUCKETS: typeof CONTRACT_DURATION_BUCKETS = ['short', 'medium', 'long'];
export const UPLOAD_WINDOWS: typeof CONTRACT_UPLOAD_WINDOWS = ['today', 'week', 'month', 'year'];
export const SEARCH_LIMITS: typeof CONTRACT_SEARCH_LIMITS = {
  maxQueryLength: 200,
  maxTags: 10,
  maxPage: 100,
  maxPageSize: 48,
  defaultPageSize: 24,
  suggestions: 8,
  related: 8,
  facetValues: 20,
};
export const MIN_VIEW_SECONDS: typeof CONTRACT_MIN_VIEW_SECONDS = 5;
