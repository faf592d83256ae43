/** Once per jest project: drop this run's template databases (see strapi.ts), then stop a throwaway PostgreSQL. */
import { rmSync } from 'node:fs';
import { dropDatabase } from './postgres-server';
import { templateLocation } from './strapi';

export default async function globalTeardown(): Promise<void> {
  const pgServer = process.env.FRAMECAST_TEST_PG_SERVER;
  for (const kind of ['sqlite', 'postgres'] as const) {
    const { dir, name } = templateLocation(kind);
    if (kind === 'postgres' && pgServer) await dropDatabase(pgServer, name).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  (globalThis as { __stopPostgres?: () => void }).__stopPostgres?.();
}
