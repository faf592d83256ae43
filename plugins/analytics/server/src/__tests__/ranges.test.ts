import { coveredMs, coveredWithin, mergeRanges, playedMs, rangesToMs, toMs } from '../utils/ranges';

describe('watched ranges', () => {
  it('turns seconds into whole ms, clipped to the video and without empty ranges', () => {
    expect(toMs(1.2345)).toBe(1235);
    expect(
      rangesToMs(
        [
          [0, 1.5],
          [3, 3],
          [-1, 2],
          [9, 12],
        ],
        10_000,
      ),
    ).toEqual([
      [0, 1500],
      [0, 2000],
      [9000, 10_000],
    ]);
  });

  it('merges overlapping, touching and repeated ranges; a seek leaves a gap', () => {
    expect(mergeRanges([])).toEqual([]);
    expect(
      mergeRanges([
        [5000, 8000],
        [0, 2000],
        [1000, 3000],
        [3000, 4000],
        [0, 2000],
        [20_000, 25_000],
      ]),
    ).toEqual([
      [0, 4000],
      [5000, 8000],
      [20_000, 25_000],
    ]);
    expect(
      mergeRanges([
        [0, 10_000],
        [2000, 3000],
      ]),
    ).toEqual([[0, 10_000]]);
  });

  it('watch time counts replays; coverage counts each moment once', () => {
    // played 0-10, sought back to 5, played 5-10 again, then skipped to 30 and played 30-32
    const ranges: [number, number][] = [
      [0, 10_000],
      [5000, 10_000],
      [30_000, 32_000],
    ];
    expect(playedMs(ranges)).toBe(17_000);
    expect(coveredMs(ranges)).toBe(12_000);
  });

  it('measures coverage inside a window', () => {
    const merged = mergeRanges([
      [0, 4000],
      [6000, 9000],
    ]);
    expect(coveredWithin(merged, 0, 10_000)).toBe(7000);
    expect(coveredWithin(merged, 3000, 7000)).toBe(2000);
    expect(coveredWithin(merged, 4000, 6000)).toBe(0);
    expect(coveredWithin(merged, 9000, 10_000)).toBe(0);
  });

  it('does not change the ranges it is given', () => {
    const ranges: [number, number][] = [
      [5, 8],
      [0, 6],
    ];
    mergeRanges(ranges);
    expect(ranges).toEqual([
      [5, 8],
      [0, 6],
    ]);
  });
});
