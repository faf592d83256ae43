import type { WatchedRange } from '@framecast/contracts';
import { channelDays, rollupHours, sumTallies, videoDays, HOUR_MS, type RawEvent } from '../utils/rollup';
import { averageViewDuration, retentionCurve } from '../utils/retention';

const DAY = Date.UTC(2026, 11, 2);
const VIDEO = 'videoaaaaaaaaaaaaaaaaaaa';
const OTHER = 'videobbbbbbbbbbbbbbbbbbb';
const CREATOR = 'creatorccccccccccccccccc';

interface SessionSpec {
  session: string;
  viewerKey: string | null;
  start: number;
  heartbeats: WatchedRange[][];
  video?: string;
  source?: RawEvent['source'];
  browser?: string | null;
  country?: string | null;
  startupMs?: number;
  stallMs?: number[];
  fatal?: boolean;
  /** ms between heartbeats, so a long session spills into the next hour */
  every?: number;
}

const base = (spec: SessionSpec): Omit<RawEvent, 'seq' | 'type' | 'occurredAt'> => ({
  video: spec.video ?? VIDEO,
  creator: CREATOR,
  viewerKey: spec.viewerKey,
  session: spec.session,
  ranges: null,
  startupMs: null,
  stallMs: null,
  errorCode: null,
  fatal: null,
  mediaDuration: 60.02,
  source: spec.source ?? 'home',
  referrerDomain: null,
  deviceClass: spec.viewerKey === null ? null : 'desktop',
  browser: spec.browser === undefined ? 'Chrome' : spec.browser,
  os: spec.viewerKey === null ? null : 'Linux',
  country: spec.country === undefined ? 'FR' : spec.country,
});

function eventsOf(spec: SessionSpec): RawEvent[] {
  const every = spec.every ?? 15_000;
  const events: RawEvent[] = [
    { ...base(spec), seq: 0, type: 'start', occurredAt: spec.start, startupMs: spec.startupMs ?? 500 },
  ];
  spec.heartbeats.forEach((ranges, i) =>
    events.push({
      ...base(spec),
      seq: events.length,
      type: 'heartbeat',
      occurredAt: spec.start + (i + 1) * every,
      ranges,
    }),
  );
  for (const ms of spec.stallMs ?? [])
    events.push({ ...base(spec), seq: events.length, type: 'stall', occurredAt: spec.start + 1, stallMs: ms });
  if (spec.fatal)
    events.push({
      ...base(spec),
      seq: events.length,
      type: 'error',
      occurredAt: spec.start + 2,
      errorCode: 'manifestLoadError',
      fatal: true,
    });
  return events;
}

/** Viewers whose watched ranges are known: the truth below is computed from these alone, by brute force. */
const VIEWERS: SessionSpec[] = [
  // watched it all, in four heartbeats
  {
    session: 'linear',
    viewerKey: 'k-a',
    start: DAY + 10 * 60_000,
    heartbeats: [[[0, 15]], [[15, 30]], [[30, 45]], [[45, 60]]],
  },
  // seek-heavy: 0-5, jumped to 20, jumped to 40
  {
    session: 'seeker',
    viewerKey: 'k-b',
    start: DAY + 20 * 60_000,
    heartbeats: [
      [
        [0, 5],
        [20, 25],
      ],
      [[40, 50]],
    ],
  },
  // partial: left after 12 s
  { session: 'partial', viewerKey: 'k-c', start: DAY + 30 * 60_000, heartbeats: [[[0, 12]]] },
  // repeated: watched 10-30 twice
  {
    session: 'repeat',
    viewerKey: 'k-d',
    start: DAY + 40 * 60_000,
    heartbeats: [
      [[0, 30]],
      [
        [10, 30],
        [30, 45],
      ],
    ],
  },
  // parallel tabs of one viewer: two sessions, one view
  { session: 'tab-1', viewerKey: 'k-e', start: DAY + 50 * 60_000, heartbeats: [[[0, 20]]] },
  {
    session: 'tab-2',
    viewerKey: 'k-e',
    start: DAY + 50 * 60_000 + 5000,
    heartbeats: [
      [
        [0, 8],
        [30, 40],
      ],
    ],
  },
  // fractional seconds, starting in the next hour, heartbeats spilling over into the hour after
  {
    session: 'fraction',
    viewerKey: 'k-g',
    start: DAY + HOUR_MS + 59 * 60_000,
    every: 45_000,
    heartbeats: [[[1.25, 7.5]], [[7.5, 9.125]]],
    browser: 'Firefox',
    source: 'search',
    country: 'DE',
  },
  // Do-Not-Track, 3 s: not a view, no key
  {
    session: 'dnt-short',
    viewerKey: null,
    start: DAY + HOUR_MS + 5 * 60_000,
    heartbeats: [[[0, 3]]],
    browser: null,
    country: null,
  },
  // Do-Not-Track, a view: its own viewer
  {
    session: 'dnt-view',
    viewerKey: null,
    start: DAY + HOUR_MS + 6 * 60_000,
    heartbeats: [[[0, 6]]],
    browser: null,
    country: null,
    stallMs: [800, 400],
  },
  // 4.9 s: below the view threshold, and a fatal error
  { session: 'too-short', viewerKey: 'k-h', start: DAY + HOUR_MS + 7 * 60_000, heartbeats: [[[0, 4.9]]], fatal: true },
];

