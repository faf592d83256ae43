/**
 * The services of the plugins diagnostics asks (plugins/README.md: discovery for the search engine, transcoding for
 * storage, the media tools, the queue and its round trip), typed by what diagnostics uses of them: their packages are
 * not dependencies. Undefined when the plugin is not enabled.
 */
import type { Core } from '@strapi/strapi';
import type { Registry } from 'prom-client';

export type SearchStatus = { engine: string; ready: boolean; lastError: string | null };
export type SearchCheck = {
  engine: string;
  answering: boolean;
  indexed: number | null;
  indexable: number;
  error?: string;
};

type SelfTestAnswer = { ok: boolean; detail: string; error?: string };

/** A worker connected to the queue, as Redis sees it (transcoding's jobs/runner.ts). */
export type ConnectedWorker = {
  name: string;
  address: string;
  connectedS: number;
  lastHeardS: number;
  waiting: boolean;
};

/** A ping job's trip through the queue and back (transcoding's jobs/runner.ts). */
export type PingRoundTrip =
  | { answered: true; ms: number; answer: { answeredBy: string; storage: 'local' | 's3' } }
  | { answered: false; ms: number; state: string; error?: string };

export interface TranscodingSelfTest {
  storageLocation(): string;
  folders(): Array<{ role: string; path: string }>;
  storage(): Promise<SelfTestAnswer & { driver: 'local' | 's3' }>;
  /** Paths are absolute (null: not found on PATH). */
  mediaTools(): Promise<
    SelfTestAnswer & {
      ffmpeg: { path: string | null; version: string | null };
      ffprobe: { path: string | null; version: string | null };
      nice: { path: string | null };
    }
  >;
  queue(): Promise<{
    kind: 'bullmq' | 'in-process' | null;
    reachable: boolean;
    workers: number;
    connected?: ConnectedWorker[];
    error?: string;
  }>;
  queueRoundTrip(timeoutMs: number): Promise<{
    kind: 'bullmq' | 'in-process' | null;
    takesJobs: boolean;
    /** This CMS's media storage driver, to compare with the worker's. */
    storage: 'local' | 's3';
    roundTrip: PingRoundTrip | null;
  }>;
  queueCounts(): Promise<Record<string, number> | null>;
  metricsRegistry(): Registry;
}

/** The search engine's state and check (plugins/discovery). */
export const searchEngine = (strapi: Core.Strapi) =>
  strapi.plugin('discovery')?.service('engine') as
    { status(): SearchStatus; check(): Promise<SearchCheck> } | undefined;

/** Discovery's search latency metrics (plugins/discovery services/metrics.ts), merged into the CMS's /metrics. */
export const discoveryMetrics = (strapi: Core.Strapi) =>
  strapi.plugin('discovery')?.service('metrics') as { registry: Registry } | undefined;

/** Transcoding's self-test service (plugins/transcoding services/self-test.ts). */
export const transcodingSelfTest = (strapi: Core.Strapi) =>
  strapi.plugin('transcoding')?.service('self-test') as TranscodingSelfTest | undefined;
