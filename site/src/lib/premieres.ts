// How a premiere's time reads: on the server in UTC (the page is cached for everyone), then in the viewer's own time
// zone once scripts/premiere.ts runs; and how long until it starts.

const UTC = new Intl.DateTimeFormat('en', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

export function premiereTimeUtc(iso: string): string {
  return `${UTC.format(new Date(iso))} UTC`;
}

/** "2 days 3 h", "3 h 05 min", "4 min 09 s", "12 s"; empty once it is due. */
export function countdownText(milliseconds: number): string {
  if (milliseconds <= 0) return '';
  const total = Math.ceil(milliseconds / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'} ${hours} h`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${pad(seconds)} s`;
  return `${seconds} s`;
}
