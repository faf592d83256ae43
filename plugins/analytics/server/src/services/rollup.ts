/**
 * The rollup job: raw events → hourly rows per video and channel → daily rows, then old raw events deleted.
 *
 * It works a salt period at a time (a UTC day by default), because a viewer's views are deduplicated by the viewer
 * key, which lives one period: the period's events are read whole, its hours recomputed with utils/rollup.ts and
 * written over the stored ones in one transaction, and the days it touches rebuilt from their hours. So a run is
 * idempotent (rerun it at will), late heartbeats are counted in the hour their session started, and after downtime
 * the next run catches up every period from the last one it finished (kept in the plugin store) to now.
 *
 * Sessions belong to the hour of their first event: events up to `LATE_MS` after a period's end are read with it, and
 * the hours before it are read so a session that began in the previous period is not taken for a new one.
 */
import type { Core } from '@strapi/strapi';
import { parseAnalyticsSettings } from '../config';
import { getService } from '../utils';
import { channelDays, dayOf, DAY_MS, HOUR_MS, rollupHours, videoDays } from '../utils/rollup';
import { saltPeriodStart } from '../utils/viewer-key';

const VIDEO = 'api::video.video';
/** How long after its period a session's heartbeats are still read with it (a long film, paused for a while). */
export const LATE_MS = 6 * HOUR_MS;

export interface RollupReport {
  periods: number;
  events: number;
  videoHours: number;
  channelHours: number;
  deletedEvents: number;
  ms: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = parseAnalyticsSettings(strapi.config.get('plugin::analytics'));
  const periodMs = settings.saltRotationHours * HOUR_MS;
  const store = () => strapi.store({ type: 'plugin', name: 'analytics' });
  const aggregates = () => getService(strapi, 'aggregates');
  let running: Promise<RollupReport> | undefined;

  /** Durations (s) of the videos as published: retention is cut by them. */
  async function durations(videos: string[]): Promise<Map<string, number>> {
    const map = new Map<string, number>();
    for (let i = 0; i < videos.length; i += 500) {
      const rows = (await strapi.db.query(VIDEO).findMany({
        where: { documentId: { $in: videos.slice(i, i + 500) }, publishedAt: { $notNull: true } },
        select: ['documentId', 'duration'],
      })) as Array<{ documentId: string; duration: number | string | null }>;
      for (const row of rows) if (row.duration !== null) map.set(row.documentId, Number(row.duration));
    }
    return map;
  }

  /** Recomputes one salt period's hours, and rebuilds the days they fall in. */
  async function rollupPeriod(start: number): Promise<{ events: number; videoHours: number; channelHours: number }> {
    const end = start + periodMs;
    const events = await aggregates().eventsBetween({ from: start - LATE_MS, to: end + LATE_MS });
    const known = await durations([...new Set(events.map((event) => event.video))]);
    const hours = rollupHours(events, {
      durationOf: (video) => known.get(video),
      viewThresholdSeconds: settings.viewThresholdSeconds,
    });
    const inPeriod = <Row extends { bucketStart: number }>(rows: Row[]) =>
      rows.filter((row) => row.bucketStart >= start && row.bucketStart < end);
    const videos = inPeriod(hours.videos);
    const channels = inPeriod(hours.channels);
    await aggregates().replace('hour', { from: start, to: end }, videos, channels);

    for (let day = dayOf(start); day < end; day += DAY_MS) {
      const range = { from: day, to: day + DAY_MS };
      const [videoHours, channelHours] = await Promise.all([
        aggregates().videoRows('hour', range),
        aggregates().channelRows('hour', range),
      ]);
      await aggregates().replace('day', range, videoDays(videoHours), channelDays(channelHours));
    }
    return { events: events.length, videoHours: videos.length, channelHours: channels.length };
  }

  async function run(now: number): Promise<RollupReport> {
    const started = Date.now();
    const state = ((await store().get({ key: 'rollup' })) ?? {}) as { doneUntil?: number };
    const current = saltPeriodStart(now, settings.saltRotationHours);
    // from the last period not known to be final (its late heartbeats may still have been coming), or the oldest event
    let first: number;
    if (state.doneUntil !== undefined) first = saltPeriodStart(state.doneUntil - LATE_MS, settings.saltRotationHours);
    else {
      const oldest = await aggregates().oldestEventAt();
      first = oldest === null ? current : saltPeriodStart(oldest, settings.saltRotationHours);
    }
    const report: RollupReport = { periods: 0, events: 0, videoHours: 0, channelHours: 0, deletedEvents: 0, ms: 0 };
    for (let period = first; period <= current; period += periodMs) {
      const done = await rollupPeriod(period);
      report.periods += 1;
      report.events += done.events;
      report.videoHours += done.videoHours;
      report.channelHours += done.channelHours;
      // the periods before this one are final once their late window has passed
      await store().set({ key: 'rollup', value: { doneUntil: Math.min(now, period + periodMs) } });
    }
    // raw events are kept rawRetentionDays, never before they were rolled up
    const keepFrom = Math.min(now - settings.rawRetentionDays * DAY_MS, first);
    report.deletedEvents = await aggregates().deleteEventsBefore(keepFrom);
    report.ms = Date.now() - started;
    return report;
  }

  return {
    /** One run (a second call while one runs waits for it and starts no other). */
    async run(now: number = Date.now()): Promise<RollupReport> {
      if (running) return running;
      running = run(now).finally(() => {
        running = undefined;
      });
      return running;
    },
  };
};
