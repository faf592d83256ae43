/**
 * Search, suggestions and their database fallback. The engine answers when it can; when it fails (or has not
 * come up) a plain database query answers instead, with a notice and without facets, so search keeps working.
 */
import type { Core } from '@strapi/strapi';
import {
  DURATION_BOUNDS_S,
  SEARCH_LIMITS,
  UPLOAD_WINDOWS,
  type FacetValue,
  type SearchFacets,
  type SearchHit,
  type SearchResponse,
  type SearchSort,
  type SuggestResponse,
  type UploadWindow,
} from '@framecast/contracts';
import { FACET_SEPARATOR } from '../utils/index-settings';
import { firstInOrder } from '../engines/embedded';
import { cropAroundMatch, markWords, queryWords } from '../engines/text';
import type { EngineFilters, EngineResult, FacetCounts } from '../engines/types';
import type { ParsedSearchQuery } from '../validation/search-query';
import type { SearchOperation } from './metrics';
import { getService } from '../utils';

const DAY_S = 86_400;
const WINDOW_DAYS: Record<UploadWindow, number> = { today: 1, week: 7, month: 30, year: 365 };
const WINDOW_LABELS: Record<UploadWindow, string> = {
  today: 'Today',
  week: 'This week',
  month: 'This month',
  year: 'This year',
};
const DURATION_LABELS = { short: 'Under 4 minutes', medium: '4–20 minutes', long: 'Over 20 minutes' } as const;
export const DEGRADED_NOTICE =
  'Search is running in a simpler mode right now: results match words in titles and descriptions only, without filters counts or typo tolerance.';

/**
 * Start of each upload window, seconds since the epoch (rolling: "week" is the last 7 days), to the minute,
 * so the same filter within a minute is the same query (the engine caches what it can per query).
 */
export function uploadWindowStarts(nowMs = Date.now()): number[] {
  const minute = Math.floor(nowMs / 60_000) * 60;
  return UPLOAD_WINDOWS.map((window) => minute - WINDOW_DAYS[window] * DAY_S);
}

export function engineFilters(query: ParsedSearchQuery, nowMs = Date.now()): EngineFilters {
  const filters: EngineFilters = {};
  if (query.category) filters.categorySlug = query.category;
  if (query.tags && query.tags.length > 0) filters.tagSlugs = query.tags;
  if (query.creator) filters.creatorHandle = query.creator;
  if (query.duration) filters.durationBucket = query.duration;
  if (query.uploaded) filters.publishedAfter = uploadWindowStarts(nowMs)[UPLOAD_WINDOWS.indexOf(query.uploaded)];
  return filters;
}

