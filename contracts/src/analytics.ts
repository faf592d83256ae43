/**
 * The analytics contract: the batch of playback events the site's player (and the embed) sends, its limits, the
 * traffic sources, and the one definition of a view that discovery's counter, trending and analytics share
 * (plugins/analytics). Plain TypeScript, no zod: the site's bundle imports it; the plugin validates with zod.
 */
import { MIN_VIEW_SECONDS } from './discovery';

/**
 * A view, for the whole platform: a viewing session counts once it has PLAYED at least `minPlayedSeconds` of the
 * video (playback time as sent: replayed seconds count, skipped-over seconds never do), and one viewer counts at
 * most one view of a video per `oncePerViewerMs`. This is what discovery counts today (plugins/discovery
 * services/views.ts: beacon after 5 s of playback, once per viewer session per video per 24 h).
 */
export const VIEW_RULE = {
  minPlayedSeconds: MIN_VIEW_SECONDS,
  oncePerViewerMs: 24 * 3600 * 1000,
} as const;

/** True when a viewing session that has played `playedSeconds` (watch time as sent) counts as a view. */
export function countsAsView(playedSeconds: number): boolean {
  return Number.isFinite(playedSeconds) && playedSeconds >= VIEW_RULE.minPlayedSeconds;
}

export const ANALYTICS_LIMITS = {
  /** events in one beacon; the player sends more often rather than more at once */
  maxEventsPerBatch: 50,
  /** watched ranges in one heartbeat: more means the player is not merging, or someone is making them up */
  maxRangesPerHeartbeat: 20,
  /** a range may end this far past the reported duration (players overshoot the end a little) */
  rangeSlackSeconds: 2,
  /** longer than any video the platform takes */
  maxDurationSeconds: 24 * 3600,
  /** a session's events are numbered from 0; beyond this a session is not a real viewer */
  maxSeq: 100_000,
  maxStartupMs: 120_000,
  maxStallMs: 3_600_000,
  maxErrorCodeLength: 64,
  maxReferrerLength: 2048,
  /** the player's session id: random, URL-safe, made per player mount (a new tab is a new session) */
  sessionIdPattern: /^[A-Za-z0-9_-]{16,64}$/,
  /** how often the player sends a heartbeat while playing, by default */
  heartbeatSeconds: 15,
} as const;

/** Where a view came from: the page's `src` tag on site links, else the referrer's domain, else direct. */
export const TRAFFIC_SOURCES = [
  'home',
  'search',
  'related',
  'creator',
  'playlist',
  'following',
  'notification',
  'embed',
  'external',
  'direct',
] as const;
export type TrafficSource = (typeof TRAFFIC_SOURCES)[number];

/** The `src` tags site links carry (`?src=related`); `mail` is a link in a notification mail. */
export const SOURCE_TAGS = {
  home: 'home',
  search: 'search',
  related: 'related',
  creator: 'creator',
  playlist: 'playlist',
  following: 'following',
  notification: 'notification',
  mail: 'notification',
  embed: 'embed',
} as const satisfies Record<string, TrafficSource>;
export type SourceTag = keyof typeof SOURCE_TAGS;

