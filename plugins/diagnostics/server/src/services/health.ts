import type { Core } from '@strapi/strapi';
import { searchEngine } from '../utils';

export type HealthReport = {
  status: 'ok' | 'degraded';
  version: string;
  uptimeSeconds: number;
  database: { reachable: boolean; client: string; latencyMs: number; error?: string };
  /** informational: search falls back to the database, so a search engine that is down leaves status 'ok' */
  search?: { engine: string; ready: boolean; error?: string };
};

const DATABASE_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async checkDatabase(): Promise<HealthReport['database']> {
    const client = String(strapi.db.config.connection.client);
    const started = performance.now();
    try {
      await withTimeout(strapi.db.connection.raw('select 1'), DATABASE_TIMEOUT_MS);
      return { reachable: true, client, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      // the message names the failure, never the connection string
      const reason = error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : 'unknown error';
      return { reachable: false, client, latencyMs: Math.round(performance.now() - started), error: reason };
    }
  },

  async report(): Promise<HealthReport> {
    const database = await this.checkDatabase();
    const search = searchEngine(strapi)?.status();
    return {
      status: database.reachable ? 'ok' : 'degraded',
      version: String(strapi.config.get('info.version', '0.0.0')),
      uptimeSeconds: Math.round(process.uptime()),
      database,
      ...(search && {
        search: {
          engine: search.engine,
          ready: search.ready,
          ...(search.lastError && !search.ready && { error: search.lastError }),
        },
      }),
    };
  },
});
