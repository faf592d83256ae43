// Rendered catalog pages for visitors who are not signed in, served from memory with stale-while-revalidate: a page
// that has expired is answered at once from the copy in hand while one background render replaces it, and a copy is
// kept (stale-if-error) while renders fail. So a slow query or a CMS hiccup never sits on a visitor's request.
//
// Only what a shared cache may store is kept: a 200 whose page said `Cache-Control: public` (lib/page.ts, catalog
// pages) and that sets no cookie. The middleware asks only for GET/HEAD requests that carry no session cookie, so a
// signed-in page (which says no-store anyway) never gets here.

export interface CachedPage {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
  storedAt: number;
}

export interface PageCacheOptions {
  /** How long a copy is fresh. 0 turns the cache off. */
  ttlMs: number;
  /** After that, how long a copy is still answered at once while a background render replaces it. */
  revalidateMs: number;
  /** After that, how long a copy is kept for when renders fail (5xx, thrown). */
  staleIfErrorMs: number;
  maxEntries: number;
  /** Pages larger than this are not kept. */
  maxBytes?: number;
  now?: () => number;
  /** A background render failed (logged by the caller's choice). */
  onBackgroundError?: (key: string, error: unknown) => void;
}

export type PageCacheOutcome = 'hit' | 'stale' | 'miss' | 'bypass' | 'stale-if-error';

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** Whether a rendered response may be kept for everyone. */
export function isStorable(response: Response): boolean {
  if (response.status !== 200) return false;
  if (response.headers.has('set-cookie')) return false;
  const cacheControl = response.headers.get('cache-control') ?? '';
  return /\bpublic\b/.test(cacheControl) && !/\b(no-store|private|no-cache)\b/.test(cacheControl);
}

export class PageCache {
  readonly #entries = new Map<string, CachedPage>();
  readonly #rendering = new Map<string, Promise<CachedPage | Response>>();
  readonly #options: Required<Omit<PageCacheOptions, 'onBackgroundError'>> &
    Pick<PageCacheOptions, 'onBackgroundError'>;

  constructor(options: PageCacheOptions) {
    this.#options = { now: Date.now, maxBytes: DEFAULT_MAX_BYTES, ...options };
  }

  get enabled(): boolean {
    return this.#options.ttlMs > 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The page for `key`: the cached copy when fresh; the cached copy at once and a background `render` when it is
   * stale; otherwise one `render` shared by concurrent callers (kept when storable), falling back to a copy within
   * stale-if-error when the render fails.
   */
  async serve(
    key: string,
    render: () => Promise<Response>,
  ): Promise<{ response: Response; outcome: PageCacheOutcome }> {
    if (!this.enabled) return { response: await render(), outcome: 'bypass' };
    const entry = this.#entries.get(key);
    const age = entry ? this.#options.now() - entry.storedAt : Number.POSITIVE_INFINITY;
    if (entry && age < this.#options.ttlMs) {
      this.#touch(key, entry);
      return { response: toResponse(entry, 'hit', age), outcome: 'hit' };
    }
    if (entry && age < this.#options.ttlMs + this.#options.revalidateMs) {
      // the visitor gets the copy now; the next visitor gets the new render
      this.#render(key, render).catch((error: unknown) => this.#options.onBackgroundError?.(key, error));
      return { response: toResponse(entry, 'stale', age), outcome: 'stale' };
    }
    try {
      const rendered = await this.#render(key, render);
      if (rendered instanceof Response) {
        if (rendered.status >= 500) {
          const fallback = this.#fallback(key);
          if (fallback) {
            await rendered.body?.cancel().catch(() => undefined);
            return { response: fallback, outcome: 'stale-if-error' };
          }
        }
        return { response: rendered, outcome: 'bypass' };
      }
      return { response: toResponse(rendered, 'miss', 0), outcome: 'miss' };
    } catch (error) {
      const fallback = this.#fallback(key);
      if (fallback) return { response: fallback, outcome: 'stale-if-error' };
      throw error;
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  /** One render per key at a time: a storable page is kept and shared; anything else goes to the one who asked. */
  #render(key: string, render: () => Promise<Response>): Promise<CachedPage | Response> {
    const pending = this.#rendering.get(key);
    if (pending)
      return pending.then((result): Promise<CachedPage | Response> | CachedPage =>
        result instanceof Response ? render() : result,
      );
    const promise = (async (): Promise<CachedPage | Response> => {
      const response = await render();
      if (!isStorable(response)) {
        // no longer a public page (gone, made private, now personal): the copy must not be answered again
        if (response.status < 500) this.#entries.delete(key);
        return response;
      }
      const body = new Uint8Array(await response.arrayBuffer());
      const page: CachedPage = {
        status: response.status,
        headers: [...response.headers.entries()],
        body,
        storedAt: this.#options.now(),
      };
      if (body.byteLength <= this.#options.maxBytes) this.#store(key, page);
      return page;
    })().finally(() => this.#rendering.delete(key));
    this.#rendering.set(key, promise);
    return promise;
  }

  #fallback(key: string): Response | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const age = this.#options.now() - entry.storedAt;
    if (age > this.#options.ttlMs + this.#options.revalidateMs + this.#options.staleIfErrorMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return toResponse(entry, 'stale-if-error', age);
  }

  #store(key: string, page: CachedPage): void {
    this.#entries.delete(key);
    this.#entries.set(key, page);
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  #touch(key: string, entry: CachedPage): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }
}

function toResponse(page: CachedPage, outcome: PageCacheOutcome, ageMs: number): Response {
  const headers = new Headers(page.headers);
  headers.set('Age', String(Math.floor(ageMs / 1000)));
  headers.set('X-Page-Cache', outcome);
  // each answer gets its own request id (the middleware sets it); the stored one named the render's request
  headers.delete('x-request-id');
  return new Response(page.body.slice(), { status: page.status, headers });
}
