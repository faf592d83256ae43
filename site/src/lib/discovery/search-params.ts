// Search state lives in the page URL (GET forms, shareable links, no JavaScript needed). This module turns a
// URL's search params into a SearchQuery, ignoring junk instead of failing, and builds the links back
// (filters, chips, sort, pagination) plus the CMS query string. Pure: no Astro, no fetch.

import {
  DURATION_BUCKETS,
  SEARCH_LIMITS,
  SEARCH_SORTS,
  UPLOAD_WINDOWS,
  type DurationBucket,
  type SearchFacets,
  type SearchQuery,
  type SearchSort,
  type UploadWindow,
} from '.';
import { isValidSlug } from '../links';

/** What a page fixes by its path (/c/<slug>, /t/<slug>, /trending): part of its query, left out of its links. */
export interface SearchScope {
  category?: string;
  tag?: string;
  sort?: SearchSort;
  /** Only /search takes free text (`q`); browse pages ignore it. */
  text?: boolean;
}

export type FilterKey = 'category' | 'tags' | 'creator' | 'duration' | 'uploaded';
export const FILTER_KEYS: readonly FilterKey[] = ['category', 'tags', 'creator', 'duration', 'uploaded'];

export const FILTER_LABELS: Record<FilterKey, string> = {
  category: 'Category',
  tags: 'Tag',
  creator: 'Creator',
  duration: 'Length',
  uploaded: 'Upload date',
};

export const SORT_LABELS: Record<SearchSort, string> = {
  relevance: 'Best match',
  newest: 'Newest',
  views: 'Most viewed',
  rating: 'Top rated',
  trending: 'Trending',
};

export const DURATION_LABELS: Record<DurationBucket, string> = {
  short: 'Under 4 minutes',
  medium: '4–20 minutes',
  long: 'Over 20 minutes',
};

export const UPLOAD_LABELS: Record<UploadWindow, string> = {
  today: 'Today',
  week: 'This week',
  month: 'This month',
  year: 'This year',
};

function oneOf<T extends string>(values: readonly T[], raw: string | null | undefined): T | undefined {
  return raw !== null && raw !== undefined && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

function slugParam(raw: string | null): string | undefined {
  const value = raw?.trim();
  return isValidSlug(value) ? value : undefined;
}

/** Free text as the CMS takes it: control characters and runs of spaces collapsed, trimmed, cut to the limit. */
export function normalizeQueryText(raw: string | null | undefined): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim()
    .slice(0, SEARCH_LIMITS.maxQueryLength)
    .trim();
  return text || undefined;
}

/** `relevance` needs words to be relevant to; without them the newest come first. */
export function defaultSort(query: Pick<SearchQuery, 'q'>, scope: SearchScope = {}): SearchSort {
  return scope.sort ?? (query.q ? 'relevance' : 'newest');
}

/** The sorts a viewer can choose on a page (none when the page fixes its order). */
export function sortChoices(query: Pick<SearchQuery, 'q'>, scope: SearchScope = {}): SearchSort[] {
  if (scope.sort) return [];
  return SEARCH_SORTS.filter((sort) => sort !== 'relevance' || Boolean(query.q));
}

function parsePage(raw: string | null): number | undefined {
  if (raw === null || !/^\d{1,6}$/.test(raw.trim())) return undefined;
  const page = Number(raw.trim());
  return page >= 1 ? Math.min(page, SEARCH_LIMITS.maxPage) : undefined;
}

/** Tags from `tags=a&tags=b` and `tags=a,b` (and `tag=`), valid slugs only, no repeats, at most maxTags. */
function parseTags(params: URLSearchParams): string[] {
  const tags: string[] = [];
  for (const raw of [...params.getAll('tags'), ...params.getAll('tag')]) {
    for (const part of raw.split(',')) {
      const slug = slugParam(part);
      if (slug && !tags.includes(slug)) tags.push(slug);
    }
  }
  return tags.slice(0, SEARCH_LIMITS.maxTags);
}

/** The page URL's search params as a SearchQuery; values that cannot be valid are dropped, never an error. */
export function parseSearchParams(params: URLSearchParams, scope: SearchScope = {}): SearchQuery {
  const query: SearchQuery = {};
  const q = scope.text ? normalizeQueryText(params.get('q')) : undefined;
  if (q) query.q = q;

  const category = scope.category ?? slugParam(params.get('category'));
  if (category) query.category = category;

  let tags = parseTags(params);
  if (scope.tag) tags = [scope.tag, ...tags.filter((tag) => tag !== scope.tag)].slice(0, SEARCH_LIMITS.maxTags);
  if (tags.length > 0) query.tags = tags;

  const duration = oneOf(DURATION_BUCKETS, params.get('duration'));
  if (duration) query.duration = duration;
  const uploaded = oneOf(UPLOAD_WINDOWS, params.get('uploaded'));
  if (uploaded) query.uploaded = uploaded;
  const creator = slugParam(params.get('creator'));
  if (creator) query.creator = creator;

  const sort = scope.sort ?? oneOf(sortChoices(query, scope), params.get('sort'));
  if (sort) query.sort = sort;

  const page = parsePage(params.get('page'));
  if (page && page > 1) query.page = page;
  return query;
}

/** The page's own link for a query: fixed parts and defaults left out, so equal states give equal URLs. */
export function searchHref(path: string, query: SearchQuery, scope: SearchScope = {}): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.category && query.category !== scope.category) params.set('category', query.category);
  for (const tag of query.tags ?? []) if (tag !== scope.tag) params.append('tags', tag);
  if (query.duration) params.set('duration', query.duration);
  if (query.uploaded) params.set('uploaded', query.uploaded);
  if (query.creator) params.set('creator', query.creator);
  if (query.sort && !scope.sort && query.sort !== defaultSort(query, scope)) params.set('sort', query.sort);
  if (query.page && query.page > 1) params.set('page', String(query.page));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Another page of the same results. */
