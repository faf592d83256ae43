// The discovery contract (contracts/src/discovery.ts), as the site's pages and scripts use it.
export { DURATION_BUCKETS, MIN_VIEW_SECONDS, SEARCH_LIMITS, SEARCH_SORTS, UPLOAD_WINDOWS } from '@framecast/contracts';
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
} from '@framecast/contracts';
