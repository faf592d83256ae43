import * as contract from '@framecast/contracts';
import {
  DURATION_BUCKETS,
  MIN_VIEW_SECONDS,
  SEARCH_LIMITS,
  SEARCH_SORTS,
  UPLOAD_WINDOWS,
  type SearchFacets,
} from '../discovery';
import {
  activeFilters,
  defaultSort,
  facetOptions,
  normalizeQueryText,
  parseSearchParams,
  searchApiParams,
  searchHref,
  sortChoices,
  withPage,
  withoutFilter,
  withoutFilters,
} from '../discovery/search-params';

const params = (search: string) => new URLSearchParams(search);
const EMPTY: SearchFacets = { category: [], tags: [], creator: [], duration: [], uploaded: [] };

describe('the contract constants', () => {
  it('are the values @framecast/contracts exports', () => {
    expect(SEARCH_SORTS).toEqual(contract.SEARCH_SORTS);
    expect(DURATION_BUCKETS).toEqual(contract.DURATION_BUCKETS);
    expect(UPLOAD_WINDOWS).toEqual(contract.UPLOAD_WINDOWS);
    expect(SEARCH_LIMITS).toEqual(contract.SEARCH_LIMITS);
    expect(MIN_VIEW_SECONDS).toBe(contract.MIN_VIEW_SECONDS);
  });
});

describe('parseSearchParams', () => {
  it('reads every field of a well-formed URL', () => {
    expect(
      parseSearchParams(
        params(
          'q=event+loop&category=programming&tags=javascript&tags=deep-dive&duration=short&uploaded=week&creator=ada-moreno&sort=views&page=2',
        ),
        { text: true },
      ),
    ).toEqual({
      q: 'event loop',
      category: 'programming',
      tags: ['javascript', 'deep-dive'],
      duration: 'short',
      uploaded: 'week',
      creator: 'ada-moreno',
      sort: 'views',
      page: 2,
    });
  });

  it('ignores junk instead of failing', () => {
    expect(
      parseSearchParams(
        params(
          'q=%20%20&category=<b>&tags=ok,bad tag,,ok&duration=forever&uploaded=1999&creator=a/b&sort=random&page=abc',
        ),
        { text: true },
      ),
    ).toEqual({ tags: ['ok'] });
    expect(parseSearchParams(params('page=0'))).toEqual({});
    expect(parseSearchParams(params('page=-3'))).toEqual({});
    expect(parseSearchParams(params('page=2.5'))).toEqual({});
    expect(parseSearchParams(params('page=1'))).toEqual({});
  });

  it('clamps the page and the number of tags to the contract limits', () => {
    expect(parseSearchParams(params('page=5000')).page).toBe(SEARCH_LIMITS.maxPage);
    const many = Array.from({ length: 15 }, (_, i) => `tags=t${i}`).join('&');
    expect(parseSearchParams(params(many)).tags).toHaveLength(SEARCH_LIMITS.maxTags);
  });

  it('takes comma-separated and repeated tags, without repeats', () => {
    expect(parseSearchParams(params('tags=a,b&tags=b&tag=c')).tags).toEqual(['a', 'b', 'c']);
  });

  it('collapses whitespace and control characters in the words and cuts them to the limit', () => {
    expect(normalizeQueryText('  event\n\tloop \u0000 js ')).toBe('event loop js');
    expect(normalizeQueryText('x'.repeat(500))).toHaveLength(SEARCH_LIMITS.maxQueryLength);
    expect(normalizeQueryText('   ')).toBeUndefined();
  });

  it('reads words only where the page takes them', () => {
    expect(parseSearchParams(params('q=ramen'))).toEqual({});
    expect(parseSearchParams(params('q=ramen'), { text: true })).toEqual({ q: 'ramen' });
  });

  it('drops "relevance" when there are no words to be relevant to', () => {
    expect(parseSearchParams(params('sort=relevance'), { text: true })).toEqual({});
    expect(parseSearchParams(params('q=x&sort=relevance'), { text: true })).toEqual({ q: 'x', sort: 'relevance' });
  });

  it('applies the page scope over the URL', () => {
    expect(parseSearchParams(params('category=music&sort=views'), { category: 'science' })).toEqual({
      category: 'science',
      sort: 'views',
    });
    expect(parseSearchParams(params('tags=piano&tags=baking'), { tag: 'baking' }).tags).toEqual(['baking', 'piano']);
    expect(parseSearchParams(params('sort=newest'), { sort: 'trending' }).sort).toBe('trending');
  });
});

describe('searchHref', () => {
  it('round-trips a query through the URL', () => {
    const scope = { text: true };
    const query = parseSearchParams(
      params('q=bread&tags=baking&tags=beginner&duration=short&sort=newest&page=3'),
      scope,
    );
    const href = searchHref('/search', query, scope);
    expect(href).toBe('/search?q=bread&tags=baking&tags=beginner&duration=short&sort=newest&page=3');
    expect(parseSearchParams(new URL(href, 'http://site').searchParams, scope)).toEqual(query);
  });

  it('leaves the default sort, page 1 and the page scope out', () => {
    expect(searchHref('/search', { q: 'x', sort: 'relevance', page: 1 })).toBe('/search?q=x');
    expect(searchHref('/search', { sort: 'newest' })).toBe('/search');
    expect(searchHref('/c/music', { category: 'music', duration: 'long' }, { category: 'music' })).toBe(
      '/c/music?duration=long',
    );
    expect(searchHref('/t/piano', { tags: ['piano', 'beginner'] }, { tag: 'piano' })).toBe('/t/piano?tags=beginner');
    expect(searchHref('/trending', { sort: 'trending', page: 2 }, { sort: 'trending' })).toBe('/trending?page=2');
  });

  it('encodes what it puts in the URL', () => {
    expect(searchHref('/search', { q: 'a&b=c <d>' })).toBe('/search?q=a%26b%3Dc+%3Cd%3E');
  });
});

