/**
 * Prometheus metrics of the transcode jobs (prom-client), kept by whichever process runs them: the worker serves them
 * at its own GET /metrics (worker-main.ts), the CMS running jobs in process adds them to its /metrics (the diagnostics
 * plugin merges this registry). How long a job waited, how long it took, how fast against real time, and how it ended;
 * and the free space of the local folders media work needs (the media root with local storage, uploads, encodes).
 */
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StorageConfig } from '../storage/types';
import type { TranscodeOutcome } from './types';

/** A local folder media work writes to: `media` (local storage), `uploads` (tus, the CMS), `encodes` (work folders). */
export interface MediaFolder {
  folder: 'media' | 'uploads' | 'encodes';
  path: string;
}

/** The folders a process writes media to: the CMS all three, a worker no uploads (it reads sources from storage). */
export function mediaFolders(
  config: { storage: StorageConfig; uploadDir: string; workDir: string },
  { uploads }: { uploads: boolean },
): MediaFolder[] {
  return [
    ...(config.storage.driver === 'local' ? [{ folder: 'media' as const, path: config.storage.root }] : []),
    ...(uploads ? [{ folder: 'uploads' as const, path: config.uploadDir }] : []),
    { folder: 'encodes', path: config.workDir },
  ];
}

/** Free and total bytes of the disk holding `folder`, or its nearest parent that exists (a folder made on first use). */
async function diskSpace(folder: string): Promise<{ free: number; size: number } | null> {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      const stats = await statfs(current);
      return { free: stats.bavail * stats.bsize, size: stats.blocks * stats.bsize };
    } catch {
      if (path.dirname(current) === current) return null;
    }
  }
}

export interface TranscodeMetrics {
  readonly registry: Registry;
  /**
   * An attempt begins. `queuedAt` (ms) is when the job was enqueued, on its first attempt only (a retry's wait is its
   * backoff, not the queue). Returns what records how the attempt ended: its outcome, or a failure to retry.
   */
  attempt(queuedAt: number | null): (ended: TranscodeOutcome | 'retry') => void;
}

export function createTranscodeMetrics({
  service,
  processMetrics = false,
  active,
  folders,
}: {
  /** The `service` label: `worker`, or `cms` when the CMS runs jobs in process. */
  service: 'worker' | 'cms';
  /** Node's own metrics too (the worker; the CMS's /metrics has its own). */
  processMetrics?: boolean;
  /** Jobs this process runs now. */
  active?: () => number;
  /** The local folders whose free disk space to report. */
  folders?: () => MediaFolder[];
}): TranscodeMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (processMetrics) collectDefaultMetrics({ register: registry });

  const attempts = new Counter({
    name: 'framecast_transcode_attempts_total',
    help: 'Transcode attempts by how they ended: ready, failed (for good) or retry',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'framecast_transcode_duration_seconds',
    help: 'Wall time of a transcode attempt (validation, the whole ladder, posters, storyboard, upload to storage)',
    labelNames: ['outcome'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 2400, 3600],
    registers: [registry],
  });
  const realtime = new Histogram({
    name: 'framecast_transcode_realtime_factor',
    help: 'Seconds of video made ready per second of transcoding (above 1: faster than real time)',
    buckets: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 4, 8, 16],
    registers: [registry],
  });
  const wait = new Histogram({
    name: 'framecast_queue_wait_seconds',
    help: 'Time a transcode job waited in the queue before its first attempt began',
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  if (active)
    new Gauge({
      name: 'framecast_transcode_active_jobs',
      help: 'Transcode jobs this process runs now',
      registers: [registry],
      collect() {
        this.set(active());
      },
    });

  if (folders) {
    const disks = async () =>
      Promise.all(folders().map(async (entry) => ({ ...entry, space: await diskSpace(entry.path) })));
    new Gauge({
      name: 'framecast_disk_free_bytes',
      help: 'Free bytes (for this process) on the disk holding each media folder: media, uploads, encodes',
      labelNames: ['folder'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const { folder, space } of await disks()) if (space) this.set({ folder }, space.free);
      },
    });
    new Gauge({
      name: 'framecast_disk_size_bytes',
      help: 'Size in bytes of the disk holding each media folder: media, uploads, encodes',
      labelNames: ['folder'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const { folder, space } of await disks()) if (space) this.set({ folder }, space.size);
      },
    });
  }

  return {
    registry,
    attempt(queuedAt) {
      const started = performance.now();
      if (queuedAt !== null) wait.observe(Math.max(0, Date.now() - queuedAt) / 1000);
      return (ended) => {
        const seconds = (performance.now() - started) / 1000;
        const outcome = ended === 'retry' ? 'retry' : ended.status;
        attempts.inc({ outcome });
        duration.observe({ outcome }, seconds);
        if (ended !== 'retry' && ended.status === 'ready' && seconds > 0 && ended.media.durationS > 0)
          realtime.observe(ended.media.durationS / seconds);
      };
    },
  };
}
