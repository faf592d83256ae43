/**
 * Rollup math: raw events in, hourly rows per video and per channel out. Pure and deterministic, so the job that
 * stores the rows can be a plain upsert that is safe to rerun:
 *
 * - idempotent: the same events (in any order, re-sent beacons included) give the same rows;
 * - additive: every number in a row is a sum (histograms and maps included), so a day's row is the sum of its hours
 *   (`sumRows`) and a month's the sum of its days.
 *
 * A session (one player, one page) belongs wholly to the hour its first event arrived in, so its unique coverage is
 * counted once. Views are deduplicated per viewer key (one view per viewer, video and salt period, contracts'
 * VIEW_RULE); a session under Do-Not-Track has no key and is its own viewer. For that the input must hold every event
 * of the salt period up to the hours being rolled up, and every event of the sessions that started in them.
 */
import {
  countsAsView,
  type DeviceClass,
  type PlaybackEventType,
  type TrafficSource,
  type WatchedRange,
} from '@framecast/contracts';
import { addSessionQuality, emptyQualitySums, UNKNOWN_BROWSER, type QualitySums } from './quality';
import { mergeRanges, playedMs, rangesToMs, toMs, type MsRange } from './ranges';
import { addCoverage, bucketBounds } from './retention';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** One stored playback event, as the rollup reads it (the content type plugin::analytics.event). */
export interface RawEvent {
  video: string;
  /** the channel (creator documentId); null when the video had none at ingest */
  creator: string | null;
  viewerKey: string | null;
  session: string;
  seq: number;
  type: PlaybackEventType;
  /** ms since epoch, stamped by the server */
  occurredAt: number;
  /** heartbeats: seconds of media time */
  ranges: WatchedRange[] | null;
  startupMs: number | null;
  stallMs: number | null;
  errorCode: string | null;
  fatal: boolean | null;
  /** seconds, as the player reported it */
  mediaDuration: number;
  source: TrafficSource;
  referrerDomain: string | null;
  deviceClass: DeviceClass | null;
  browser: string | null;
  os: string | null;
  country: string | null;
}

/** What one viewing session adds up to. */
export interface SessionSummary {
  video: string;
  creator: string | null;
  session: string;
  viewerKey: string | null;
  startedAt: number;
  /** watch time: the ranges as sent, replays included */
  playedMs: number;
  /** unique coverage, clipped to the video's duration */
  coverage: MsRange[];
  startupMs: number | null;
  stalls: number;
  stallMs: number;
  errors: number;
  fatalError: boolean;
  source: TrafficSource;
  referrerDomain: string | null;
  deviceClass: DeviceClass | null;
  browser: string | null;
  os: string | null;
  country: string | null;
}

/** Sums every row carries, video or channel. Dimension maps count views. */
export interface Tallies {
  /** viewing sessions that sent anything */
  sessions: number;
  /** sessions that count as views before deduplication per viewer: retention's denominator */
  plays: number;
  views: number;
  /** viewers (by key) with a view, counted in the hour of their first one in the period */
  uniqueViewers: number;
  /** watch time of every session */
  watchMs: number;
  /** watch time of the plays: average view duration = viewWatchMs / views */
  viewWatchMs: number;
  sources: Record<string, number>;
  referrers: Record<string, number>;
  devices: Record<string, number>;
  browsers: Record<string, number>;
  os: Record<string, number>;
  countries: Record<string, number>;
  quality: QualitySums;
  qualityByBrowser: Record<string, QualitySums>;
}

export interface VideoBucketRow extends Tallies {
  video: string;
  creator: string | null;
  /** ms since epoch: the hour (or day) this row sums */
  bucketStart: number;
  /** the duration the retention histogram was cut for; rows of other durations are not summed together */
  durationMs: number;
  /** covered ms per retention bucket (utils/retention.ts) */
  retentionMs: number[];
}

export interface ChannelBucketRow extends Tallies {
  creator: string;
  bucketStart: number;
}

export interface RollupOptions {
  /** the video's duration in seconds from its record; else the longest the players reported */
  durationOf?: (video: string) => number | undefined;
  /** seconds of playback from which a session is a view: the settings' viewThresholdSeconds, VIEW_RULE's by default */
  viewThresholdSeconds?: number;
}

export const UNKNOWN = 'unknown';

