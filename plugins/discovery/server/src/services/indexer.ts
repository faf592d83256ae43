/**
 * Keeps the index in step with the database. Writes name the videos they touch (register.ts); after a short
 * delay the indexer builds those videos' documents from the database and upserts them, or removes the ones
 * that are no longer public. Work runs one batch at a time, outside the write's transaction; a batch the
 * engine refuses is retried with backoff, and a full rebuild (`npm run reindex`, or every boot with the
 * embedded engine) repairs anything a crash lost.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';

const MAX_RETRY_MS = 30_000;

export type IndexerService = ReturnType<typeof indexerService>;

export interface ReindexReport {
  indexed: number;
  total: number;
  seconds: number;
  engine: string;
}

const indexerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const engineService = () => getService(strapi, 'engine');
  const documents = () => getService(strapi, 'documents');

  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let retryDelayMs = 0;
  let stopped = false;
  /** ids changed while a rebuild runs: the rebuild may have read them before the change */
  let changedDuringRebuild: Set<string> | null = null;
  let rebuilding: Promise<ReindexReport> | undefined;
  const idleWaiters: Array<() => void> = [];
  // Index work runs in the context this service was created in (boot), not in the request or database
  // transaction that scheduled it: a timer would otherwise carry that transaction's context along.
  const detached = new AsyncResource('discovery-indexer');

  function wakeIdle() {
    if (pending.size > 0 || running || timer) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function arm(delayMs: number) {
    if (timer || stopped) return;
    timer = detached.runInAsyncScope(() =>
      setTimeout(() => {
        timer = undefined;
        running = flush().finally(() => {
          running = undefined;
          if (pending.size > 0) arm(retryDelayMs || engineService().config.syncDelayMs);
          else wakeIdle();
          // an engine that refuses work does not keep waiters waiting: they see the failure in the engine's status
          if (retryDelayMs > 0) for (const resolve of idleWaiters.splice(0)) resolve();
        });
      }, delayMs),
    );
  }

  async function flush(): Promise<void> {
    const ids = [...pending];
    pending.clear();
    if (ids.length === 0) return;
    const { engine } = engineService();
    try {
      const { documents: docs, absent } = await documents().build(ids);
      await engine.upsert(docs);
      await engine.remove(absent);
      retryDelayMs = 0;
      strapi.eventHub.emit('discovery::index.changed', { documentIds: ids });
    } catch (error) {
      for (const id of ids) pending.add(id);
      retryDelayMs = Math.min(MAX_RETRY_MS, Math.max(1000, retryDelayMs * 2));
      engineService().markFailed(error);
      strapi.log.error(
        `[discovery] index sync failed for ${ids.length} video(s), retrying in ${retryDelayMs} ms: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  return {
    /** Brings these videos' entries up to date soon (added, updated or removed). */
    schedule(documentIds: Iterable<string>): void {
      for (const id of documentIds) {
        if (!id) continue;
        pending.add(id);
        changedDuringRebuild?.add(id);
      }
      if (pending.size > 0 && !running) arm(engineService().config.syncDelayMs);
    },

    /** Rebuilds the whole index from the database; searches keep using the old one until it is done. */
    async reindex(progress?: (done: number, total: number) => void): Promise<ReindexReport> {
      if (rebuilding) return rebuilding;
      rebuilding = (async () => {
        const started = performance.now();
        const { engine } = engineService();
        changedDuringRebuild = new Set();
        try {
          const total = await documents().countIndexable();
          progress?.(0, total);
          const indexed = await engine.rebuild(documents().allIndexable(), total, progress);
          strapi.eventHub.emit('discovery::index.changed', { rebuilt: true });
          return { indexed, total, seconds: (performance.now() - started) / 1000, engine: engine.name };
        } finally {
          const changed = changedDuringRebuild;
          changedDuringRebuild = null;
          if (changed && changed.size > 0) this.schedule(changed);
        }
      })().finally(() => {
        rebuilding = undefined;
      });
      return rebuilding;
    },

    /** Resolves when nothing is waiting to be indexed, or when the engine refused the last batch (tests; scripts). */
    async settled(): Promise<void> {
      if (rebuilding) await rebuilding.catch(() => undefined);
      if (pending.size === 0 && !running && !timer) return;
      await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },

    stop(): void {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
  };
};

export default indexerService;