export const DEVICE_CLASSES = ['desktop', 'mobile', 'tablet', 'tv', 'console', 'other'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** [from, to] in seconds of media time, from <= to. */
export type WatchedRange = [from: number, to: number];

interface EventBase {
  /** numbered from 0 per session, so a beacon sent twice is recorded once */
  seq: number;
  /** ms since the session started, by the player's clock (orders events; the server stamps the time) */
  t: number;
}

/** Playback began: the first frame showed. `startupMs`: from the play click to that frame. */
export interface StartEvent extends EventBase {
  type: 'start';
  at: number;
  startupMs: number;
}

/** While playing, every few seconds: the ranges of media time actually played since the last heartbeat. */
export interface HeartbeatEvent extends EventBase {
  type: 'heartbeat';
  ranges: WatchedRange[];
}

export interface PauseEvent extends EventBase {
  type: 'pause';
  at: number;
}

/** The end of the media was reached (or the page is being left: `left`). */
export interface EndEvent extends EventBase {
  type: 'end';
  at: number;
  left?: boolean;
}

/** The rendition changed: `height` in pixels (the ladder rung), `auto` when the player chose it. */
export interface QualityEvent extends EventBase {
  type: 'quality';
  at: number;
  height: number;
  auto: boolean;
}

/** Playback waited for data for `durationMs` (sent when it resumed). */
export interface StallEvent extends EventBase {
  type: 'stall';
  at: number;
  durationMs: number;
}

/** Playback failed: `code` is hls.js's error details or the media element's error code. */
export interface ErrorEvent extends EventBase {
  type: 'error';
  at: number;
  code: string;
  fatal: boolean;
}

export type PlaybackEvent =
  StartEvent | HeartbeatEvent | PauseEvent | EndEvent | QualityEvent | StallEvent | ErrorEvent;
export type PlaybackEventType = PlaybackEvent['type'];
export const PLAYBACK_EVENT_TYPES = [
  'start',
  'heartbeat',
  'pause',
  'end',
  'quality',
  'stall',
  'error',
] as const satisfies readonly PlaybackEventType[];

/** Body of the ingest beacon: one viewing session's events for one video, in order. */
export interface PlaybackBatch {
  /** the video's documentId */
  video: string;
  session: string;
  /** the media's duration in seconds, as the player knows it */
  duration: number;
  /** the page's `src` tag, when the link that led here carried one */
  src?: SourceTag;
  /** document.referrer, when it is another site (the player drops its own origin) */
  referrer?: string;
  events: PlaybackEvent[];
}

// ---- the reports the admin reads (plugins/analytics admin routes; the admin pages and the server share these) ----

export interface AnalyticsQuality {
  sessions: number;
  startupP50Ms: number | null;
  startupP95Ms: number | null;
  /** stall time / watch time; null without watch time */
  rebufferingRatio: number | null;
  /** sessions with a fatal error / sessions */
  errorRate: number | null;
}

export interface AnalyticsRetentionPoint {
  /** the bucket's start and end, seconds of media time */
  from: number;
  to: number;
  /** 0..1: share of plays watching during the bucket */
  share: number;
}

export interface AnalyticsRetentionDrop {
  /** seconds of media time where the drop happens (the boundary between the two buckets) */
  at: number;
  /** "m:ss" or "h:mm:ss" */
  label: string;
  /** share lost across the boundary, 0..1 */
  drop: number;
}

export interface AnalyticsTotals {
  views: number;
  watchHours: number;
  averageViewSeconds: number;
  uniqueViewers: number;
  /** follows begun in the period (null: the community plugin is not installed) */
  followersGained: number | null;
  /** follows ended in the period (an unfollow, a deleted account) */
  followersLost: number | null;
}

/** One day of a channel's followers: follows begun, ended, and how many there were at the end of the day. */
export interface AnalyticsFollowerDay {
  day: string;
  gained: number;
  lost: number;
  total: number;
}

/** A recent follower who chose (in their account's privacy settings) to be shown to the creators they follow. */
export interface AnalyticsRecentFollower {
  name: string;
  followedAt: string;
}

export interface AnalyticsSeriesPoint {
  /** ISO date (day) or date-time (hour) the point sums */
  start: string;
  views: number;
  watchHours: number;
  averageViewSeconds: number;
}

export interface AnalyticsShare {
  name: string;
  views: number;
  /** 0..1 of the period's views */
  share: number;
}

export interface AnalyticsTopVideo {
  documentId: string;
  title: string;
  views: number;
  watchHours: number;
  averageViewSeconds: number;
}

export interface AnalyticsOverview {
  channel: { documentId: string; name: string } | null;
  range: { from: string; to: string; days: number };
  totals: AnalyticsTotals;
  previous: AnalyticsTotals;
  series: AnalyticsSeriesPoint[];
  followers: AnalyticsFollowerDay[] | null;
  /** newest first; null for the whole platform (and without the community plugin) */
  recentFollowers: AnalyticsRecentFollower[] | null;
  sources: AnalyticsShare[];
  referrers: AnalyticsShare[];
  devices: AnalyticsShare[];
  countries: AnalyticsShare[];
  topVideos: AnalyticsTopVideo[];
}

export interface AnalyticsVideoReport {
  video: { documentId: string; title: string; durationSeconds: number | null };
  range: { from: string; to: string; days: number };
  totals: AnalyticsTotals;
  series: AnalyticsSeriesPoint[];
  retention: {
    curve: AnalyticsRetentionPoint[];
    plays: number;
    averageViewSeconds: number;
    drops: AnalyticsRetentionDrop[];
  };
  sources: AnalyticsShare[];
  referrers: AnalyticsShare[];
  quality: { overall: AnalyticsQuality; byBrowser: Array<{ browser: string } & AnalyticsQuality> };
}

/** GET /analytics/realtime: the last 48 hours, hour by hour. */
export interface AnalyticsRealtime {
  hours: AnalyticsSeriesPoint[];
  views: number;
}

/** GET /analytics/scope: staff (`all`) may open any channel or the platform; anyone else only `channel`. */
export interface AnalyticsScope {
  all: boolean;
  channel: string | null;
  channels: Array<{ documentId: string; name: string }>;
}
