// Display formatting shared by cards and the watch page. Server-rendered in English (the site's lang).

const LOCALE = 'en';

function toSeconds(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const seconds = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** 65 -> "1:05", 3725 -> "1:02:05". */
export function formatDuration(value: number | string | null | undefined): string | undefined {
  const total = toSeconds(value);
  if (total === undefined) return undefined;
  const rounded = Math.floor(total);
  const hours = Math.floor(rounded / 3600);
  const minutes = Math.floor((rounded % 3600) / 60);
  const seconds = rounded % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** 3725 -> "PT1H2M5S" (for <time datetime> and structured data). */
export function isoDuration(value: number | string | null | undefined): string | undefined {
  const total = toSeconds(value);
  if (total === undefined) return undefined;
  const rounded = Math.floor(total);
  const hours = Math.floor(rounded / 3600);
  const minutes = Math.floor((rounded % 3600) / 60);
  const seconds = rounded % 60;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
}

/** 65 -> "1 minute 5 seconds", for screen readers. */
export function spokenDuration(value: number | string | null | undefined): string | undefined {
  const total = toSeconds(value);
  if (total === undefined) return undefined;
  const rounded = Math.floor(total);
  const parts: string[] = [];
  const units: [number, string][] = [
    [Math.floor(rounded / 3600), 'hour'],
    [Math.floor((rounded % 3600) / 60), 'minute'],
    [rounded % 60, 'second'],
  ];
  for (const [amount, unit] of units) if (amount > 0) parts.push(`${amount} ${unit}${amount === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' ') : '0 seconds';
}

function toCount(value: number | string | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  const count = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

const compact = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });
const full = new Intl.NumberFormat(LOCALE);

/** "1.2K views" */
export function formatViews(value: number | string | null | undefined): string {
  const count = toCount(value);
  return `${compact.format(count)} ${count === 1 ? 'view' : 'views'}`;
}

/** "1,234,567 views" */
export function formatViewsFull(value: number | string | null | undefined): string {
  const count = toCount(value);
  return `${full.format(count)} ${count === 1 ? 'view' : 'views'}`;
}

export function formatCount(
  value: number | string | null | undefined,
  singular: string,
  plural = `${singular}s`,
): string {
  const count = toCount(value);
  return `${full.format(count)} ${count === 1 ? singular : plural}`;
}

function toDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const absolute = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' });

/** "12 Mar 2025" */
export function formatDate(value: string | null | undefined): string | undefined {
  const date = toDate(value);
  return date ? absolute.format(date) : undefined;
}

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago"; "just now" under a minute. */
export function formatRelativeDate(value: string | null | undefined, now = Date.now()): string | undefined {
  const date = toDate(value);
  if (!date) return undefined;
  const seconds = Math.round((date.getTime() - now) / 1000);
  for (const [unit, size] of STEPS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}
