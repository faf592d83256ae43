/**
 * Audience retention: for a video of duration D cut into B buckets, the share of plays still watching in each bucket.
 *
 * Definition: a bucket's value is the covered time of every play in that bucket (each play's unique coverage, so a
 * replay never counts twice) divided by (plays x the bucket's length). A play that watched the whole bucket adds 1, half
 * of it 0.5, a skipped bucket 0. Plays are viewing sessions that count as views (contracts' VIEW_RULE). The histogram of
 * covered ms per bucket is whole numbers and adds up across hours and days, so aggregates give the same curve as raw events.
 */
import { coveredWithin, type MsRange } from './ranges';

/** Per-second buckets up to this many seconds, then this many buckets. */
export const RETENTION_BUCKETS = 100;

export function bucketCount(durationMs: number): number {
  if (durationMs <= 0) return 0;
  return Math.min(RETENTION_BUCKETS, Math.ceil(durationMs / 1000));
}

/** Bucket i spans [bounds[i], bounds[i + 1]) in ms: whole numbers, the last ending at durationMs. */
export function bucketBounds(durationMs: number, buckets = bucketCount(durationMs)): number[] {
  const bounds: number[] = [];
  for (let i = 0; i <= buckets; i++) bounds.push(Math.floor((i * durationMs) / buckets));
  return bounds;
}

/** Adds one play's coverage (merged ranges) to a histogram of covered ms per bucket. */
export function addCoverage(histogram: number[], merged: readonly MsRange[], bounds: readonly number[]): void {
  for (let i = 0; i < histogram.length; i++) histogram[i]! += coveredWithin(merged, bounds[i]!, bounds[i + 1]!);
}

export function retentionHistogram(coverages: readonly (readonly MsRange[])[], durationMs: number): number[] {
  const bounds = bucketBounds(durationMs);
  const histogram = new Array<number>(bounds.length - 1).fill(0);
  for (const merged of coverages) addCoverage(histogram, merged, bounds);
  return histogram;
}

import type {
  AnalyticsRetentionDrop as RetentionDrop,
  AnalyticsRetentionPoint as RetentionPoint,
} from '@framecast/contracts';

export type { RetentionDrop, RetentionPoint };

export function retentionCurve(histogram: readonly number[], plays: number, durationMs: number): RetentionPoint[] {
  const bounds = bucketBounds(durationMs, histogram.length);
  return histogram.map((covered, i) => {
    const length = bounds[i + 1]! - bounds[i]!;
    return {
      from: bounds[i]! / 1000,
      to: bounds[i + 1]! / 1000,
      share: plays > 0 && length > 0 ? covered / (plays * length) : 0,
    };
  });
}

/** Average view duration, seconds: watch time of the plays over the views they made. */
export function averageViewDuration(viewWatchMs: number, views: number): number {
  return views > 0 ? viewWatchMs / views / 1000 : 0;
}

export function timestampLabel(seconds: number): string {
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The `count` largest falls between neighbouring buckets, largest first (earlier first on a tie); rises are not drops. */
export function steepestDrops(curve: readonly RetentionPoint[], count = 3): RetentionDrop[] {
  const drops: RetentionDrop[] = [];
  for (let i = 1; i < curve.length; i++) {
    const drop = curve[i - 1]!.share - curve[i]!.share;
    if (drop > 1e-12) drops.push({ at: curve[i]!.from, label: timestampLabel(curve[i]!.from), drop });
  }
  return drops.sort((a, b) => b.drop - a.drop || a.at - b.at).slice(0, count);
}
