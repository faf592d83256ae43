/**
 * Watched ranges of one viewing session, in whole milliseconds of media time so sums are exact integers.
 *
 * - watch time: the total length of the ranges AS SENT. Playing a part twice counts twice (it was watched twice);
 *   a seek is the gap between two ranges and is never watched.
 * - coverage: the union of the ranges (each moment of the video once), what retention is drawn from.
 *
 * A session is one player on one page: two tabs are two sessions, never merged with each other.
 */
import type { WatchedRange } from '@framecast/contracts';

/** [from, to) in ms of media time, from <= to. */
export type MsRange = [from: number, to: number];

export const toMs = (seconds: number): number => Math.round(seconds * 1000);

/** Ranges in seconds (as the player sends them) to ms, clipped to [0, durationMs]; empty ones dropped. */
export function rangesToMs(ranges: readonly WatchedRange[], durationMs = Infinity): MsRange[] {
  const out: MsRange[] = [];
  for (const [from, to] of ranges) {
    const start = Math.max(0, toMs(from));
    const end = Math.min(durationMs, toMs(to));
    if (end > start) out.push([start, end]);
  }
  return out;
}

/** Watch time: the sum of the ranges' lengths, repeats included. */
export function playedMs(ranges: readonly MsRange[]): number {
  let total = 0;
  for (const [from, to] of ranges) if (to > from) total += to - from;
  return total;
}

/** The union of the ranges, sorted, with overlapping or touching ranges joined. */
export function mergeRanges(ranges: readonly MsRange[]): MsRange[] {
  const sorted = ranges.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: MsRange[] = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** Unique coverage: how much of the video the ranges cover, each moment once. */
export function coveredMs(ranges: readonly MsRange[]): number {
  return playedMs(mergeRanges(ranges));
}

/** How much of [from, to) merged (sorted, disjoint) ranges cover. */
export function coveredWithin(merged: readonly MsRange[], from: number, to: number): number {
  let total = 0;
  for (const [start, end] of merged) {
    if (start >= to) break;
    const overlap = Math.min(end, to) - Math.max(start, from);
    if (overlap > 0) total += overlap;
  }
  return total;
}
