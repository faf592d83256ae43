// Pure helpers for the watch page's community parts, shared by the server (Astro) and the browser scripts:
// viewer-written text as safe pieces (never HTML), clock times and the ?t= start time.

/** One piece of viewer-written text: rendered as a text node, a link, or a line break; never as HTML. */
export type TextPiece =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'break' };

/** The rel every link in viewer-written text carries. */
export const UGC_LINK_REL = 'nofollow ugc noopener';

// Only http(s) addresses written out in full become links: "javascript:", "data:" and the rest stay text.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence is not part of the address ("see https://x.org/a.").
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** `href` when it is an http(s) URL a browser would open as such, otherwise undefined. */
export function safeHttpUrl(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

function linkify(line: string, pieces: TextPiece[]): void {
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let raw = match[0];
    const trailing = TRAILING.exec(raw)?.[0] ?? '';
    // a closing bracket that opened inside the address belongs to it (Wikipedia links)
    const keepParen = trailing.startsWith(')') && raw.slice(0, -trailing.length).includes('(');
    if (trailing && !keepParen) raw = raw.slice(0, -trailing.length);
    const href = safeHttpUrl(raw);
    if (!href) continue;
    if (start > last) pieces.push({ kind: 'text', text: line.slice(last, start) });
    pieces.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < line.length) pieces.push({ kind: 'text', text: line.slice(last) });
}

/** Splits viewer-written text into text, http(s) links and line breaks (CRLF and CR count as one break). */
export function textPieces(text: string | null | undefined): TextPiece[] {
  if (!text) return [];
  const pieces: TextPiece[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (index > 0) pieces.push({ kind: 'break' });
    linkify(line, pieces);
  });
  return pieces;
}

/** 75 → "1:15", 3725 → "1:02:05"; negative or unknown → "0:00". */
export function formatClock(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const MAX_START_SECONDS = 7 * 86_400;

/** The `t` parameter as seconds: "90", "90s", "1m30s", "1h2m3s" or "1:30"; undefined when absent or malformed. */
export function parseStartTime(raw: string | null | undefined): number | undefined {
  if (!raw) return undefined;
  const value = raw.trim().toLowerCase();
  let seconds: number | undefined;
  if (/^\d+(\.\d+)?s?$/.test(value)) seconds = Number.parseFloat(value);
  else if (/^(\d+h)?(\d+m)?(\d+s)?$/.test(value) && value !== '') {
    const [, h = '0', m = '0', s = '0'] = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value) ?? [];
    seconds = Number(h) * 3600 + Number(m) * 60 + Number(s);
  } else if (/^\d+(:\d{1,2}){1,2}$/.test(value)) {
    seconds = value.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_START_SECONDS)
    return undefined;
  return Math.floor(seconds);
}

/** The watch URL with `?t=` set to whole seconds (dropped at 0), keeping the other parameters. */
export function linkAtTime(href: string, seconds: number): string {
  const url = new URL(href);
  url.hash = '';
  const whole = Math.floor(Number.isFinite(seconds) ? seconds : 0);
  if (whole > 0) url.searchParams.set('t', String(whole));
  else url.searchParams.delete('t');
  return url.href;
}

/** Whole minutes left to edit (rounded up), or 0 when the window has closed or there is none. */
export function editMinutesLeft(editableUntil: string | null | undefined, now: number = Date.now()): number {
  const until = editableUntil ? Date.parse(editableUntil) : Number.NaN;
  if (!Number.isFinite(until) || until <= now) return 0;
  return Math.ceil((until - now) / 60_000);
}

/** "Editable for 12 more minutes" / "for 1 more minute"; empty when editing is over. */
export function editWindowText(editableUntil: string | null | undefined, now: number = Date.now()): string {
  const minutes = editMinutesLeft(editableUntil, now);
  if (minutes === 0) return '';
  return `You can edit this for ${minutes} more ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** The save point to resume from, or undefined (nothing saved, finished, too near either end, or ?t= given). */
export function resumePosition(
  progress: { position: number; duration: number; completed: boolean } | null | undefined,
  startParam?: number,
): number | undefined {
  if (startParam !== undefined || !progress || progress.completed) return undefined;
  const { position, duration } = progress;
  if (!Number.isFinite(position) || position < 2) return undefined;
  if (Number.isFinite(duration) && duration > 0 && position >= duration - 2) return undefined;
  return Math.floor(position);
}
