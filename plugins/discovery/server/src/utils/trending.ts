/**
 * Trending: views decayed over time, a view losing half its weight every half-life. The score is
 * log2 of Σ 2^((viewed - EPOCH) / halfLife): the decayed count times a factor that is the same for every video
 * at any moment, so scores written at different times still compare and nothing needs rescoring as time
 * passes. Only a new view changes a video's score. 0 means no views.
 */
const HOUR_MS = 3_600_000;
const EPOCH_MS = Date.UTC(2020, 0, 1);

export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS);
}

export interface HourlyViews {
  hour: number;
  count: number;
}

export function trendingScore(views: HourlyViews[], halfLifeHours: number): number {
  const exponents = views
    .filter((bucket) => bucket.count > 0)
    .map((bucket) => ((bucket.hour + 0.5) * HOUR_MS - EPOCH_MS) / HOUR_MS / halfLifeHours + Math.log2(bucket.count));
  if (exponents.length === 0) return 0;
  const top = Math.max(...exponents);
  return top + Math.log2(exponents.reduce((sum, exponent) => sum + 2 ** (exponent - top), 0));
}

/** Views older than this no longer move a score measurably (2^-30 of a fresh view at a 24 h half-life). */
export function trendingWindowHours(halfLifeHours: number): number {
  return halfLifeHours * 30;
}
