/** Where hit counts live: this process's memory, or Redis (shared by every CMS instance). */
export interface CounterStore {
  readonly kind: 'memory' | 'redis';
  /**
   * Counts one hit on `key` in a fixed window of `windowMs` that opens with the key's first hit, atomically; returns
   * the count in the current window and the milliseconds until it closes.
   */
  increment(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  close(): Promise<void>;
}
