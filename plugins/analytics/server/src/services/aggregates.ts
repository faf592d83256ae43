/**
 * The analytics tables as plain rows: raw events read for the rollup, and the hourly and daily aggregates written by
 * it and read by the dashboards. Plain knex on the tables Strapi created from the content types (one insert for many
 * rows, range deletes, range scans on the indexes named in the schemas), because the Query Engine writes row by row.
 * Both databases: PostgreSQL answers bigints as strings and JSON as objects, SQLite numbers and text; `number` and
 * `json` below read either.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import type { ChannelBucketRow, RawEvent, Tallies, VideoBucketRow } from '../utils/rollup';
import { emptyQualitySums } from '../utils/quality';

export const TABLES = {
  event: 'plugin::analytics.event',
  'video-hour': 'plugin::analytics.video-hour',
  'video-day': 'plugin::analytics.video-day',
  'channel-hour': 'plugin::analytics.channel-hour',
  'channel-day': 'plugin::analytics.channel-day',
} as const;
export type Grain = 'hour' | 'day';

const INSERT_CHUNK = 200;

const number = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const time = (value: unknown): number =>
  value instanceof Date ? value.getTime() : new Date(value as string).getTime();
function json<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

const TALLY_COLUMNS = {
  sessions: 'sessions',
  plays: 'plays',
  views: 'views',
  uniqueViewers: 'unique_viewers',
  watchMs: 'watch_ms',
  viewWatchMs: 'view_watch_ms',
} as const;
const MAP_COLUMNS = {
  sources: 'sources',
  referrers: 'referrers',
  devices: 'devices',
  browsers: 'browsers',
  os: 'os',
  countries: 'countries',
  qualityByBrowser: 'quality_by_browser',
} as const;

function talliesFrom(row: Record<string, unknown>): Tallies {
  const tallies = {} as Tallies;
  for (const [field, column] of Object.entries(TALLY_COLUMNS))
    (tallies as unknown as Record<string, number>)[field] = number(row[column]);
  for (const [field, column] of Object.entries(MAP_COLUMNS))
    (tallies as unknown as Record<string, unknown>)[field] = json(row[column], {});
  tallies.quality = json(row.quality, emptyQualitySums());
  return tallies;
}

function talliesTo(row: Tallies): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(TALLY_COLUMNS))
    columns[column] = row[field as keyof typeof TALLY_COLUMNS];
  for (const [field, column] of Object.entries(MAP_COLUMNS))
    columns[column] = JSON.stringify(row[field as keyof typeof MAP_COLUMNS]);
  columns.quality = JSON.stringify(row.quality);
  return columns;
}

function videoRowFrom(row: Record<string, unknown>): VideoBucketRow {
  return {
    video: String(row.video),
    creator: (row.creator as string | null) ?? null,
    bucketStart: time(row.bucket_start),
    durationMs: number(row.duration_ms),
    retentionMs: json(row.retention_ms, [] as number[]),
    ...talliesFrom(row),
  };
}

function channelRowFrom(row: Record<string, unknown>): ChannelBucketRow {
  return { creator: String(row.creator), bucketStart: time(row.bucket_start), ...talliesFrom(row) };
}

function eventFrom(row: Record<string, unknown>): RawEvent {
  return {
    video: String(row.video),
    creator: (row.creator as string | null) ?? null,
    viewerKey: (row.viewer_key as string | null) ?? null,
    session: String(row.session),
    seq: number(row.seq),
    type: row.type as RawEvent['type'],
    occurredAt: time(row.occurred_at),
    ranges: json(row.ranges, null),
    startupMs: row.startup_ms === null ? null : number(row.startup_ms),
    stallMs: row.stall_ms === null ? null : number(row.stall_ms),
    errorCode: (row.error_code as string | null) ?? null,
    fatal: row.fatal === null || row.fatal === undefined ? null : Boolean(row.fatal),
    mediaDuration: number(row.media_duration),
    source: row.source as RawEvent['source'],
    referrerDomain: (row.referrer_domain as string | null) ?? null,
    deviceClass: (row.device_class as RawEvent['deviceClass']) ?? null,
    browser: (row.browser as string | null) ?? null,
    os: (row.os as string | null) ?? null,
    country: (row.country as string | null) ?? null,
  };
}

const EVENT_COLUMNS = [
  'video',
  'creator',
  'viewer_key',
  'session',
  'seq',
  'type',
  'occurred_at',
  'ranges',
  'startup_ms',
  'stall_ms',
  'error_code',
  'fatal',
  'media_duration',
  'source',
  'referrer_domain',
  'device_class',
  'browser',
  'os',
  'country',
];

export interface RangeQuery {
  from: number;
  to: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const table = (name: keyof typeof TABLES) => strapi.db.metadata.get(TABLES[name]).tableName;
  const knex = () => strapi.db.connection;

  function systemColumns(now: Date) {
    return { document_id: randomBytes(12).toString('hex'), created_at: now, updated_at: now, published_at: now };
  }

  async function insertMany(trx: Knex.Transaction, name: keyof typeof TABLES, rows: Record<string, unknown>[]) {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(table(name)).insert(rows.slice(i, i + INSERT_CHUNK));
  }

  return {
    /** Raw events that arrived in [from, to), oldest first. */
    async eventsBetween({ from, to }: RangeQuery): Promise<RawEvent[]> {
      const rows = (await knex()(table('event'))
        .select(EVENT_COLUMNS)
        .where('occurred_at', '>=', new Date(from))
        .andWhere('occurred_at', '<', new Date(to))) as Record<string, unknown>[];
      return rows.map(eventFrom);
    },

    /** The oldest stored event's arrival (ms), or null with none. */
    async oldestEventAt(): Promise<number | null> {
      const row = (await knex()(table('event')).min({ oldest: 'occurred_at' }).first()) as
        { oldest: unknown } | undefined;
      return row?.oldest === null || row?.oldest === undefined ? null : time(row.oldest);
    },

    /** Deletes raw events that arrived before `before`; answers how many. */
    async deleteEventsBefore(before: number): Promise<number> {
      return knex()(table('event')).where('occurred_at', '<', new Date(before)).delete();
    },

    /**
     * Replaces every row of `grain` in [from, to) with `videos` and `channels`, in one transaction: a rerun writes the
     * same rows, a reader sees the old ones or the new ones.
     */
    async replace(
      grain: Grain,
      { from, to }: RangeQuery,
      videos: readonly VideoBucketRow[],
      channels: readonly ChannelBucketRow[],
    ): Promise<void> {
      const now = new Date();
      await knex().transaction(async (trx) => {
        const videoTable = grain === 'hour' ? 'video-hour' : 'video-day';
        const channelTable = grain === 'hour' ? 'channel-hour' : 'channel-day';
        for (const name of [videoTable, channelTable] as const)
          await trx(table(name))
            .where('bucket_start', '>=', new Date(from))
            .andWhere('bucket_start', '<', new Date(to))
            .delete();
        await insertMany(
          trx,
          videoTable,
          videos.map((row) => ({
            ...systemColumns(now),
            video: row.video,
            creator: row.creator,
            bucket_start: new Date(row.bucketStart),
            duration_ms: row.durationMs,
            retention_ms: JSON.stringify(row.retentionMs),
            ...talliesTo(row),
          })),
        );
        await insertMany(
          trx,
          channelTable,
          channels.map((row) => ({
            ...systemColumns(now),
            creator: row.creator,
            bucket_start: new Date(row.bucketStart),
            ...talliesTo(row),
          })),
        );
      });
    },

    /** Video rows of `grain` in [from, to): of one video, or of one channel's videos, or all. */
    async videoRows(
      grain: Grain,
      { from, to }: RangeQuery,
      filter: { video?: string; creator?: string } = {},
    ): Promise<VideoBucketRow[]> {
      const query = knex()(table(grain === 'hour' ? 'video-hour' : 'video-day'))
        .select('*')
        .where('bucket_start', '>=', new Date(from))
        .andWhere('bucket_start', '<', new Date(to));
      if (filter.video !== undefined) query.andWhere('video', filter.video);
      if (filter.creator !== undefined) query.andWhere('creator', filter.creator);
      return ((await query.orderBy('bucket_start')) as Record<string, unknown>[]).map(videoRowFrom);
    },

    /**
     * Per video over [from, to) of daily rows: views and watch time summed by the database (no JSON read), for the
     * top-videos table. Of one channel's videos, or of all.
     */
    async videoTotals(
      { from, to }: RangeQuery,
      creator?: string,
    ): Promise<Array<{ video: string; views: number; watchMs: number; viewWatchMs: number }>> {
      const query = knex()(table('video-day'))
        .select('video')
        .sum({ views: 'views', watch_ms: 'watch_ms', view_watch_ms: 'view_watch_ms' })
        .where('bucket_start', '>=', new Date(from))
        .andWhere('bucket_start', '<', new Date(to))
        .groupBy('video');
      if (creator !== undefined) query.andWhere('creator', creator);
      return ((await query) as Record<string, unknown>[]).map((row) => ({
        video: String(row.video),
        views: number(row.views),
        watchMs: number(row.watch_ms),
        viewWatchMs: number(row.view_watch_ms),
      }));
    },

    /** Channel rows of `grain` in [from, to): of one channel, or of every channel (the platform). */
    async channelRows(grain: Grain, { from, to }: RangeQuery, creator?: string): Promise<ChannelBucketRow[]> {
      const query = knex()(table(grain === 'hour' ? 'channel-hour' : 'channel-day'))
        .select('*')
        .where('bucket_start', '>=', new Date(from))
        .andWhere('bucket_start', '<', new Date(to));
      if (creator !== undefined) query.andWhere('creator', creator);
      return ((await query.orderBy('bucket_start')) as Record<string, unknown>[]).map(channelRowFrom);
    },
  };
};