const DURATION_MS = 60_000;
const durationOf = (video: string) => (video === VIDEO ? 60 : 120);

/** Brute force, 1 ms at a time: which ms of bucket [from, to) a session's ranges cover (each once). */
function truthHistogram(specs: readonly SessionSpec[]): number[] {
  const histogram = new Array<number>(60).fill(0);
  for (const spec of specs) {
    const ranges = spec.heartbeats.flat().map(([from, to]) => [Math.round(from * 1000), Math.round(to * 1000)]);
    for (let ms = 0; ms < DURATION_MS; ms++)
      if (ranges.some(([from, to]) => from! <= ms && ms < to!)) histogram[Math.floor(ms / 1000)]! += 1;
  }
  return histogram;
}

const played = (spec: SessionSpec) =>
  spec.heartbeats.flat().reduce((sum, [from, to]) => sum + Math.round(to * 1000) - Math.round(from * 1000), 0);

describe('rollup: synthetic viewers with known ranges', () => {
  const events = VIEWERS.flatMap(eventsOf);
  const { videos, channels } = rollupHours(events, { durationOf });
  const plays = VIEWERS.filter((spec) => played(spec) >= 5000);

  it('puts each session in the hour it started', () => {
    expect(videos.map((row) => [row.bucketStart - DAY, row.sessions])).toEqual([
      [0, 6],
      [HOUR_MS, 4],
    ]);
  });

  it('has exact retention (0 error against the brute-force truth) and watch time', () => {
    const [day] = videoDays(videos);
    expect(day!.retentionMs).toEqual(truthHistogram(plays));
    const truthCurve = truthHistogram(plays).map((ms) => ms / (plays.length * 1000));
    const curve = retentionCurve(day!.retentionMs, day!.plays, day!.durationMs).map((point) => point.share);
    const maxErrorPct = Math.max(...curve.map((share, i) => Math.abs(share - truthCurve[i]!) * 100));
    expect(maxErrorPct).toBe(0);
    expect(day!.watchMs).toBe(VIEWERS.reduce((sum, spec) => sum + played(spec), 0));
    expect(day!.viewWatchMs).toBe(plays.reduce((sum, spec) => sum + played(spec), 0));
    // the seeker watched 20 s, the repeater 65 s (10-30 twice): watch time counts replays, coverage does not
    expect(played(VIEWERS[1]!)).toBe(20_000);
    expect(played(VIEWERS[3]!)).toBe(65_000);
    // second 15: linear, repeat (once, though it played twice) and tab-1
    expect(day!.retentionMs[15]).toBe(3 * 1000);
  });

  it('counts a view from 5 s played, once per viewer key; DNT sessions are their own viewer', () => {
    const [day] = videoDays(videos);
    // plays: linear, seeker, partial, repeat, tab-1, tab-2, fraction, dnt-view
    expect(day!.plays).toBe(8);
    // tab-2 is the same viewer as tab-1
    expect(day!.views).toBe(7);
    // dnt-view has no key
    expect(day!.uniqueViewers).toBe(6);
    expect(day!.sessions).toBe(VIEWERS.length);
    expect(averageViewDuration(day!.viewWatchMs, day!.views)).toBeCloseTo(day!.viewWatchMs / 7 / 1000, 10);
  });

  it('counts sources, devices, browsers and countries per view', () => {
    const [day] = videoDays(videos);
    expect(day!.sources).toEqual({ home: 6, search: 1 });
    expect(day!.countries).toEqual({ FR: 5, DE: 1, unknown: 1 });
    expect(day!.browsers).toEqual({ Chrome: 5, Firefox: 1, unknown: 1 });
    expect(day!.devices).toEqual({ desktop: 6, unknown: 1 });
  });

  it('sums playback quality, overall and by browser', () => {
    const [day] = videoDays(videos);
    expect(day!.quality).toMatchObject({
      sessions: 10,
      startups: 10,
      startupMsSum: 5000,
      stalls: 2,
      stallMs: 1200,
      errors: 1,
      errorSessions: 1,
    });
    expect(day!.qualityByBrowser.unknown).toMatchObject({ sessions: 2, stallMs: 1200, watchMs: 9000 });
    expect(day!.qualityByBrowser.Chrome).toMatchObject({ sessions: 7, errorSessions: 1 });
  });

  it('is additive: a day is the sum of its hours, for videos and channels', () => {
    const [day] = videoDays(videos);
    expect(day).toMatchObject(sumTallies(videos));
    const [channelDay] = channelDays(channels);
    expect(channelDay).toMatchObject({ creator: CREATOR, bucketStart: DAY, ...sumTallies(channels) });
    expect(channelDay).toMatchObject({ views: 7, uniqueViewers: 6, sessions: 10 });
  });

  it('is idempotent: shuffled input and re-sent events give the same rows', () => {
    const shuffled = [...events].reverse();
    const resent = [...shuffled, ...events.filter((_, i) => i % 3 === 0).map((event) => ({ ...event }))];
    expect(rollupHours(resent, { durationOf })).toEqual({ videos, channels });
    expect(rollupHours(events, { durationOf })).toEqual({ videos, channels });
  });
});

