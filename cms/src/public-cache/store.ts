/**
 * The public response cache's entries and what each one read. An entry is kept under its URL with the dependency keys
 * its request recorded (see reads.ts); a write evicts the entries that depend on one of the keys it touched. A request
 * still running when a key it depends on is evicted read data older than that write: its answer is not stored.
 */

export const dependencyKeys = {
  /** The request listed, counted or searched documents of this type (the set can change with any write of it). */
  list: (uid: string) => `list:${uid}`,
  /** The request read (or showed) this document. */
  document: (uid: string, documentId: string) => `doc:${uid}:${documentId}`,
  /** The request showed this document's relation `attribute`, whose members can change with writes on the other side. */
  relation: (uid: string, documentId: string, attribute: string) => `rel:${uid}:${documentId}:${attribute}`,
  /** The request chose or ordered documents of this type by `attribute`. */
  field: (uid: string, attribute: string) => `field:${uid}:${attribute}`,
  /** The request read anything of this type (for writes the cache cannot place more precisely). */
  type: (uid: string) => `type:${uid}`,
  /** The answer came from a plugin route: the plugin says when its answers change (an event). */
  route: (plugin: string) => `route:${plugin}`,
  /** The request read nothing the cache could see: any write evicts it. */
  untracked: '*',
};

/** What one cacheable request read, and what was evicted while it ran. */
export class ReadRecorder {
  readonly reads = new Set<string>();
  readonly evictedMeanwhile = new Set<string>();
  clearedMeanwhile = false;

  add(key: string): void {
    this.reads.add(key);
  }

  /** Whether the answer may be stored: nothing it depends on was written while it ran. */
  get current(): boolean {
    if (this.clearedMeanwhile) return false;
    for (const key of this.reads) if (this.evictedMeanwhile.has(key)) return false;
    return true;
  }
}

type Entry = { body: string; type: string; expires: number; reads: Set<string> };

export class PublicResponseStore {
  private readonly entries = new Map<string, Entry>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly running = new Set<ReadRecorder>();

  get size(): number {
    return this.entries.size;
  }

  begin(): ReadRecorder {
    const recorder = new ReadRecorder();
    this.running.add(recorder);
    return recorder;
  }

  end(recorder: ReadRecorder): void {
    this.running.delete(recorder);
  }

  /** Nothing cached and no request running: no eviction could matter now. */
  get idle(): boolean {
    return this.entries.size === 0 && this.running.size === 0;
  }

  /** Whether evicting `key` could matter now: an entry depends on it, or a request is running. */
  mayDependOn(key: string): boolean {
    return this.dependents.has(key) || this.running.size > 0;
  }

  fresh(url: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(url);
    return entry && entry.expires > now ? entry : undefined;
  }

  /** Stores an answer with what its request read; false when a write it depends on landed while it ran. */
  store(url: string, body: string, type: string, ttlMs: number, maxEntries: number, recorder: ReadRecorder): boolean {
    if (recorder.reads.size === 0) recorder.add(dependencyKeys.untracked);
    if (!recorder.current) return false;
    this.delete(url);
    while (this.entries.size >= maxEntries) this.delete(this.entries.keys().next().value as string);
    const reads = new Set(recorder.reads);
    this.entries.set(url, { body, type, expires: Date.now() + ttlMs, reads });
    for (const key of reads) {
      let urls = this.dependents.get(key);
      if (!urls) this.dependents.set(key, (urls = new Set()));
      urls.add(url);
    }
    return true;
  }

  /** Evicts every entry that depends on one of `keys` (and every untracked one). Returns how many went. */
  evict(keys: Iterable<string>): number {
    const touched = new Set(keys);
    touched.add(dependencyKeys.untracked);
    for (const recorder of this.running) for (const key of touched) recorder.evictedMeanwhile.add(key);
    let evicted = 0;
    for (const key of touched) {
      const urls = this.dependents.get(key);
      if (!urls) continue;
      for (const url of [...urls]) evicted += this.delete(url) ? 1 : 0;
    }
    return evicted;
  }

  clear(): void {
    this.entries.clear();
    this.dependents.clear();
    for (const recorder of this.running) recorder.clearedMeanwhile = true;
  }

  private delete(url: string): boolean {
    const entry = this.entries.get(url);
    if (!entry) return false;
    this.entries.delete(url);
    for (const key of entry.reads) {
      const urls = this.dependents.get(key);
      urls?.delete(url);
      if (urls?.size === 0) this.dependents.delete(key);
    }
    return true;
  }
}
