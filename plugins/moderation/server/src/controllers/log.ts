import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { MODERATION_EVENT_LABELS, toCsv, type ModerationLogEntry } from '@framecast/contracts';
import { getService } from '../utils';
import { parseLogQuery } from '../validation/input';

const COLUMNS = [
  { header: 'When (UTC)', value: (row: ModerationLogEntry) => row.createdAt },
  { header: 'Event', value: (row: ModerationLogEntry) => MODERATION_EVENT_LABELS[row.event] },
  { header: 'Video', value: (row: ModerationLogEntry) => row.videoTitle },
  { header: 'Video id', value: (row: ModerationLogEntry) => row.video },
  { header: 'Creator', value: (row: ModerationLogEntry) => row.creatorName },
  { header: 'By', value: (row: ModerationLogEntry) => row.actorName },
  { header: 'Reason', value: (row: ModerationLogEntry) => row.reason },
];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /moderation/log?event=&creator=&actor=&video=&from=&to=&page=&pageSize= */
  async page(ctx: Context) {
    const { filter, page, pageSize } = parseLogQuery(ctx.query);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await getService(strapi, 'log').page(filter, page, pageSize);
  },

  /** GET /moderation/log/export: the same filter, every matching entry, as CSV. */
  async export(ctx: Context) {
    const { filter } = parseLogQuery({ ...ctx.query, page: undefined, pageSize: undefined });
    const rows = await getService(strapi, 'log').all(filter);
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.set(
      'Content-Disposition',
      `attachment; filename="moderation-log-${new Date().toISOString().slice(0, 10)}.csv"`,
    );
    ctx.set('Cache-Control', 'no-store');
    ctx.body = toCsv(COLUMNS, rows);
  },
});
