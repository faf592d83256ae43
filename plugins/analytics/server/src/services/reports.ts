/**
 * What the dashboards show, read from the aggregates only (never raw events), so a report costs what its days cost:
 * a channel's (or the platform's) overview, the last 48 hours, and one video's retention, sources and playback quality.
 * Who may ask for which channel is the controller's business (controllers/reports.ts); this service trusts its scope.
 */
import type { Core } from '@strapi/strapi';
import type {
  AnalyticsFollowerDay,
  AnalyticsOverview,
  AnalyticsVideoReport,
  AnalyticsSeriesPoint,
  AnalyticsShare,
  AnalyticsTotals,
  AnalyticsTopVideo,
} from '@framecast/contracts';
import { getService } from '../utils';
import { qualityOfSums } from '../utils/quality';
import { averageViewDuration, retentionCurve, steepestDrops } from '../utils/retention';
import { DAY_MS, HOUR_MS, hourOf, sumTallies, type Tallies, type VideoBucketRow } from '../utils/rollup';
import { previousRange, type ReportRange } from '../validation/report-query';

const VIDEO = 'api::video.video';
const CREATOR = 'api::creator.creator';
export const REALTIME_HOURS = 48;
const TOP_VIDEOS = 100;
const RECENT_FOLLOWERS = 10;

/** What the community plugin's follows service gives analytics (plugins/README.md: analytics may call community). */
interface CommunityFollows {
  historyByDay(
    creator: string | null,
    from: Date,
    to: Date,
  ): Promise<{ startTotal: number; days: Array<{ day: string; gained: number; lost: number }> }>;
  recentShown(creator: string, limit: number): Promise<Array<{ name: string; followedAt: string }>>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);
const hours = (ms: number) => ms / HOUR_MS;

function totalsOf(tallies: Tallies, followers: { gained: number; lost: number } | null = null): AnalyticsTotals {
  return {
    views: tallies.views,
    watchHours: hours(tallies.watchMs),
    averageViewSeconds: averageViewDuration(tallies.viewWatchMs, tallies.views),
    uniqueViewers: tallies.uniqueViewers,
    followersGained: followers?.gained ?? null,
    followersLost: followers?.lost ?? null,
  };
}

const byViews = (a: AnalyticsTopVideo, b: AnalyticsTopVideo) =>
  b.views - a.views || b.watchHours - a.watchHours || a.title.localeCompare(b.title);

function shares(map: Record<string, number>, total: number): AnalyticsShare[] {
  return Object.entries(map)
    .map(([name, views]) => ({ name, views, share: total > 0 ? views / total : 0 }))
    .sort((a, b) => b.views - a.views || a.name.localeCompare(b.name));
}

/** One point per step in [from, to), zeros where no row is. */
function series<Row extends Tallies & { bucketStart: number }>(
  rows: readonly Row[],
  { from, to }: { from: number; to: number },
  step: number,
): AnalyticsSeriesPoint[] {
  const byStart = new Map<number, Row[]>();
  for (const row of rows) byStart.set(row.bucketStart, [...(byStart.get(row.bucketStart) ?? []), row]);
  const points: AnalyticsSeriesPoint[] = [];
  for (let start = from; start < to; start += step) {
    const sum = sumTallies(byStart.get(start) ?? []);
    points.push({
      start: step === DAY_MS ? day(start) : iso(start),
      views: sum.views,
      watchHours: hours(sum.watchMs),
      averageViewSeconds: averageViewDuration(sum.viewWatchMs, sum.views),
    });
  }
  return points;
}

