import type { DiscoveryConfig } from '../config';
import { EmbeddedEngine } from './embedded';
import { MeilisearchEngine } from './meilisearch';
import type { SearchEngine } from './types';

export type { SearchDocument, SearchEngine } from './types';

/** Meilisearch when MEILI_HOST is set, else the embedded engine. */
export function createEngine(config: DiscoveryConfig): SearchEngine {
  if (!config.meiliHost) return new EmbeddedEngine();
  return new MeilisearchEngine({
    host: config.meiliHost,
    apiKey: config.meiliApiKey ?? undefined,
    index: config.meiliIndex,
    timeoutMs: config.meiliTimeoutMs,
  });
}
