import {
  STARTUP_BOUNDS_MS,
  emptyQualitySums,
  addSessionQuality,
  percentile,
  percentileFromHistogram,
  qualityOfSessions,
  qualityOfSums,
  startupBucket,
  type SessionQuality,
} from '../utils/quality';

const session = (overrides: Partial<SessionQuality>): SessionQuality => ({
  browser: 'Chrome',
  startupMs: 400,
  watchMs: 60_000,
  stalls: 0,
  stallMs: 0,
  errors: 0,
  fatalError: false,
  ...overrides,
});

describe('playback quality', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([300], 95)).toBe(300);
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('groups startup, rebuffering and errors by browser', () => {
    const { overall, byBrowser } = qualityOfSessions([
      session({ startupMs: 200, stallMs: 3000, stalls: 1 }),
      session({ startupMs: 600 }),
      session({ browser: 'Firefox', startupMs: 1000, watchMs: 0, errors: 2, fatalError: true }),
      session({ browser: null, startupMs: null, watchMs: 30_000 }),
    ]);
    expect(Object.keys(byBrowser)).toEqual(['Chrome', 'Firefox', 'unknown']);
    expect(byBrowser.Chrome).toEqual({
      sessions: 2,
      startupP50Ms: 200,
      startupP95Ms: 600,
      rebufferingRatio: 3000 / 120_000,
      errorRate: 0,
    });
    expect(byBrowser.Firefox).toMatchObject({ rebufferingRatio: null, errorRate: 1 });
    expect(byBrowser.unknown).toMatchObject({ startupP50Ms: null, sessions: 1 });
    expect(overall).toEqual({
      sessions: 4,
      startupP50Ms: 600,
      startupP95Ms: 1000,
      rebufferingRatio: 3000 / 150_000,
      errorRate: 0.25,
    });
  });

  it('keeps additive sums whose percentiles land on the histogram bounds', () => {
    expect(startupBucket(0)).toBe(0);
    expect(startupBucket(100)).toBe(0);
    expect(startupBucket(101)).toBe(1);
    expect(startupBucket(99_999)).toBe(STARTUP_BOUNDS_MS.length);
    const sums = emptyQualitySums();
    for (const ms of [150, 180, 250, 400, 900, 30_000]) addSessionQuality(sums, session({ startupMs: ms }));
    addSessionQuality(sums, session({ startupMs: null, stallMs: 500, fatalError: true }));
    expect(sums).toMatchObject({ sessions: 7, startups: 6, startupMsSum: 31_880, stallMs: 500, errorSessions: 1 });
    const report = qualityOfSums(sums);
    expect(report.startupP50Ms).toBe(300);
    // the slowest bucket has no upper bound
    expect(report.startupP95Ms).toBeNull();
    expect(report.errorRate).toBeCloseTo(1 / 7);
    expect(percentileFromHistogram([0, 0], 50)).toBeNull();
  });
});
