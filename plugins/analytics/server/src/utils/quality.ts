/**
 * Playback quality: startup time (play click to first frame) p50/p95, rebuffering ratio (stall time / watch time) and
 * error rate (sessions that hit a fatal error / sessions), grouped by browser. Exact from sessions; from aggregates the
 * percentiles come from a fixed histogram of startup times (percentiles do not add up, histograms do).
 */

/** Upper bounds (ms) of the startup histogram's buckets; the last bucket holds everything slower. */
export const STARTUP_BOUNDS_MS = [100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 8000, 13000, 20000] as const;

/** Nearest-rank percentile (p in 0..100) of the values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function startupBucket(ms: number): number {
  const index = STARTUP_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return index === -1 ? STARTUP_BOUNDS_MS.length : index;
}

/** The percentile from a startup histogram: the upper bound of the bucket holding that rank (null past the last bound). */
export function percentileFromHistogram(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!;
    if (seen >= rank) return i < STARTUP_BOUNDS_MS.length ? STARTUP_BOUNDS_MS[i]! : null;
  }
  return null;
}

/** What each session brings to the quality numbers. */
export interface SessionQuality {
  browser: string | null;
  startupMs: number | null;
  watchMs: number;
  stalls: number;
  stallMs: number;
  errors: number;
  fatalError: boolean;
}

/** Additive quality sums (an aggregate row holds one per browser, and one overall). */
export interface QualitySums {
  sessions: number;
  startups: number;
  startupMsSum: number;
  startupHistogram: number[];
  watchMs: number;
  stalls: number;
  stallMs: number;
  errors: number;
  errorSessions: number;
}

export const emptyQualitySums = (): QualitySums => ({
  sessions: 0,
  startups: 0,
  startupMsSum: 0,
  startupHistogram: new Array<number>(STARTUP_BOUNDS_MS.length + 1).fill(0),
  watchMs: 0,
  stalls: 0,
  stallMs: 0,
  errors: 0,
  errorSessions: 0,
});

export function addSessionQuality(sums: QualitySums, session: SessionQuality): void {
  sums.sessions += 1;
  if (session.startupMs !== null) {
    sums.startups += 1;
    sums.startupMsSum += session.startupMs;
    sums.startupHistogram[startupBucket(session.startupMs)]! += 1;
  }
  sums.watchMs += session.watchMs;
  sums.stalls += session.stalls;
  sums.stallMs += session.stallMs;
  sums.errors += session.errors;
  if (session.fatalError) sums.errorSessions += 1;
}

import type { AnalyticsQuality as QualityReport } from '@framecast/contracts';

export type { QualityReport };

/** Unknown browsers (or none derived, under Do-Not-Track) are grouped under this name. */
export const UNKNOWN_BROWSER = 'unknown';

function report(sessions: number, watchMs: number, stallMs: number, errorSessions: number) {
  return {
    sessions,
    rebufferingRatio: watchMs > 0 ? stallMs / watchMs : null,
    errorRate: sessions > 0 ? errorSessions / sessions : null,
  };
}

/** Exact figures from sessions, overall and by browser. */
export function qualityOfSessions(sessions: readonly SessionQuality[]): {
  overall: QualityReport;
  byBrowser: Record<string, QualityReport>;
} {
  const describe = (group: readonly SessionQuality[]): QualityReport => {
    const startups = group.flatMap((session) => (session.startupMs === null ? [] : [session.startupMs]));
    const sum = (pick: (session: SessionQuality) => number) => group.reduce((total, s) => total + pick(s), 0);
    return {
      ...report(
        group.length,
        sum((s) => s.watchMs),
        sum((s) => s.stallMs),
        sum((s) => (s.fatalError ? 1 : 0)),
      ),
      startupP50Ms: percentile(startups, 50),
      startupP95Ms: percentile(startups, 95),
    };
  };
  const groups = new Map<string, SessionQuality[]>();
  for (const session of sessions) {
    const name = session.browser ?? UNKNOWN_BROWSER;
    groups.set(name, [...(groups.get(name) ?? []), session]);
  }
  const byBrowser: Record<string, QualityReport> = {};
  for (const name of [...groups.keys()].sort()) byBrowser[name] = describe(groups.get(name)!);
  return { overall: describe(sessions), byBrowser };
}

/** Figures from aggregate sums (percentiles to the histogram's bucket bounds). */
export function qualityOfSums(sums: QualitySums): QualityReport {
  return {
    ...report(sums.sessions, sums.watchMs, sums.stallMs, sums.errorSessions),
    startupP50Ms: percentileFromHistogram(sums.startupHistogram, 50),
    startupP95Ms: percentileFromHistogram(sums.startupHistogram, 95),
  };
}