describe('rollup: channels and durations', () => {
  it('counts a channel viewer once across its videos', () => {
    const { videos, channels } = rollupHours(
      [
        ...eventsOf({ session: 's1', viewerKey: 'k', start: DAY, heartbeats: [[[0, 10]]] }),
        ...eventsOf({ session: 's2', viewerKey: 'k', start: DAY + 60_000, heartbeats: [[[0, 10]]], video: OTHER }),
        ...eventsOf({ session: 's3', viewerKey: 'j', start: DAY + 120_000, heartbeats: [[[0, 10]]], video: OTHER }),
      ],
      { durationOf },
    );
    expect(videos.map((row) => [row.video, row.views, row.uniqueViewers, row.retentionMs.length])).toEqual([
      [VIDEO, 1, 1, 60],
      [OTHER, 2, 2, 100],
    ]);
    expect(channels).toHaveLength(1);
    expect(channels[0]).toMatchObject({ views: 3, uniqueViewers: 2 });
  });

  it('falls back to the longest duration the players reported, and clips ranges to it', () => {
    const { videos } = rollupHours(eventsOf({ session: 's', viewerKey: 'k', start: DAY, heartbeats: [[[50, 61]]] }));
    expect(videos[0]!.durationMs).toBe(60_020);
    expect(videos[0]!.watchMs).toBe(10_020);
  });

  it('takes the view threshold from the settings when given', () => {
    const events = eventsOf({ session: 's', viewerKey: 'k', start: DAY, heartbeats: [[[0, 8]]] });
    expect(rollupHours(events, { durationOf }).videos[0]!.views).toBe(1);
    expect(rollupHours(events, { durationOf, viewThresholdSeconds: 10 }).videos[0]!.views).toBe(0);
    expect(rollupHours(events, { durationOf, viewThresholdSeconds: 8 }).videos[0]!.views).toBe(1);
  });

  it('gives no rows for no events', () => {
    expect(rollupHours([])).toEqual({ videos: [], channels: [] });
    expect(videoDays([])).toEqual([]);
  });
});
