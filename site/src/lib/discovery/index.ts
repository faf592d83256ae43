// The discovery contract (config/src/discovery.ts), as the site's pages and scripts use it.
export { DURATION_BUCKETS, MIN_VIEW_SECONDS, SEARCH_LIMITS, SEARCH_SORTS, UPLOAD_WINDOWS } from '@framecast/config';
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
