/**
 * The dashboards' query: a period of whole UTC days (7, 28, 90 or 365 days ending today, or a custom from/to), an
 * optional channel (staff only: a creator always sees their own) and the answer's format. A bad value is a 400 that
 * names it.
 */
import { errors } from '@strapi/utils';
import { DAY_MS, dayOf } from '../utils/rollup';

export const PRESET_DAYS = [7, 28, 90, 365] as const;
/** The longest custom period: three years of daily rows. */
export const MAX_CUSTOM_DAYS = 3 * 366;

export interface ReportRange {
  /** ms since epoch, midnight UTC, inclusive */
  from: number;
  /** ms since epoch, midnight UTC, exclusive */
  to: number;
  days: number;
}

export interface ReportQuery {
  range: ReportRange;
  channel?: string;
  format: 'json' | 'csv';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DOCUMENT_ID = /^[A-Za-z0-9]{1,64}$/;

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new errors.ValidationError(`${name} must be given once`);
  return value;
}

function dateOf(value: string, name: string): number {
  const ms = DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms)) throw new errors.ValidationError(`${name} must be a date such as 2026-11-30`);
  return ms;
}

/** `defaultDays` when neither `days` nor `from`/`to` is given. */
export function parseReportQuery(
  query: Record<string, unknown>,
  { defaultDays = 28, now = Date.now() }: { defaultDays?: number; now?: number } = {},
): ReportQuery {
  const format = single(query, 'format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new errors.ValidationError('format must be json or csv');
  const channel = single(query, 'channel');
  if (channel !== undefined && !DOCUMENT_ID.test(channel))
    throw new errors.ValidationError('channel must be a channel id');

  const fromText = single(query, 'from');
  const toText = single(query, 'to');
  const daysText = single(query, 'days');
  const tomorrow = dayOf(now) + DAY_MS;
  let range: ReportRange;
  if (fromText !== undefined || toText !== undefined) {
    if (daysText !== undefined) throw new errors.ValidationError('give days, or from and to, not both');
    if (fromText === undefined || toText === undefined)
      throw new errors.ValidationError('a custom period needs both from and to');
    const from = dateOf(fromText, 'from');
    // `to` is the last day shown, inclusive
    const to = dateOf(toText, 'to') + DAY_MS;
    if (to <= from) throw new errors.ValidationError('to must not be before from');
    const days = Math.round((to - from) / DAY_MS);
    if (days > MAX_CUSTOM_DAYS) throw new errors.ValidationError(`a period is at most ${MAX_CUSTOM_DAYS} days`);
    if (from >= tomorrow) throw new errors.ValidationError('from must not be in the future');
    range = { from, to, days };
  } else {
    const days = daysText === undefined ? defaultDays : Number(daysText);
    if (!(PRESET_DAYS as readonly number[]).includes(days))
      throw new errors.ValidationError(`days must be one of ${PRESET_DAYS.join(', ')}`);
    range = { from: tomorrow - days * DAY_MS, to: tomorrow, days };
  }
  return { range, format, ...(channel !== undefined ? { channel } : {}) };
}

/** The period of the same length just before `range`, for "against the previous period". */
export function previousRange(range: ReportRange): ReportRange {
  return { from: range.from - range.days * DAY_MS, to: range.from, days: range.days };
}