describe('query changes', () => {
  const query = { q: 'x', category: 'music', tags: ['a', 'b'], duration: 'short' as const, page: 4 };

  it('removes one filter (one tag) and goes back to the first page', () => {
    expect(withoutFilter(query, 'tags', 'a')).toEqual({ q: 'x', category: 'music', tags: ['b'], duration: 'short' });
    expect(withoutFilter({ tags: ['a'] }, 'tags', 'a')).toEqual({});
    expect(withoutFilter(query, 'duration')).toEqual({ q: 'x', category: 'music', tags: ['a', 'b'] });
  });

  it('clears the viewer’s filters but keeps the words, the sort and the page scope', () => {
    expect(withoutFilters({ ...query, sort: 'views' })).toEqual({ q: 'x', sort: 'views' });
    expect(withoutFilters({ ...query, tags: ['piano', 'a'] }, { tag: 'piano' })).toEqual({ q: 'x', tags: ['piano'] });
  });

  it('moves between pages', () => {
    expect(withPage(query, 1)).not.toHaveProperty('page');
    expect(withPage(query, 2).page).toBe(2);
  });

  it('knows the default and the choices of sort', () => {
    expect(defaultSort({ q: 'x' })).toBe('relevance');
    expect(defaultSort({})).toBe('newest');
    expect(defaultSort({ q: 'x' }, { sort: 'views' })).toBe('views');
    expect(sortChoices({})).toEqual(['newest', 'views', 'rating', 'trending']);
    expect(sortChoices({ q: 'x' })).toEqual(['relevance', 'newest', 'views', 'rating', 'trending']);
    expect(sortChoices({}, { sort: 'trending' })).toEqual([]);
  });
});

describe('activeFilters', () => {
  it('lists the viewer’s filters with labels and links that remove each one', () => {
    const facets: SearchFacets = { ...EMPTY, category: [{ value: 'music', label: 'Music', count: 3 }] };
    const chips = activeFilters(
      '/search',
      { q: 'x', category: 'music', tags: ['piano'], uploaded: 'week' },
      { text: true },
      facets,
    );
    expect(chips).toEqual([
      { key: 'category', value: 'music', label: 'Music', removeHref: '/search?q=x&tags=piano&uploaded=week' },
      { key: 'tags', value: 'piano', label: 'piano', removeHref: '/search?q=x&category=music&uploaded=week' },
      { key: 'uploaded', value: 'week', label: 'This week', removeHref: '/search?q=x&category=music&tags=piano' },
    ]);
  });

  it('leaves out what the page itself fixes', () => {
    expect(activeFilters('/c/music', { category: 'music' }, { category: 'music' })).toEqual([]);
    expect(activeFilters('/t/piano', { tags: ['piano'] }, { tag: 'piano' })).toEqual([]);
  });
});

describe('facetOptions', () => {
  const facets: SearchFacets = {
    ...EMPTY,
    tags: [
      { value: 'piano', label: 'Piano', count: 4 },
      { value: 'beginner', label: 'Beginner', count: 2 },
      { value: 'empty', label: 'Empty', count: 0 },
    ],
    duration: [
      { value: 'long', label: 'Long', count: 1 },
      { value: 'short', label: 'Short', count: 5 },
    ],
  };

  it('lists values with results, marks the chosen ones and keeps chosen values the counts no longer list', () => {
    expect(facetOptions('tags', { tags: ['beginner', 'gone'] }, facets)).toEqual([
      { value: 'piano', label: 'Piano', count: 4, checked: false },
      { value: 'beginner', label: 'Beginner', count: 2, checked: true },
      { value: 'gone', label: 'gone', count: undefined, checked: true },
    ]);
  });

  it('keeps buckets in their natural order and leaves out the page scope', () => {
    expect(facetOptions('duration', {}, facets).map((option) => option.value)).toEqual(['short', 'long']);
    expect(facetOptions('tags', { tags: ['piano'] }, facets, { tag: 'piano' }).map((option) => option.value)).toEqual([
      'beginner',
    ]);
  });

  it('shows at most `limit` values, plus any chosen beyond it', () => {
    expect(facetOptions('tags', { tags: ['beginner'] }, facets, {}, 1).map((option) => option.value)).toEqual([
      'piano',
      'beginner',
    ]);
  });
});

describe('searchApiParams', () => {
  it('builds the CMS query with repeated, sorted tags so equal queries share a cache entry', () => {
    expect(
      searchApiParams({
        q: ' event  loop ',
        tags: ['b', 'a', 'b'],
        category: 'programming',
        sort: 'views',
        page: 2,
        pageSize: 8,
      }),
    ).toBe('q=event+loop&category=programming&tags=a&tags=b&sort=views&page=2&pageSize=8');
    expect(searchApiParams({})).toBe('');
    expect(searchApiParams({ page: 1, pageSize: 500 })).toBe(`pageSize=${SEARCH_LIMITS.maxPageSize}`);
  });
});
