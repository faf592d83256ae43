/**
 * Work that follows a video write (notifying followers) runs after the write's transaction, not inside it: in the
 * context this service was created in (boot), so it neither waits on nor holds the writer's connection, and a
 * rolled-back write notifies nobody. `settled()` lets tests and scripts wait for it.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';

const afterWritesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const detached = new AsyncResource('community-after-writes');
  const pending = new Set<Promise<void>>();
  return {
    run(label: string, work: () => Promise<void>): void {
      const done = new Promise<void>((resolve) => {
        detached.runInAsyncScope(() =>
          setImmediate(() => {
            work()
              .catch((error: Error) => strapi.log.error(`[community] ${label}: ${error.message}`))
              .finally(resolve);
          }),
        );
      });
      pending.add(done);
      void done.finally(() => pending.delete(done));
    },
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
};

export default afterWritesService;
export type AfterWritesService = ReturnType<typeof afterWritesService>;