/** The same event sent twice (a retried beacon) is counted once: the first stored copy wins. */
function dedupe(events: readonly RawEvent[]): RawEvent[] {
  const sorted = [...events].sort(
    (a, b) =>
      compare(a.video, b.video) || compare(a.session, b.session) || a.seq - b.seq || a.occurredAt - b.occurredAt,
  );
  return sorted.filter(
    (event, i) =>
      i === 0 ||
      event.seq !== sorted[i - 1]!.seq ||
      event.session !== sorted[i - 1]!.session ||
      event.video !== sorted[i - 1]!.video,
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One summary per (video, session), context from the session's first event. */
export function summarizeSessions(
  events: readonly RawEvent[],
  durationMsOf: (video: string) => number,
): SessionSummary[] {
  const groups = new Map<string, RawEvent[]>();
  for (const event of dedupe(events)) {
    const key = `${event.video}\u0000${event.session}`;
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  const summaries: SessionSummary[] = [];
  for (const group of groups.values()) {
    const first = group.reduce((earliest, event) =>
      event.occurredAt < earliest.occurredAt || (event.occurredAt === earliest.occurredAt && event.seq < earliest.seq)
        ? event
        : earliest,
    );
    const durationMs = durationMsOf(first.video);
    const ranges: MsRange[] = [];
    let startupMs: number | null = null;
    let stalls = 0;
    let stallMs = 0;
    let errors = 0;
    let fatalError = false;
    for (const event of group) {
      if (event.type === 'heartbeat' && event.ranges) ranges.push(...rangesToMs(event.ranges, durationMs));
      else if (event.type === 'start' && event.startupMs !== null && startupMs === null) startupMs = event.startupMs;
      else if (event.type === 'stall') {
        stalls += 1;
        stallMs += event.stallMs ?? 0;
      } else if (event.type === 'error') {
        errors += 1;
        if (event.fatal) fatalError = true;
      }
    }
    summaries.push({
      video: first.video,
      creator: first.creator,
      session: first.session,
      viewerKey: first.viewerKey,
      startedAt: first.occurredAt,
      playedMs: playedMs(ranges),
      coverage: mergeRanges(ranges),
      startupMs,
      stalls,
      stallMs,
      errors,
      fatalError,
      source: first.source,
      referrerDomain: first.referrerDomain,
      deviceClass: first.deviceClass,
      browser: first.browser,
      os: first.os,
      country: first.country,
    });
  }
  // the order views are deduplicated in: earliest session first, the session id breaking ties
  return summaries.sort((a, b) => a.startedAt - b.startedAt || compare(a.session, b.session));
}

export const emptyTallies = (): Tallies => ({
  sessions: 0,
  plays: 0,
  views: 0,
  uniqueViewers: 0,
  watchMs: 0,
  viewWatchMs: 0,
  sources: {},
  referrers: {},
  devices: {},
  browsers: {},
  os: {},
  countries: {},
  quality: emptyQualitySums(),
  qualityByBrowser: {},
});

const bump = (map: Record<string, number>, key: string | null, by = 1) => {
  const name = key ?? UNKNOWN;
  map[name] = (map[name] ?? 0) + by;
};

interface Verdict {
  play: boolean;
  view: boolean;
  newViewer: boolean;
}

function tally(row: Tallies, session: SessionSummary, verdict: Verdict): void {
  row.sessions += 1;
  row.watchMs += session.playedMs;
  const quality = {
    browser: session.browser,
    startupMs: session.startupMs,
    watchMs: session.playedMs,
    stalls: session.stalls,
    stallMs: session.stallMs,
    errors: session.errors,
    fatalError: session.fatalError,
  };
  addSessionQuality(row.quality, quality);
  const browser = session.browser ?? UNKNOWN_BROWSER;
  addSessionQuality((row.qualityByBrowser[browser] ??= emptyQualitySums()), quality);
  if (verdict.play) {
    row.plays += 1;
    row.viewWatchMs += session.playedMs;
  }
  if (verdict.newViewer) row.uniqueViewers += 1;
  if (!verdict.view) return;
  row.views += 1;
  bump(row.sources, session.source);
  if (session.referrerDomain) bump(row.referrers, session.referrerDomain);
  bump(row.devices, session.deviceClass);
  bump(row.browsers, session.browser);
  bump(row.os, session.os);
  bump(row.countries, session.country);
}

export const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** Hourly rows per video and per channel for every hour a session started in. */
export function rollupHours(
  events: readonly RawEvent[],
  options: RollupOptions = {},
): { videos: VideoBucketRow[]; channels: ChannelBucketRow[] } {
  const reported = new Map<string, number>();
  for (const event of events)
    reported.set(event.video, Math.max(reported.get(event.video) ?? 0, toMs(event.mediaDuration)));
  const durations = new Map<string, number>();
  const durationMsOf = (video: string) => {
    let ms = durations.get(video);
    if (ms === undefined) {
      const known = options.durationOf?.(video);
      ms = known !== undefined && known > 0 ? toMs(known) : (reported.get(video) ?? 0);
      durations.set(video, ms);
    }
    return ms;
  };

  const videoRows = new Map<string, VideoBucketRow>();
  const channelRows = new Map<string, ChannelBucketRow>();
  const viewed = new Set<string>();
  const channelViewers = new Set<string>();
  const bounds = new Map<string, number[]>();

  for (const session of summarizeSessions(events, durationMsOf)) {
    const bucketStart = hourOf(session.startedAt);
    const play =
      options.viewThresholdSeconds === undefined
        ? countsAsView(session.playedMs / 1000)
        : session.playedMs >= toMs(options.viewThresholdSeconds);
    const firstForVideo =
      play && (session.viewerKey === null || !viewed.has(`${session.video}\u0000${session.viewerKey}`));
    if (play && session.viewerKey !== null) viewed.add(`${session.video}\u0000${session.viewerKey}`);

    const videoKey = `${session.video}\u0000${bucketStart}`;
    let row = videoRows.get(videoKey);
    if (!row) {
      const durationMs = durationMsOf(session.video);
      const cuts = bounds.get(session.video) ?? bucketBounds(durationMs);
      bounds.set(session.video, cuts);
      row = {
        video: session.video,
        creator: session.creator,
        bucketStart,
        durationMs,
        retentionMs: new Array<number>(Math.max(0, cuts.length - 1)).fill(0),
        ...emptyTallies(),
      };
      videoRows.set(videoKey, row);
    }
    tally(row, session, { play, view: firstForVideo, newViewer: firstForVideo && session.viewerKey !== null });
    if (play) addCoverage(row.retentionMs, session.coverage, bounds.get(session.video)!);

    if (session.creator === null) continue;
    const viewerOfChannel = `${session.creator}\u0000${session.viewerKey}`;
    const newChannelViewer = firstForVideo && session.viewerKey !== null && !channelViewers.has(viewerOfChannel);
    if (newChannelViewer) channelViewers.add(viewerOfChannel);
    const channelKey = `${session.creator}\u0000${bucketStart}`;
    let channel = channelRows.get(channelKey);
    if (!channel) {
      channel = { creator: session.creator, bucketStart, ...emptyTallies() };
      channelRows.set(channelKey, channel);
    }
    tally(channel, session, { play, view: firstForVideo, newViewer: newChannelViewer });
  }

  const byKey = <Row extends { bucketStart: number }>(rows: Iterable<Row>, name: (row: Row) => string) =>
    [...rows].sort((a, b) => compare(name(a), name(b)) || a.bucketStart - b.bucketStart);
  return {
    videos: byKey(videoRows.values(), (row) => row.video),
    channels: byKey(channelRows.values(), (row) => row.creator),
  };
}

type Summable = number | number[] | { [key: string]: Summable };

/** Adds `source` into `target`: numbers add, arrays add element by element, maps add key by key. */
function addInto(target: { [key: string]: Summable }, source: { [key: string]: Summable }): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (typeof value === 'number') target[key] = (typeof current === 'number' ? current : 0) + value;
    else if (Array.isArray(value)) {
      const sum = Array.isArray(current) ? current : new Array<number>(value.length).fill(0);
      value.forEach((n, i) => (sum[i] = (sum[i] ?? 0) + n));
      target[key] = sum;
    } else {
      const map = current !== undefined && typeof current === 'object' && !Array.isArray(current) ? current : {};
      addInto(map, value);
      target[key] = map;
    }
  }
}

const TALLY_FIELDS = [
  'sessions',
  'plays',
  'views',
  'uniqueViewers',
  'watchMs',
  'viewWatchMs',
  'sources',
  'referrers',
  'devices',
  'browsers',
  'os',
  'countries',
  'quality',
  'qualityByBrowser',
] as const satisfies readonly (keyof Tallies)[];

/** The sums of `rows`' tallies (and retention histograms, when every row has the same duration). */
export function sumTallies<Row extends Tallies>(rows: readonly Row[]): Tallies {
  const total = emptyTallies() as unknown as { [key: string]: Summable };
  for (const row of rows) {
    const part: { [key: string]: Summable } = {};
    // quality sums are plain numbers, arrays and maps: summed like the rest
    for (const field of TALLY_FIELDS) part[field] = structuredClone(row[field]) as unknown as Summable;
    addInto(total, part);
  }
  return total as unknown as Tallies;
}

function sumRetention(rows: readonly VideoBucketRow[]): number[] {
  const length = rows[0]?.retentionMs.length ?? 0;
  const total = new Array<number>(length).fill(0);
  for (const row of rows) row.retentionMs.forEach((ms, i) => (total[i]! += ms));
  return total;
}

/** Daily video rows from hourly ones: one per (video, UTC day, duration). */
export function videoDays(hours: readonly VideoBucketRow[]): VideoBucketRow[] {
  const groups = new Map<string, VideoBucketRow[]>();
  for (const row of hours) {
    const key = `${row.video}\u0000${dayOf(row.bucketStart)}\u0000${row.durationMs}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((rows) => ({
    video: rows[0]!.video,
    creator: rows[0]!.creator,
    bucketStart: dayOf(rows[0]!.bucketStart),
    durationMs: rows[0]!.durationMs,
    retentionMs: sumRetention(rows),
    ...sumTallies(rows),
  }));
}

/** Daily channel rows from hourly ones. */
export function channelDays(hours: readonly ChannelBucketRow[]): ChannelBucketRow[] {
  const groups = new Map<string, ChannelBucketRow[]>();
  for (const row of hours) {
    const key = `${row.creator}\u0000${dayOf(row.bucketStart)}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((rows) => ({
    creator: rows[0]!.creator,
    bucketStart: dayOf(rows[0]!.bucketStart),
    ...sumTallies(rows),
  }));
}
