/**
 * The Meilisearch driver's requests, against a MOCK Meilisearch HTTP server (no Meilisearch can run on these
 * machines): settings from index-settings.ts sent at init and their tasks awaited, the API key sent, filters
 * and sorts as Meilisearch expects them, and a clear error when the server is unreachable or refuses the key.
 * Search behaviour itself is the contract suite's job (meilisearch-engine.test.ts, with MEILI_HOST).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { filterExpression, meilisearchSettings, MeilisearchEngine } from '../engines/meilisearch';
import { rankingRules, searchableAttributes, stopWords } from '../utils/index-settings';
import { CAPTIONED } from './engine-contract';

type Seen = { method: string; path: string; body: unknown; authorization: string | undefined };

let server: Server;
let host: string;
const seen: Seen[] = [];
let indexExists = false;
let taskPolls = 0;

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = request.url ?? '';
    seen.push({ method: request.method ?? '', path, body, authorization: request.headers.authorization });
    const send = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (request.headers.authorization !== 'Bearer right-key')
      return send(403, {
        message: 'The provided API key is invalid.',
        code: 'invalid_api_key',
        type: 'auth',
        link: '',
      });
    const task = (uid: number, type: string) =>
      send(202, { taskUid: uid, indexUid: 'videos', status: 'enqueued', type, enqueuedAt: new Date().toISOString() });
    if (path === '/health') return send(200, { status: 'available' });
    if (request.method === 'GET' && path === '/indexes/videos') {
      return indexExists
        ? send(200, { uid: 'videos', primaryKey: 'id', createdAt: '', updatedAt: '' })
        : send(404, {
            message: 'Index `videos` not found.',
            code: 'index_not_found',
            type: 'invalid_request',
            link: '',
          });
    }
    if (request.method === 'POST' && path === '/indexes') {
      indexExists = true;
      return task(1, 'indexCreation');
    }
    if (request.method === 'PATCH' && path === '/indexes/videos/settings') return task(2, 'settingsUpdate');
    if (request.method === 'POST' && path === '/multi-search') {
      // a hit as Meilisearch answers it: the fields asked for, and `_formatted` with the crops marked
      const { transcript: _transcript, ...retrieved } = CAPTIONED;
      return send(200, {
        results: [
          {
            indexUid: 'videos',
            hits: [
              {
                ...retrieved,
                _formatted: {
                  title: CAPTIONED.title,
                  description: CAPTIONED.description,
                  chapters: 'Holding the knife Sharpening on a whetstone',
                  transcript: '…three fingers. Now we \u0002julienne\u0003 the carrots into thin…',
                },
              },
            ],
            query: 'julliene',
            processingTimeMs: 1,
            totalHits: 1,
            hitsPerPage: 20,
            page: 1,
            totalPages: 1,
          },
        ],
      });
    }
    const taskMatch = /^\/tasks\/(\d+)/.exec(path);
    if (taskMatch) {
      taskPolls += 1;
      // the first poll finds the task still processing: the driver must keep waiting
      const status = taskPolls % 2 === 1 ? 'processing' : 'succeeded';
      return send(200, {
        uid: Number(taskMatch[1]),
        indexUid: 'videos',
        status,
        type: 'settingsUpdate',
        enqueuedAt: '',
        startedAt: '',
        finishedAt: '',
      });
    }
    send(404, {
      message: `mock: no route for ${request.method} ${path}`,
      code: 'not_found',
      type: 'invalid_request',
      link: '',
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('(mock Meilisearch) init creates the index, applies the declared settings with the API key and waits for the tasks', async () => {
  const engine = new MeilisearchEngine({ host, apiKey: 'right-key', index: 'videos', timeoutMs: 2000 });
  await engine.init();
  expect(seen.every((request) => request.authorization === 'Bearer right-key')).toBe(true);
  expect(
    seen.some(
      (request) =>
        request.method === 'POST' &&
        request.path === '/indexes' &&
        (request.body as { primaryKey: string }).primaryKey === 'id',
    ),
  ).toBe(true);
  const settings = seen.find((request) => request.method === 'PATCH' && request.path === '/indexes/videos/settings')
    ?.body as typeof meilisearchSettings;
  expect(settings).toEqual(meilisearchSettings);
  expect(settings.searchableAttributes).toEqual([...searchableAttributes]);
  expect(settings.rankingRules).toEqual([...rankingRules]);
  expect(settings.stopWords).toEqual([...stopWords]);
  expect(settings.synonyms.tutorial).toEqual(expect.arrayContaining(['guide']));
  expect(settings.synonyms.guide).toEqual(expect.arrayContaining(['tutorial']));
  // each task was polled until it succeeded
  expect(taskPolls).toBeGreaterThanOrEqual(4);
});

test('(mock Meilisearch) a refused API key and an unreachable host give errors that say what to check', async () => {
  await expect(
    new MeilisearchEngine({ host, apiKey: 'wrong-key', index: 'videos', timeoutMs: 2000 }).init(),
  ).rejects.toThrow(/refused the API key.*MEILI_API_KEY/);
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  await expect(
    new MeilisearchEngine({ host: `http://127.0.0.1:${port}`, index: 'videos', timeoutMs: 2000 }).init(),
  ).rejects.toThrow(/unreachable.*MEILI_HOST/);
});

test('filters become Meilisearch filter expressions, with values quoted', () => {
  expect(
    filterExpression({
      categorySlug: 'cooking',
      tagSlugs: ['a', 'b"c'],
      creatorHandle: 'ada',
      durationBucket: 'long',
      publishedAfter: 1700000000.7,
      excludeIds: ['x1'],
      anyOf: { categorySlug: 'music', tagSlugs: ['t'] },
    }),
  ).toEqual([
    'categorySlug = "cooking"',
    'creatorHandle = "ada"',
    'durationBucket = "long"',
    'publishedAt >= 1700000000',
    'tagSlugs = "a"',
    'tagSlugs = "b\\"c"',
    'id NOT IN ["x1"]',
    '(categorySlug = "music" OR tagSlugs IN ["t"])',
  ]);
});

test('(mock Meilisearch) a search asks for the caption crop, not the whole transcript, and points the hit at the line Meilisearch marked', async () => {
  const engine = new MeilisearchEngine({ host, apiKey: 'right-key', index: 'videos', timeoutMs: 2000 });
  await engine.init();
  // a typo Meilisearch forgives: the line is found by the word it marked, not by the query's spelling
  const result = await engine.search(
    { q: 'julliene', filters: {}, sort: 'relevance', offset: 0, limit: 20, matching: 'all', facets: false },
    [],
  );
  const sent = seen.filter((request) => request.path === '/multi-search').at(-1)!.body as {
    queries: Array<{ attributesToRetrieve: string[]; attributesToCrop: string[]; attributesToHighlight: string[] }>;
  };
  expect(sent.queries[0]!.attributesToRetrieve).not.toContain('transcript');
  expect(sent.queries[0]!.attributesToRetrieve).toEqual(expect.arrayContaining(['moments', 'card', 'title']));
  expect(sent.queries[0]!.attributesToCrop).toEqual(expect.arrayContaining(['transcript:12', 'chapters:12']));
  expect(sent.queries[0]!.attributesToHighlight).toEqual(expect.arrayContaining(['transcript', 'chapters']));
  expect(result.hits[0]!.moment).toMatchObject({ start: 95, kind: 'caption' });
  expect(result.hits[0]!.moment!.text.filter((part) => part.match).map((part) => part.text)).toEqual(['julienne']);
});
