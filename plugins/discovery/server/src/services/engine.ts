/**
 * The search engine this process uses (Meilisearch when MEILI_HOST is set, else embedded) and its state.
 * Boot never fails because of search: an unreachable Meilisearch is logged with what to check, searches
 * fall back to the database (services/search.ts), and the settings are tried again until they apply.
 */
import type { DiscoveryDocumentsApi, DiscoveryEngineCheck } from '@framecast/contracts';
import type { Core } from '@strapi/strapi';
import { parseDiscoveryConfig, type DiscoveryConfig } from '../config';
import { createEngine } from '../engines';
import type { SearchEngine } from '../engines/types';

const RETRY_MS = 30_000;

export type EngineService = ReturnType<typeof engineService>;

const engineService = ({ strapi }: { strapi: Core.Strapi }) => {
  // the settings cms/config/plugins.ts passed in, checked at boot (config/index.ts)
  const config: DiscoveryConfig = parseDiscoveryConfig(strapi.config.get('plugin::discovery'));
  let engine: SearchEngine = createEngine(config);
  let ready = false;
  let lastError: string | null = null;
  let retryTimer: NodeJS.Timeout | undefined;

  async function initialise(): Promise<boolean> {
    try {
      await engine.init();
      ready = true;
      lastError = null;
      return true;
    } catch (error) {
      ready = false;
      lastError = error instanceof Error ? error.message : String(error);
      strapi.log.error(
        `[discovery] ${lastError}; search falls back to the database until it answers (retry in ${RETRY_MS / 1000} s)`,
      );
      return false;
    }
  }

  return {
    config,

    get engine(): SearchEngine {
      return engine;
    },

    /** Engine set up and its settings applied. */
    get ready(): boolean {
      return ready;
    },

    status() {
      return { engine: engine.name, ready, lastError };
    },

    /** Asks the engine for its document count now and counts the indexable videos in the database (diagnostics). */
    async check(): Promise<DiscoveryEngineCheck> {
      const discovery = strapi.plugin('discovery');
      // index updates still in flight would make the two counts differ for a moment
      await Promise.race([
        (discovery.service('indexer') as { settled(): Promise<void> }).settled(),
        new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
      ]);
      const documents = discovery.service('documents') as { query: DiscoveryDocumentsApi['query'] };
      const { total: indexable } = await documents.query({}, 'publishedAt:desc', 0, 1);
      let timer: NodeJS.Timeout | undefined;
      try {
        const indexed = await Promise.race([
          engine.count(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${engine.name} did not answer within 5 s`)), 5_000);
          }),
        ]);
        return { engine: engine.name, answering: true, indexed, indexable };
      } catch (error) {
        return {
          engine: engine.name,
          answering: false,
          indexed: null,
          indexable,
          error: error instanceof Error ? error.message : String(error),
        };
      } finally {
        clearTimeout(timer);
      }
    },

    /** Records a failure seen at run time (a search or an index write). */
    markFailed(error: unknown): void {
      lastError = error instanceof Error ? error.message : String(error);
    },

    /** Applies the settings; calls `onReady` once they are (at once, or after retries). */
    async start(onReady: () => Promise<void>): Promise<void> {
      const attempt = async () => {
        if (await initialise()) {
          await onReady();
          return;
        }
        retryTimer = setTimeout(() => void attempt(), RETRY_MS);
        retryTimer.unref();
      };
      await attempt();
    },

    /** For tests: use this engine instead (a failing one, say). */
    replaceEngine(next: SearchEngine): void {
      engine = next;
    },

    async stop(): Promise<void> {
      clearTimeout(retryTimer);
      await engine.close();
    },
  };
};

export default engineService;
