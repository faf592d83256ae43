import { PageCache, isStorable } from '../page-cache';

const PUBLIC = { 'cache-control': 'public, max-age=30', 'content-type': 'text/html' };

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A render that answers `body` (or what `next` says) and counts its calls. */
function renderer(initial: string) {
  let body = initial;
  let status = 200;
  let headers: Record<string, string> = PUBLIC;
  let calls = 0;
  let gate: Promise<void> | undefined;
  const render = async () => {
    calls += 1;
    if (gate) await gate;
    if (status === -1) throw new Error('render blew up');
    return new Response(body, { status, headers });
  };
  return {
    render,
    calls: () => calls,
    set: (next: { body?: string; status?: number; headers?: Record<string, string> }) => {
      body = next.body ?? body;
      status = next.status ?? status;
      headers = next.headers ?? headers;
    },
    hold: () => {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

const options = (now: () => number) => ({
  ttlMs: 1000,
  revalidateMs: 10_000,
  staleIfErrorMs: 60_000,
  maxEntries: 2,
  now,
});

describe('PageCache', () => {
  it('renders once, then answers fresh copies without rendering', async () => {
    const time = clock();
    const cache = new PageCache(options(time.now));
    const page = renderer('<h1>home</h1>');
    const first = await cache.serve('/', page.render);
    expect(first.outcome).toBe('miss');
    expect(await first.response.text()).toBe('<h1>home</h1>');
    time.advance(500);
    const second = await cache.serve('/', page.render);
    expect(second.outcome).toBe('hit');
    expect(second.response.headers.get('x-page-cache')).toBe('hit');
    expect(await second.response.text()).toBe('<h1>home</h1>');
    expect(page.calls()).toBe(1);
  });

  it('an expired copy is answered at once while one background render replaces it', async () => {
    const time = clock();
    const cache = new PageCache(options(time.now));
    const page = renderer('old');
    await cache.serve('/', page.render);
    time.advance(1500);
    page.set({ body: 'new' });
    const release = page.hold(); // the render is slow: nobody waits for it
    const answers = await Promise.all([cache.serve('/', page.render), cache.serve('/', page.render)]);
    expect(answers.map((answer) => answer.outcome)).toEqual(['stale', 'stale']);
    expect(await answers[0]!.response.text()).toBe('old');
    expect(page.calls()).toBe(2); // the first render and one background render for both
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const after = await cache.serve('/', page.render);
    expect(after.outcome).toBe('hit');
    expect(await after.response.text()).toBe('new');
  });

  it('keeps a copy while renders fail (stale-if-error), then lets it go', async () => {
    const time = clock();
    const cache = new PageCache(options(time.now));
    const page = renderer('kept');
    await cache.serve('/', page.render);
    time.advance(20_000); // past fresh and revalidate: a visitor would wait for a render
    page.set({ status: 503 });
    const failing = await cache.serve('/', page.render);
    expect(failing.outcome).toBe('stale-if-error');
    expect(failing.response.status).toBe(200);
    expect(await failing.response.text()).toBe('kept');
    page.set({ status: -1 });
    expect((await cache.serve('/', page.render)).outcome).toBe('stale-if-error');
    time.advance(60_000);
    await expect(cache.serve('/', page.render)).rejects.toThrow('render blew up');
  });

  it('keeps only what a shared cache may store', async () => {
    const time = clock();
    const cache = new PageCache(options(time.now));
    const personal: Array<Record<string, string>> = [
      { 'cache-control': 'no-store' },
      { 'cache-control': 'public, max-age=30', 'set-cookie': 'framecast-session=abc' },
      { 'cache-control': 'private, max-age=30' },
    ];
    for (const headers of personal) {
      const page = renderer('personal');
      page.set({ headers });
      expect((await cache.serve('/p', page.render)).outcome).toBe('bypass');
      expect((await cache.serve('/p', page.render)).outcome).toBe('bypass');
      expect(page.calls()).toBe(2);
    }
    const notFound = renderer('missing');
    notFound.set({ status: 404 });
    expect((await cache.serve('/gone', notFound.render)).response.status).toBe(404);
    expect(cache.size).toBe(0);
    expect(isStorable(new Response('x', { headers: PUBLIC }))).toBe(true);
  });

  it('is bounded (least recently used go first) and off at a zero lifetime', async () => {
    const time = clock();
    const cache = new PageCache(options(time.now));
    for (const path of ['/a', '/b', '/c']) await cache.serve(path, renderer(path).render);
    expect(cache.size).toBe(2);
    const again = renderer('/a again');
    expect((await cache.serve('/a', again.render)).outcome).toBe('miss');

    const off = new PageCache({ ...options(time.now), ttlMs: 0 });
    const page = renderer('x');
    await off.serve('/', page.render);
    expect((await off.serve('/', page.render)).outcome).toBe('bypass');
    expect(page.calls()).toBe(2);
  });
});

describe('PageCache and pages that stop being public', () => {
  it('a page that answers 404 (or turns personal) on revalidation is dropped at once', async () => {
    const time = clock();
    const cache = new PageCache(options(time.now));
    const page = renderer('a public video');
    await cache.serve('/watch/x', page.render);
    time.advance(1500);
    page.set({ status: 404, body: 'not found' });
    expect((await cache.serve('/watch/x', page.render)).outcome).toBe('stale'); // the one answer in flight
    await new Promise((resolve) => setTimeout(resolve, 0));
    const next = await cache.serve('/watch/x', page.render);
    expect(next.response.status).toBe(404);
    expect(cache.size).toBe(0);
  });
});
