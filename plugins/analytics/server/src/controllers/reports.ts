import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import createError from 'http-errors';
import { getService } from '../utils';
import { toCsv } from '../utils/csv';
import { parseReportQuery } from '../validation/report-query';
import type { AnalyticsShare as Share, AnalyticsTopVideo as TopVideo } from '@framecast/contracts';

type Ability = { can(action: string): boolean };
type AdminState = { user?: { id: number }; userAbility?: Ability };

/** Staff: every channel and the platform. Everyone else holding `read`: their own channel only. */
const READ_ALL = 'plugin::analytics.read-all';

function sendCsv(ctx: Context, name: string, csv: string) {
  ctx.set('Content-Type', 'text/csv; charset=utf-8');
  ctx.set('Content-Disposition', `attachment; filename="${name}.csv"`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = csv;
}

const shareColumns = (label: string) => [
  { header: label, value: (row: Share) => row.name },
  { header: 'Views', value: (row: Share) => row.views },
  { header: 'Share of views', value: (row: Share) => row.share },
];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reports = () => getService(strapi, 'reports');

  /**
   * The channel a request may see: with read-all, the one asked for (null: the platform); otherwise the user's own,
   * and asking for another is answered as if it did not exist.
   */
  async function scopeOf(ctx: Context, asked: string | undefined): Promise<{ creator: string | null; all: boolean }> {
    const state = ctx.state as AdminState;
    const all = state.userAbility?.can(READ_ALL) === true;
    if (all) {
      if (asked === undefined) return { creator: null, all };
      if (!(await reports().channelExists(asked))) throw new errors.NotFoundError('No such channel');
      return { creator: asked, all };
    }
    const own = state.user ? await reports().channelOf(state.user.id) : null;
    if (!own) throw createError(403, 'Analytics show a channel, and your account has none yet');
    if (asked !== undefined && asked !== own.documentId) throw new errors.NotFoundError('No such channel');
    return { creator: own.documentId, all };
  }

  return {
    /** GET /analytics/scope: which channels this user may open (staff get the list, a creator their own). */
    async scope(ctx: Context) {
      const { creator, all } = await scopeOf(ctx, undefined);
      ctx.body = { all, channel: creator, channels: all ? await reports().channels() : [] };
    },

    /** GET /analytics/overview?days=28|from&to&channel&format=csv (CSV: the days of the period). */
    async overview(ctx: Context) {
      const query = parseReportQuery(ctx.query);
      const { creator } = await scopeOf(ctx, query.channel);
      const overview = await reports().overview(creator, query.range);
      if (query.format === 'csv') {
        const followers = new Map((overview.followers ?? []).map((row) => [row.day, row]));
        return sendCsv(
          ctx,
          `analytics-${overview.range.from}-${overview.range.to}`,
          toCsv(
            [
              { header: 'Day', value: (row) => row.start },
              { header: 'Views', value: (row) => row.views },
              { header: 'Watch hours', value: (row) => row.watchHours },
              { header: 'Average view duration (s)', value: (row) => row.averageViewSeconds },
              { header: 'Followers gained', value: (row) => followers.get(row.start)?.gained ?? '' },
              { header: 'Followers lost', value: (row) => followers.get(row.start)?.lost ?? '' },
              { header: 'Followers', value: (row) => followers.get(row.start)?.total ?? '' },
            ],
            overview.series,
          ),
        );
      }
      ctx.body = overview;
    },

    /** GET /analytics/overview/top-videos: the top-videos table (and, as CSV, with `table=sources|devices|countries`). */
    async topVideos(ctx: Context) {
      const { table, ...rest } = ctx.query;
      const query = parseReportQuery(rest);
      const { creator } = await scopeOf(ctx, query.channel);
      const overview = await reports().overview(creator, query.range);
      const name = typeof table === 'string' ? table : 'top-videos';
      const period = `${overview.range.from}-${overview.range.to}`;
      if (name === 'top-videos') {
        if (query.format !== 'csv') return void (ctx.body = { range: overview.range, data: overview.topVideos });
        return sendCsv(
          ctx,
          `top-videos-${period}`,
          toCsv(
            [
              { header: 'Video', value: (row: TopVideo) => row.title },
              { header: 'Id', value: (row: TopVideo) => row.documentId },
              { header: 'Views', value: (row: TopVideo) => row.views },
              { header: 'Watch hours', value: (row: TopVideo) => row.watchHours },
              { header: 'Average view duration (s)', value: (row: TopVideo) => row.averageViewSeconds },
            ],
            overview.topVideos,
          ),
        );
      }
      if (name === 'recent-followers') {
        const rows = overview.recentFollowers ?? [];
        if (query.format !== 'csv') return void (ctx.body = { range: overview.range, data: rows });
        return sendCsv(
          ctx,
          `recent-followers-${period}`,
          toCsv(
            [
              { header: 'Follower', value: (row: (typeof rows)[number]) => row.name },
              { header: 'Followed at', value: (row: (typeof rows)[number]) => row.followedAt },
            ],
            rows,
          ),
        );
      }
      const tables = {
        sources: ['Traffic source', overview.sources],
        referrers: ['Referring site', overview.referrers],
        devices: ['Device', overview.devices],
        countries: ['Country', overview.countries],
      } as const;
      if (!(name in tables))
        throw new errors.ValidationError(
          'table must be top-videos, recent-followers, sources, referrers, devices or countries',
        );
      const [label, rows] = tables[name as keyof typeof tables];
      if (query.format !== 'csv') return void (ctx.body = { range: overview.range, data: rows });
      return sendCsv(ctx, `${name}-${period}`, toCsv(shareColumns(label), rows));
    },

    /** GET /analytics/realtime?channel: the last 48 hours, hourly. */
    async realtime(ctx: Context) {
      const query = parseReportQuery(ctx.query);
      const { creator } = await scopeOf(ctx, query.channel);
      const realtime = await reports().realtime(creator);
      if (query.format === 'csv')
        return sendCsv(
          ctx,
          'last-48-hours',
          toCsv(
            [
              { header: 'Hour (UTC)', value: (row) => row.start },
              { header: 'Views', value: (row) => row.views },
              { header: 'Watch hours', value: (row) => row.watchHours },
            ],
            realtime.hours,
          ),
        );
      ctx.body = realtime;
    },

    /** GET /analytics/videos/:documentId?days=90: one video of the user's scope; another channel's is a 404. */
    async video(ctx: Context) {
      const query = parseReportQuery(ctx.query, { defaultDays: 90 });
      const documentId = String(ctx.params.documentId);
      const { creator, all } = await scopeOf(ctx, undefined);
      const channel = /^[A-Za-z0-9]{1,64}$/.test(documentId) ? await reports().channelOfVideo(documentId) : undefined;
      if (channel === undefined || (!all && channel !== creator)) throw new errors.NotFoundError('No such video');
      const report = await reports().video(documentId, query.range);
      if (query.format === 'csv') {
        const table = typeof ctx.query.table === 'string' ? ctx.query.table : 'retention';
        const period = `${report.range.from}-${report.range.to}`;
        if (table === 'retention')
          return sendCsv(
            ctx,
            `retention-${documentId}-${period}`,
            toCsv(
              [
                { header: 'From (s)', value: (row) => row.from },
                { header: 'To (s)', value: (row) => row.to },
                { header: 'Share watching', value: (row) => row.share },
              ],
              report.retention.curve,
            ),
          );
        if (table === 'sources')
          return sendCsv(ctx, `sources-${documentId}-${period}`, toCsv(shareColumns('Traffic source'), report.sources));
        if (table === 'quality')
          return sendCsv(
            ctx,
            `quality-${documentId}-${period}`,
            toCsv(
              [
                { header: 'Browser', value: (row) => row.browser },
                { header: 'Sessions', value: (row) => row.sessions },
                { header: 'Startup p50 (ms)', value: (row) => row.startupP50Ms },
                { header: 'Startup p95 (ms)', value: (row) => row.startupP95Ms },
                { header: 'Rebuffering ratio', value: (row) => row.rebufferingRatio },
                { header: 'Error rate', value: (row) => row.errorRate },
              ],
              report.quality.byBrowser,
            ),
          );
        if (table === 'days')
          return sendCsv(
            ctx,
            `views-${documentId}-${period}`,
            toCsv(
              [
                { header: 'Day', value: (row) => row.start },
                { header: 'Views', value: (row) => row.views },
                { header: 'Watch hours', value: (row) => row.watchHours },
              ],
              report.series,
            ),
          );
        throw new errors.ValidationError('table must be retention, sources, quality or days');
      }
      ctx.body = report;
    },
  };
};
