// A small in-memory cache for CMS catalog responses: fresh for `ttlMs`; then, for `revalidateMs`, answered at once
// while one background request replaces it (stale-while-revalidate); kept as a stale fallback for `staleMs` in case
// the CMS fails; bounded by entry count (least recently used evicted).

interface Entry<T> {
  value: T;
  storedAt: number;
}

export interface CacheOptions {
  ttlMs: number;
  staleMs: number;
  /** After `ttlMs`, how long the entry is answered at once while it is fetched again (0: callers wait). */
  revalidateMs?: number;
  maxEntries: number;
  now?: () => number;
}

export class ResponseCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #inFlight = new Map<string, Promise<T>>();
  readonly #options: Required<CacheOptions>;

  constructor(options: CacheOptions) {
    this.#options = { now: Date.now, revalidateMs: 0, ...options };
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry if it is still fresh. */
  fresh(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const age = this.#options.now() - entry.storedAt;
    if (age >= this.#options.ttlMs) return undefined;
    this.#touch(key, entry);
    return entry.value;
  }

  /** The entry if it expired less than `revalidateMs` ago: answer it, and fetch it again in the background. */
  revalidating(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const age = this.#options.now() - entry.storedAt;
    if (this.#options.ttlMs <= 0) return undefined;
    if (age < this.#options.ttlMs || age >= this.#options.ttlMs + this.#options.revalidateMs) return undefined;
    return entry.value;
  }

  /** The entry if it expired less than `staleMs` ago (or is still fresh). */
  stale(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const age = this.#options.now() - entry.storedAt;
    if (age > this.#options.ttlMs + this.#options.staleMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T): void {
    if (this.#options.ttlMs <= 0 && this.#options.staleMs <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, storedAt: this.#options.now() });
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  /** Runs `load` once for concurrent callers asking for the same key. */
  coalesce(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const promise = load().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    return promise;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  #touch(key: string, entry: Entry<T>): void {
    // Map keeps insertion order: re-inserting marks the entry as most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }
}