export function withPage(query: SearchQuery, page: number): SearchQuery {
  const next = { ...query };
  if (page > 1) next.page = page;
  else delete next.page;
  return next;
}

/** The query without one filter (one tag, when `value` names it); back to the first page. */
export function withoutFilter(query: SearchQuery, key: FilterKey, value?: string): SearchQuery {
  const next = withPage(query, 1);
  if (key === 'tags') {
    const tags = value === undefined ? [] : (query.tags ?? []).filter((tag) => tag !== value);
    if (tags.length > 0) next.tags = tags;
    else delete next.tags;
  } else {
    delete next[key];
  }
  return next;
}

/** The query without any filter the viewer chose (the words, the sort and the page's own scope stay). */
export function withoutFilters(query: SearchQuery, scope: SearchScope = {}): SearchQuery {
  const next: SearchQuery = {};
  if (query.q) next.q = query.q;
  if (query.sort) next.sort = query.sort;
  if (scope.category) next.category = scope.category;
  if (scope.tag) next.tags = [scope.tag];
  return next;
}

export interface ActiveFilter {
  key: FilterKey;
  value: string;
  /** e.g. "Music", "Under 4 minutes" */
  label: string;
  /** This page without the filter. */
  removeHref: string;
}

function filterLabel(key: FilterKey, value: string, facets: SearchFacets | undefined): string {
  const facetLabel = facets?.[key]?.find((facet) => facet.value === value)?.label;
  if (facetLabel) return facetLabel;
  if (key === 'duration') return DURATION_LABELS[value as DurationBucket] ?? value;
  if (key === 'uploaded') return UPLOAD_LABELS[value as UploadWindow] ?? value;
  return value;
}

/** The filters a viewer chose (not the page's own scope), each with a link that removes it. */
export function activeFilters(
  path: string,
  query: SearchQuery,
  scope: SearchScope = {},
  facets?: SearchFacets,
): ActiveFilter[] {
  const list: ActiveFilter[] = [];
  const add = (key: FilterKey, value: string) =>
    list.push({
      key,
      value,
      label: filterLabel(key, value, facets),
      removeHref: searchHref(path, withoutFilter(query, key, value), scope),
    });
  if (query.category && query.category !== scope.category) add('category', query.category);
  for (const tag of query.tags ?? []) if (tag !== scope.tag) add('tags', tag);
  if (query.creator) add('creator', query.creator);
  if (query.duration) add('duration', query.duration);
  if (query.uploaded) add('uploaded', query.uploaded);
  return list;
}

/** The query string of `GET /api/search` (tags repeated, sorted so equal queries share one cache entry). */
export function searchApiParams(query: SearchQuery): string {
  const params = new URLSearchParams();
  const q = normalizeQueryText(query.q);
  if (q) params.set('q', q);
  if (query.category) params.set('category', query.category);
  for (const tag of [...new Set(query.tags ?? [])].sort()) params.append('tags', tag);
  if (query.duration) params.set('duration', query.duration);
  if (query.uploaded) params.set('uploaded', query.uploaded);
  if (query.creator) params.set('creator', query.creator);
  if (query.sort) params.set('sort', query.sort);
  if (query.page && query.page > 1) params.set('page', String(Math.min(Math.floor(query.page), SEARCH_LIMITS.maxPage)));
  if (query.pageSize)
    params.set('pageSize', String(Math.min(Math.max(1, Math.floor(query.pageSize)), SEARCH_LIMITS.maxPageSize)));
  return params.toString();
}

export interface FacetOption {
  value: string;
  label: string;
  /** undefined for a chosen value the counts no longer mention */
  count: number | undefined;
  checked: boolean;
}

const CANONICAL_ORDER: Partial<Record<FilterKey, readonly string[]>> = {
  duration: DURATION_BUCKETS,
  uploaded: UPLOAD_WINDOWS,
};

/**
 * The choices of one filter: the values with results (the CMS's order; buckets in their natural order), plus
 * any chosen value the counts no longer list, so a viewer can always see and undo a choice.
 */
export function facetOptions(
  key: FilterKey,
  query: SearchQuery,
  facets: SearchFacets | undefined,
  scope: SearchScope = {},
  limit: number = SEARCH_LIMITS.facetValues,
): FacetOption[] {
  const fixed = key === 'tags' ? scope.tag : key === 'category' ? scope.category : undefined;
  const chosen = (key === 'tags' ? (query.tags ?? []) : query[key] ? [query[key] as string] : []).filter(
    (value) => value !== fixed,
  );
  const options: FacetOption[] = [];
  for (const facet of facets?.[key] ?? []) {
    if (
      !facet ||
      typeof facet.value !== 'string' ||
      facet.value === fixed ||
      options.some((option) => option.value === facet.value)
    )
      continue;
    if (facet.count <= 0 && !chosen.includes(facet.value)) continue;
    options.push({
      value: facet.value,
      label: facet.label || facet.value,
      count: facet.count,
      checked: chosen.includes(facet.value),
    });
  }
  const order = CANONICAL_ORDER[key];
  if (order) options.sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value));
  const shown = options.filter((option, index) => index < limit || option.checked);
  for (const value of chosen) {
    if (!shown.some((option) => option.value === value))
      shown.push({ value, label: filterLabel(key, value, undefined), count: undefined, checked: true });
  }
  return shown;
}
