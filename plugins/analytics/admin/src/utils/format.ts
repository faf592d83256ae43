/** Numbers as the dashboards show them (the admin's locale is English). */
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

export const formatCount = (n: number) => (Math.abs(n) >= 10_000 ? compact.format(n) : whole.format(n));
/** Watch time: seconds under a minute, minutes under an hour, then hours. */
export function formatHours(hours: number): string {
  if (hours < 1 / 60) return `${whole.format(hours * 3600)} s`;
  if (hours < 1) return `${oneDecimal.format(hours * 60)} min`;
  return `${oneDecimal.format(hours)} h`;
}
export const formatPercent = (share: number | null) => (share === null ? '–' : percent.format(share));
export const formatMs = (ms: number | null) => (ms === null ? '–' : `${whole.format(ms)} ms`);

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "+12%" against the previous period, or null when there is nothing to compare with. */
export function change(current: number, previous: number): string | null {
  if (previous === 0) return current === 0 ? null : 'new';
  const ratio = (current - previous) / previous;
  return `${ratio >= 0 ? '+' : ''}${percent.format(ratio)}`;
}

const TRAFFIC_NAMES: Record<string, string> = {
  home: 'Home page',
  search: 'Search',
  related: 'Related videos',
  creator: 'Channel page',
  playlist: 'Playlists',
  following: 'Following feed',
  notification: 'Notifications and mail',
  embed: 'Embedded players',
  external: 'Other websites',
  direct: 'Direct or unknown',
  unknown: 'Unknown',
};
export const trafficName = (name: string) => TRAFFIC_NAMES[name] ?? name;

const regions = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;
export function countryName(code: string): string {
  if (code === 'unknown') return 'Unknown';
  try {
    return regions?.of(code) ?? code;
  } catch {
    return code;
  }
}

const DEVICE_NAMES: Record<string, string> = {
  desktop: 'Computer',
  mobile: 'Phone',
  tablet: 'Tablet',
  tv: 'TV',
  console: 'Game console',
  other: 'Other',
  unknown: 'Unknown (Do Not Track)',
};
export const deviceName = (name: string) => DEVICE_NAMES[name] ?? name;

export const dayLabel = (iso: string) =>
  new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
export const hourLabel = (iso: string) =>
  new Date(iso).toLocaleString('en', { weekday: 'short', hour: '2-digit', minute: '2-digit' });
/** A moment in the admin user's own time zone ("Dec 2, 2026, 09:14"). */
export const dateTimeLabel = (iso: string) =>
  new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