function rangeOut(range: ReportRange) {
  return { from: day(range.from), to: day(range.to - DAY_MS), days: range.days };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const aggregates = () => getService(strapi, 'aggregates');

  async function titles(documentIds: string[]): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    if (documentIds.length === 0) return map;
    // drafts too: a creator's analytics name a video that is unpublished today
    const rows = (await strapi.db.query(VIDEO).findMany({
      where: { documentId: { $in: documentIds } },
      select: ['documentId', 'title', 'publishedAt'],
    })) as Array<{ documentId: string; title: string; publishedAt: string | null }>;
    for (const row of rows) if (!map.has(row.documentId) || row.publishedAt) map.set(row.documentId, row.title);
    return map;
  }

  /**
   * The channel's (or, with null, all) followers day by day over the range: begun, ended, and the count at each
   * day's end (the community plugin's follows and unfollow log), or null when community is not installed.
   */
  async function followersByDay(creator: string | null, range: ReportRange): Promise<AnalyticsFollowerDay[] | null> {
    const follows = communityFollows();
    if (!follows) return null;
    const history = await follows.historyByDay(creator, new Date(range.from), new Date(range.to));
    const byDay = new Map(history.days.map((row) => [row.day, row]));
    const days: AnalyticsFollowerDay[] = [];
    let total = history.startTotal;
    for (let start = range.from; start < range.to; start += DAY_MS) {
      const { gained = 0, lost = 0 } = byDay.get(day(start)) ?? {};
      total += gained - lost;
      days.push({ day: day(start), gained, lost, total });
    }
    return days;
  }

  function communityFollows() {
    const community = strapi.plugin('community');
    return community ? (community.service('follows') as CommunityFollows) : null;
  }

  function topVideos(
    totals: Array<{ video: string; views: number; watchMs: number; viewWatchMs: number }>,
    names: Map<string, string>,
  ): AnalyticsTopVideo[] {
    return totals
      .filter((row) => row.views > 0 || row.watchMs > 0)
      .map((row) => ({
        documentId: row.video,
        title: names.get(row.video) ?? '(deleted video)',
        views: row.views,
        watchHours: hours(row.watchMs),
        averageViewSeconds: averageViewDuration(row.viewWatchMs, row.views),
      }))
      .sort(byViews)
      .slice(0, TOP_VIDEOS);
  }

  return {
    /** The channel's (`creator`) or, with null, the whole platform's period, against the period before it. */
    async overview(creator: string | null, range: ReportRange): Promise<AnalyticsOverview> {
      const previous = previousRange(range);
      const scope = creator ?? undefined;
      const [rows, previousRows, videoTotals, followers, channel, recentFollowers] = await Promise.all([
        aggregates().channelRows('day', range, scope),
        aggregates().channelRows('day', previous, scope),
        aggregates().videoTotals(range, creator ?? undefined),
        followersByDay(creator, { ...previous, to: range.to, days: previous.days + range.days }),
        creator === null
          ? null
          : (strapi.db
              .query(CREATOR)
              .findOne({ where: { documentId: creator }, select: ['documentId', 'displayName'] }) as Promise<{
              documentId: string;
              displayName: string;
            } | null>),
        creator === null ? null : (communityFollows()?.recentShown(creator, RECENT_FOLLOWERS) ?? null),
      ]);
      const sum = sumTallies(rows);
      const followersIn = (from: number, to: number) =>
        followers === null
          ? null
          : followers
              .filter((row) => row.day >= day(from) && row.day < day(to))
              .reduce((total, row) => ({ gained: total.gained + row.gained, lost: total.lost + row.lost }), {
                gained: 0,
                lost: 0,
              });
      const top = topVideos(videoTotals, new Map());
      const names = await titles(top.map((video) => video.documentId));
      return {
        channel: channel ? { documentId: channel.documentId, name: channel.displayName } : null,
        range: rangeOut(range),
        totals: totalsOf(sum, followersIn(range.from, range.to)),
        previous: totalsOf(sumTallies(previousRows), followersIn(previous.from, previous.to)),
        series: series(rows, range, DAY_MS),
        followers: followers === null ? null : followers.filter((row) => row.day >= day(range.from)),
        recentFollowers,
        sources: shares(sum.sources, sum.views),
        referrers: shares(sum.referrers, sum.views),
        devices: shares(sum.devices, sum.views),
        countries: shares(sum.countries, sum.views),
        topVideos: top
          .map((video) => ({ ...video, title: names.get(video.documentId) ?? '(deleted video)' }))
          .sort(byViews),
      };
    },

    /** The last 48 hours, hour by hour (the current hour included, as far as the rollup has got). */
    async realtime(
      creator: string | null,
      now = Date.now(),
    ): Promise<{ hours: AnalyticsSeriesPoint[]; views: number }> {
      const to = hourOf(now) + HOUR_MS;
      const range = { from: to - REALTIME_HOURS * HOUR_MS, to };
      const rows = await aggregates().channelRows('hour', range, creator ?? undefined);
      const points = series(rows, range, HOUR_MS);
      return { hours: points, views: points.reduce((total, point) => total + point.views, 0) };
    },

    /** One video's period: retention (at its current duration), sources, quality by browser, views over time. */
    async video(documentId: string, range: ReportRange): Promise<AnalyticsVideoReport> {
      const [rows, names, record] = await Promise.all([
        aggregates().videoRows('day', range, { video: documentId }),
        titles([documentId]),
        strapi.db
          .query(VIDEO)
          .findOne({ where: { documentId }, select: ['duration'], orderBy: { publishedAt: 'asc' } }) as Promise<{
          duration: number | string | null;
        } | null>,
      ]);
      const sum = sumTallies(rows);
      // retention histograms add up only for one cut: the latest duration's rows
      const latest = rows.reduce<VideoBucketRow | undefined>(
        (last, row) => (!last || row.bucketStart >= last.bucketStart ? row : last),
        undefined,
      );
      const cut = rows.filter((row) => row.durationMs === latest?.durationMs);
      const histogram = new Array<number>(latest?.retentionMs.length ?? 0).fill(0);
      for (const row of cut) row.retentionMs.forEach((ms, i) => (histogram[i]! += ms));
      const cutSum = sumTallies(cut);
      const curve = latest ? retentionCurve(histogram, cutSum.plays, latest.durationMs) : [];
      return {
        video: {
          documentId,
          title: names.get(documentId) ?? '(deleted video)',
          durationSeconds: record?.duration === null || record?.duration === undefined ? null : Number(record.duration),
        },
        range: rangeOut(range),
        totals: totalsOf(sum),
        series: series(rows, range, DAY_MS),
        retention: {
          curve,
          plays: cutSum.plays,
          averageViewSeconds: averageViewDuration(cutSum.viewWatchMs, cutSum.plays),
          drops: steepestDrops(curve),
        },
        sources: shares(sum.sources, sum.views),
        referrers: shares(sum.referrers, sum.views),
        quality: {
          overall: qualityOfSums(sum.quality),
          byBrowser: Object.entries(sum.qualityByBrowser)
            .map(([browser, sums]) => ({ browser, ...qualityOfSums(sums) }))
            .sort((a, b) => b.sessions - a.sessions || a.browser.localeCompare(b.browser)),
        },
      };
    },

    /** The channel (creator profile) owned by admin user `userId`, or null. */
    async channelOf(userId: number): Promise<{ documentId: string } | null> {
      return (await strapi.db.query(CREATOR).findOne({
        where: { owner: { id: userId } },
        select: ['documentId'],
      })) as { documentId: string } | null;
    },

    /** The channel a video belongs to (any version), or undefined when there is no such video. */
    async channelOfVideo(documentId: string): Promise<string | null | undefined> {
      const row = (await strapi.db.query(VIDEO).findOne({
        where: { documentId },
        select: ['id'],
        populate: { creator: { select: ['documentId'] } },
      })) as { creator?: { documentId: string } | null } | null;
      if (!row) return undefined;
      return row.creator?.documentId ?? null;
    },

    /** True when a channel (creator profile) with this documentId exists. */
    async channelExists(documentId: string): Promise<boolean> {
      return (await strapi.db.query(CREATOR).count({ where: { documentId } })) > 0;
    },

    /** Every channel, for staff's channel picker. */
    async channels(): Promise<Array<{ documentId: string; name: string }>> {
      const rows = (await strapi.db.query(CREATOR).findMany({
        where: { publishedAt: { $notNull: true } },
        select: ['documentId', 'displayName'],
        orderBy: { displayName: 'asc' },
      })) as Array<{ documentId: string; displayName: string }>;
      return rows.map((row) => ({ documentId: row.documentId, name: row.displayName }));
    },
  };
};
