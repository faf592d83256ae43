import {
  averageViewDuration,
  bucketBounds,
  bucketCount,
  retentionCurve,
  retentionHistogram,
  steepestDrops,
  timestampLabel,
} from '../utils/retention';

describe('audience retention', () => {
  it('cuts short videos per second and longer ones in 100 buckets, in whole ms ending at the duration', () => {
    expect(bucketCount(0)).toBe(0);
    expect(bucketCount(4500)).toBe(5);
    expect(bucketCount(100_000)).toBe(100);
    expect(bucketCount(3_600_000)).toBe(100);
    const bounds = bucketBounds(4500);
    expect(bounds).toEqual([0, 900, 1800, 2700, 3600, 4500]);
    const long = bucketBounds(1_234_567);
    expect(long).toHaveLength(101);
    expect(long[100]).toBe(1_234_567);
    expect(long.every((bound) => Number.isInteger(bound))).toBe(true);
  });

  it('gives the share of plays watching in each bucket', () => {
    // 10 s video, per-second buckets: one play watched it all, one the first half, one seconds 2-4 and 8-10
    const histogram = retentionHistogram(
      [
        [[0, 10_000]],
        [[0, 5000]],
        [
          [2000, 4000],
          [8000, 10_000],
        ],
      ],
      10_000,
    );
    expect(histogram).toEqual([2000, 2000, 3000, 3000, 2000, 1000, 1000, 1000, 2000, 2000]);
    const curve = retentionCurve(histogram, 3, 10_000);
    expect(curve.map((point) => point.share)).toEqual([2 / 3, 2 / 3, 1, 1, 2 / 3, 1 / 3, 1 / 3, 1 / 3, 2 / 3, 2 / 3]);
    expect(curve[0]).toMatchObject({ from: 0, to: 1 });
    expect(retentionCurve(histogram, 0, 10_000).every((point) => point.share === 0)).toBe(true);
  });

  it('counts part of a bucket as part of a viewer', () => {
    expect(retentionCurve(retentionHistogram([[[0, 500]]], 2000), 1, 2000).map((p) => p.share)).toEqual([0.5, 0]);
  });

  it('names the steepest drops with their timestamps, largest first', () => {
    const curve = [1, 0.75, 0.75, 0.25, 0.5, 0].map((share, i) => ({ from: i * 30, to: (i + 1) * 30, share }));
    // a tie goes to the earlier drop; the rise at 2:00 is not a drop
    expect(steepestDrops(curve, 2)).toEqual([
      { at: 90, label: '1:30', drop: 0.5 },
      { at: 150, label: '2:30', drop: 0.5 },
    ]);
    expect(steepestDrops(curve).map((drop) => drop.at)).toEqual([90, 150, 30]);
    expect(steepestDrops([{ from: 0, to: 1, share: 1 }])).toEqual([]);
  });

  it('labels timestamps as m:ss or h:mm:ss', () => {
    expect(timestampLabel(0)).toBe('0:00');
    expect(timestampLabel(65.9)).toBe('1:05');
    expect(timestampLabel(3725)).toBe('1:02:05');
  });

  it('averages view duration over views', () => {
    expect(averageViewDuration(90_000, 3)).toBe(30);
    expect(averageViewDuration(0, 0)).toBe(0);
  });
});
