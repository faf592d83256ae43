// The discovery calls of the CMS client against a real HTTP server standing in for the discovery plugin
// (the contract's shapes and status codes, contracts/src/discovery.ts).
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
import { CmsRequestError, CmsUnavailableError, recordView, relatedVideos, search, suggest } from '../cms';
import type { SearchResponse, SearchVideoCard } from '../discovery';
import { json, useFakeCms } from './support/fake-cms';

const cms = useFakeCms({ CMS_TIMEOUT_MS: '500' });
const seen = cms.seen;
const strapiError = (status: number, message: string) => ({
  data: null,
  error: { status, name: status === 400 ? 'ValidationError' : 'Error', message },
});

const card = (documentId: string): SearchVideoCard => ({
  id: 1,
  documentId,
  title: `Video ${documentId}`,
  slug: `video-${documentId}`,
  description: null,
  duration: 60,
  language: 'en',
  publishedAt: '2025-01-01T00:00:00.000Z',
  viewCount: 3,
  ratingAverage: 0,
  ratingCount: 0,
  poster: null,
  playback: null,
  category: null,
  tags: [],
  creator: null,
});

const searchBody: SearchResponse = {
  data: [{ video: card('a1'), highlight: { title: [{ text: 'Video a1', match: false }], description: [] } }],
  meta: {
    query: { q: 'video', sort: 'relevance', page: 1, pageSize: 24 },
    total: 1,
    pageCount: 1,
    facets: {
      category: [],
      tags: [],
      creator: [],
      duration: [{ value: 'short', label: 'Short', count: 1 }],
      uploaded: [],
    },
    processingTimeMs: 2,
    engine: 'embedded',
    degraded: false,
  },
};

describe('search', () => {
  it('asks GET /api/search with flat, repeated parameters and returns the response', async () => {
    cms.handler = (_seen, res) => json(res, 200, searchBody);
    const response = await search({ q: 'video', tags: ['piano', 'beginner'], duration: 'short', sort: 'relevance' });
    expect(response).toEqual(searchBody);
    expect(seen.map((entry) => entry.url)).toEqual([
      '/api/search?q=video&tags=beginner&tags=piano&duration=short&sort=relevance',
    ]);
  });

  it('caches a search briefly, like other reads', async () => {
    cms.handler = (_seen, res) => json(res, 200, searchBody);
    await search({ q: 'video' });
    await search({ q: 'video' });
    expect(seen).toHaveLength(1);
  });

  it('fills in what a partial answer leaves out, so pages never index into undefined', async () => {
    cms.handler = (_seen, res) => json(res, 200, { data: null, meta: { total: 0 } });
    const response = await search({ sort: 'trending', pageSize: 8 });
    expect(response.data).toEqual([]);
    expect(response.meta.facets).toEqual({ category: [], tags: [], creator: [], duration: [], uploaded: [] });
    expect(response.meta.query).toEqual({ sort: 'trending', page: 1, pageSize: 8 });
    expect(response.meta.degraded).toBe(false);
  });

  it('turns a 400 (bad input) and a 429 (rate limited) into CmsRequestError with the status', async () => {
    cms.handler = (_seen, res) => json(res, 400, strapiError(400, 'sort must be one of relevance, newest'));
    const refused = await search({ q: 'x' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CmsRequestError);
    expect((refused as CmsRequestError).status).toBe(400);
    expect((refused as CmsRequestError).message).toContain('sort must be one of');

    cms.handler = (_seen, res) => json(res, 429, strapiError(429, 'Too many requests'));
    await expect(search({ q: 'y' })).rejects.toMatchObject({ status: 429 });
  });

  it('treats a CMS without the search route (404) as search being unavailable', async () => {
    cms.handler = (_seen, res) => json(res, 404, strapiError(404, 'Not Found'));
    await expect(search({ q: 'x' })).rejects.toBeInstanceOf(CmsUnavailableError);
  });
});

describe('suggest and related', () => {
  it('asks for suggestions by prefix, and not at all for an empty one', async () => {
    const data = [
      {
        documentId: 'a1',
        slug: 'video-a1',
        title: 'Video a1',
        highlight: [{ text: 'Vid', match: true }],
        creator: null,
      },
    ];
    cms.handler = (_seen, res) =>
      json(res, 200, { data, meta: { query: 'vid', processingTimeMs: 1, engine: 'embedded', degraded: false } });
    expect(await suggest('  vid ')).toEqual(data);
    expect(await suggest('   ')).toEqual([]);
    expect(seen.map((entry) => entry.url)).toEqual(['/api/search/suggest?q=vid']);
  });

  it('asks for related videos by documentId and never returns the video itself', async () => {
    cms.handler = (_seen, res) => json(res, 200, { data: [card('b2'), card('a1'), card('c3')] });
    const related = await relatedVideos('a1');
    expect(related.map((video) => video.documentId)).toEqual(['b2', 'c3']);
    expect(seen[0]!.url).toBe('/api/discovery/related/a1');
  });
});

describe('recordView', () => {
  it('POSTs the beacon as JSON, uncached, and returns { counted }', async () => {
    cms.handler = (_seen, res) => json(res, 200, { counted: true });
    const beacon = { video: 'a1', viewer: 'v'.repeat(32), watchedSeconds: 6 };
    expect(await recordView(beacon)).toEqual({ counted: true });
    expect(await recordView(beacon)).toEqual({ counted: true });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/discovery/views', contentType: 'application/json' });
    expect(seen[0]!.body).toEqual(beacon);
  });

  it('passes on a 422 (too short) as CmsRequestError, and rejects an answer without `counted`', async () => {
    cms.handler = (_seen, res) => json(res, 422, strapiError(422, 'watchedSeconds must be at least 5'));
    await expect(recordView({ video: 'a1', viewer: 'v'.repeat(32), watchedSeconds: 1 })).rejects.toMatchObject({
      status: 422,
    });
    cms.handler = (_seen, res) => json(res, 200, { ok: true });
    await expect(recordView({ video: 'a1', viewer: 'v'.repeat(32), watchedSeconds: 6 })).rejects.toBeInstanceOf(
      CmsUnavailableError,
    );
  });
});