/** The most frequent values first (ties by value), at most SEARCH_LIMITS.facetValues, without sorting them all. */
function facetValues(counts: Record<string, number>): FacetValue[] {
  const top = firstInOrder(
    Object.entries(counts),
    SEARCH_LIMITS.facetValues,
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  return top.map(([raw, count]) => {
    const at = raw.indexOf(FACET_SEPARATOR);
    return at === -1 ? { value: raw, label: raw, count } : { value: raw.slice(0, at), label: raw.slice(at + 1), count };
  });
}

function toFacets(counts: FacetCounts | null, uploaded: number[] | null): SearchFacets {
  if (!counts) return { category: [], tags: [], creator: [], duration: [], uploaded: [] };
  return {
    category: facetValues(counts.categoryFacet),
    tags: facetValues(counts.tagFacets),
    creator: facetValues(counts.creatorFacet),
    duration: (['short', 'medium', 'long'] as const)
      .map((bucket) => ({ value: bucket, label: DURATION_LABELS[bucket], count: counts.durationBucket[bucket] ?? 0 }))
      .filter((value) => value.count > 0),
    uploaded: UPLOAD_WINDOWS.map((window, index) => ({
      value: window,
      label: WINDOW_LABELS[window],
      count: uploaded?.[index] ?? 0,
    })).filter((value) => value.count > 0),
  };
}

const DATABASE_SORT: Record<SearchSort, string[]> = {
  relevance: ['viewCount:desc', 'publishedAt:desc'],
  newest: ['publishedAt:desc'],
  views: ['viewCount:desc', 'publishedAt:desc'],
  rating: ['ratingAverage:desc', 'ratingCount:desc'],
  trending: ['viewCount:desc', 'publishedAt:desc'],
};

/** The query as Strapi filters, for the database fallback: every word in the title or the description. */
function databaseFilters(query: ParsedSearchQuery, words: string[]): Record<string, unknown> {
  const and: Record<string, unknown>[] = words.map((word) => ({
    $or: [{ title: { $containsi: word } }, { description: { $containsi: word } }],
  }));
  const filters = engineFilters(query);
  if (filters.categorySlug) and.push({ category: { slug: { $eq: filters.categorySlug } } });
  if (filters.creatorHandle) and.push({ creator: { handle: { $eq: filters.creatorHandle } } });
  for (const tag of filters.tagSlugs ?? []) and.push({ tags: { slug: { $eq: tag } } });
  if (filters.durationBucket === 'short') and.push({ duration: { $lt: DURATION_BOUNDS_S.shortBelow } });
  if (filters.durationBucket === 'medium')
    and.push({ duration: { $gte: DURATION_BOUNDS_S.shortBelow, $lte: DURATION_BOUNDS_S.longAbove } });
  if (filters.durationBucket === 'long') and.push({ duration: { $gt: DURATION_BOUNDS_S.longAbove } });
  if (filters.publishedAfter !== undefined)
    and.push({ publishedAt: { $gte: new Date(filters.publishedAfter * 1000).toISOString() } });
  return and.length > 0 ? { $and: and } : {};
}

export type SearchService = ReturnType<typeof searchService>;

const searchService = ({ strapi }: { strapi: Core.Strapi }) => {
  const engineService = () => getService(strapi, 'engine');
  const documents = () => getService(strapi, 'documents');

  function describeQuery(query: ParsedSearchQuery): SearchResponse['meta']['query'] {
    const { q, category, tags, duration, uploaded, creator, sort, page, pageSize } = query;
    return Object.fromEntries(
      Object.entries({ q, category, tags, duration, uploaded, creator, sort, page, pageSize }).filter(
        ([, value]) => value !== undefined && value !== '',
      ),
    ) as SearchResponse['meta']['query'];
  }

  async function fromDatabase(query: ParsedSearchQuery, started: number): Promise<SearchResponse> {
    const words = queryWords(query.q);
    const { documents: found, total } = await documents().query(
      databaseFilters(query, words),
      DATABASE_SORT[query.sort],
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    const isMatch = (word: string) => words.some((queryWord) => word.includes(queryWord));
    return {
      data: found.map((document) => ({
        video: document.card,
        highlight: {
          title: markWords(document.title, isMatch),
          description: cropAroundMatch(document.description, isMatch),
        },
      })),
      meta: {
        query: describeQuery(query),
        total,
        pageCount: Math.ceil(total / query.pageSize),
        facets: toFacets(null, null),
        processingTimeMs: Math.round(performance.now() - started),
        engine: 'database',
        degraded: true,
        notice: DEGRADED_NOTICE,
      },
    };
  }

  /** Times an answer for the metrics, by the engine that gave it (`database` when the engine was not used). */
  async function timed<Answer extends { meta: { engine: string } }>(
    operation: SearchOperation,
    answer: () => Promise<Answer>,
  ): Promise<Answer> {
    const started = performance.now();
    const result = await answer();
    getService(strapi, 'metrics').observeSearch(operation, result.meta.engine, (performance.now() - started) / 1000);
    return result;
  }

  const answers = {
    async search(query: ParsedSearchQuery): Promise<SearchResponse> {
      const started = performance.now();
      const service = engineService();
      if (service.ready) {
        let result: EngineResult;
        try {
          result = await service.engine.search(
            {
              q: query.q,
              filters: engineFilters(query),
              sort: query.sort,
              offset: (query.page - 1) * query.pageSize,
              limit: query.pageSize,
              matching: 'all',
              facets: true,
            },
            uploadWindowStarts(),
          );
        } catch (error) {
          service.markFailed(error);
          strapi.log.error(
            `[discovery] search engine failed, answering from the database: ${error instanceof Error ? error.message : String(error)}`,
          );
          return fromDatabase(query, started);
        }
        const data: SearchHit[] = result.hits.map((hit) => ({
          video: hit.document.card,
          highlight: hit.highlight,
          moment: hit.moment,
        }));
        return {
          data,
          meta: {
            query: describeQuery(query),
            total: result.total,
            pageCount: Math.ceil(result.total / query.pageSize),
            facets: toFacets(result.facets, result.uploadedCounts),
            processingTimeMs: result.processingTimeMs,
            engine: service.engine.name,
            degraded: false,
          },
        };
      }
      return fromDatabase(query, started);
    },

    async suggest(prefix: string): Promise<SuggestResponse> {
      const started = performance.now();
      const service = engineService();
      if (service.ready) {
        try {
          const suggestions = await service.engine.suggest(prefix, SEARCH_LIMITS.suggestions);
          return {
            data: suggestions.map(({ document, highlight }) => ({
              documentId: document.id,
              slug: document.card.slug,
              title: document.title,
              highlight,
              creator: document.creatorName,
            })),
            meta: {
              query: prefix,
              processingTimeMs: Math.round(performance.now() - started),
              engine: service.engine.name,
              degraded: false,
            },
          };
        } catch (error) {
          service.markFailed(error);
          strapi.log.error(
            `[discovery] suggest failed, answering from the database: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      const words = queryWords(prefix);
      const { documents: found } = await documents().query(
        { title: { $containsi: prefix.trim() } },
        DATABASE_SORT.views,
        0,
        SEARCH_LIMITS.suggestions,
      );
      return {
        data: found.map((document) => ({
          documentId: document.id,
          slug: document.card.slug,
          title: document.title,
          highlight: markWords(document.title, (word) => words.some((queryWord) => word.startsWith(queryWord))),
          creator: document.creatorName,
        })),
        meta: {
          query: prefix,
          processingTimeMs: Math.round(performance.now() - started),
          engine: 'database',
          degraded: true,
        },
      };
    },
  };

  return {
    search: (query: ParsedSearchQuery): Promise<SearchResponse> => timed('search', () => answers.search(query)),
    suggest: (prefix: string): Promise<SuggestResponse> => timed('suggest', () => answers.suggest(prefix)),
  };
};

export default searchService;
