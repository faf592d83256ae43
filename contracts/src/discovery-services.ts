/**
 * What other plugins may call on the discovery plugin (`strapi.plugin('discovery').service(name)`): the public part
 * of its services, declared here because every plugin builds against @framecast/contracts, never against another
 * plugin's sources. Discovery's own services are checked against these at compile time (plugins/discovery
 * utils/index.ts), so a signature change here or there fails the type check.
 */
import type { SearchVideoCard } from './discovery';

/** A video as the search index holds it, as far as other plugins need it: its documentId and its card. */
export interface DiscoveryDocument {
  id: string;
  card: SearchVideoCard;
}

/** `documents`: search documents built from the database (published, public, approved videos only). */
export interface DiscoveryDocumentsApi {
  /** The documents of these videos that are indexable, and the ids of those that are not. */
  build(documentIds: string[]): Promise<{ documents: DiscoveryDocument[]; absent: string[] }>;
  /** Indexable videos matching Strapi `filters`, sorted and paged. */
  query(
    filters: Record<string, unknown>,
    sort: string | string[],
    start: number,
    limit: number,
  ): Promise<{ documents: DiscoveryDocument[]; total: number }>;
}

/** `indexer`: brings these videos' index entries up to date soon, after a write that changes what they show. */
export interface DiscoveryIndexerApi {
  schedule(documentIds: Iterable<string>): void;
}

export interface DiscoveryEngineStatus {
  engine: string;
  ready: boolean;
  lastError: string | null;
}

/** What `engine.check()` found: the engine asked now, and its documents counted against the database's. */
export interface DiscoveryEngineCheck {
  engine: string;
  /** The engine answered a count just now. */
  answering: boolean;
  /** Documents in the index (null when the engine did not answer). */
  indexed: number | null;
  /** Videos the database says belong in the index (published, public, approved, ready). */
  indexable: number;
  error?: string;
}

/** `engine`: which search engine runs and whether it answers (the health check). */
export interface DiscoveryEngineApi {
  status(): DiscoveryEngineStatus;
  /** Asks the engine now (diagnostics); waits for index updates in flight before counting. Never throws. */
  check(): Promise<DiscoveryEngineCheck>;
}

/** What a viewer did in another plugin, for "You might like" (GET /api/discovery/for-you); each list newest first. */
export interface ViewerSignals {
  /** documentIds of the creators the viewer follows (at most 20) */
  follows?: string[];
  /** the videos the viewer rated, with their stars (at most 50) */
  ratings?: Array<{ video: string; stars: number }>;
  /** documentIds of the videos in the viewer's watch history (at most 50) */
  watched?: string[];
}

export type ViewerSignalSource = (viewerId: number) => Promise<ViewerSignals>;

/**
 * `signals`: plugins that hold what viewers do (community, library) hand discovery a source in their bootstrap, so
 * discovery never reads their tables: `signals.provide('library', async (viewerId) => ({ watched: [...] }))`.
 */
export interface DiscoverySignalsApi {
  provide(name: string, source: ViewerSignalSource): void;
}

export interface DiscoveryServicesApi {
  documents: DiscoveryDocumentsApi;
  engine: DiscoveryEngineApi;
  indexer: DiscoveryIndexerApi;
  signals: DiscoverySignalsApi;
}

/** Anything with Strapi's `plugin(name).service(name)`: Core.Strapi, without a dependency on @strapi/strapi. */
type PluginHost = { plugin(name: string): { service(name: string): unknown } | undefined };

/** A discovery service, typed by its public part; undefined when the discovery plugin is not enabled. */
export function discoveryService<Name extends keyof DiscoveryServicesApi>(
  strapi: PluginHost,
  name: Name,
): DiscoveryServicesApi[Name] | undefined {
  // Strapi's registry is untyped: the contract above says what each name holds
  return strapi.plugin('discovery')?.service(name) as DiscoveryServicesApi[Name] | undefined;
}
