/**
 * Captions and chapters as every part reads them: the CMS checks caption uploads (`checkWebVtt`, SubRip converted with
 * `srtToWebVtt`) and indexes their text and the chapters for search, the site shows the transcript and the chapter
 * list. One reading of the files, so a line the search finds is the line the watch page seeks to.
 */

export interface CaptionCue {
  /** seconds */
  start: number;
  /** seconds */
  end: number;
  /** plain text: voice, class and style tags dropped, entities read, whitespace collapsed */
  text: string;
}

export interface TimedChapter {
  startSeconds: number;
  title: string;
}

export const CAPTION_LIMITS = {
  /** a caption file larger than this is refused on upload (an hour of dense captions is about 100 KiB) */
  maxBytes: 1024 * 1024,
  maxCues: 10_000,
  /** a cue may end this much after the video's end (encoders round the duration) */
  endToleranceSeconds: 1,
} as const;

const STAMP = '((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{1,3})';
const TIMING = new RegExp(`^${STAMP}\\s+-->\\s+${STAMP}(?:\\s.*)?$`);
/** WebVTT's own grammar: `hh:mm:ss.ttt` or `mm:ss.ttt`, minutes and seconds under 60, three-digit milliseconds. */
const STRICT_STAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: ' ',
  quot: '"',
  apos: "'",
  lrm: '',
  rlm: '',
};

function seconds(stamp: string): number {
  return stamp
    .replace(',', '.')
    .split(':')
    .map(Number)
    .reduce((sum, part) => sum * 60 + part, 0);
}

/** `75.5` → `1:15`, `3725` → `1:02:05`: how a time is shown beside a line. */
export function formatTimestamp(totalSeconds: number): string {
  const whole = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A cue's text as a reader sees it. */
function cueText(lines: string[]): string {
  return lines
    .join(' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|nbsp|quot|apos|lrm|rlm);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

function normalizeLines(source: string): string {
  return source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * The cues of a WebVTT file, in time order, as plain text, read leniently (what players show). What is not a cue (the
 * header, NOTE, STYLE and REGION blocks, a block whose timing does not parse) is skipped; a file that does not start
 * with WEBVTT gives none.
 */
export function parseWebVtt(source: string, maxCues: number = CAPTION_LIMITS.maxCues): CaptionCue[] {
  const text = normalizeLines(source);
  if (!/^WEBVTT(?:[ \t].*)?(?:\n|$)/.test(text)) return [];
  const cues: CaptionCue[] = [];
  for (const block of text.split(/\n{2,}/).slice(1)) {
    const rows = block.split('\n').filter((row) => row.trim() !== '');
    const timingAt = rows.findIndex((row) => row.includes('-->'));
    if (timingAt < 0 || timingAt > 1) continue; // NOTE, STYLE, REGION or a stray block
    const timing = TIMING.exec(rows[timingAt]!.trim());
    if (!timing) continue;
    const start = seconds(timing[1]!);
    const end = seconds(timing[2]!);
    const said = cueText(rows.slice(timingAt + 1));
    if (!Number.isFinite(start) || !(end > start) || !said) continue;
    cues.push({ start, end, text: said });
    if (cues.length >= maxCues) break;
  }
  return cues.sort((a, b) => a.start - b.start);
}

export type CaptionCheck =
  | { ok: true; cues: CaptionCue[] }
  | {
      ok: false;
      /** 1-based line of the file, when one line is at fault */
      line: number | null;
      message: string;
    };

function strictSeconds(stamp: string): number | null {
  const match = STRICT_STAMP.exec(stamp);
  if (!match) return null;
  const [, hours, minutes, secs, millis] = match;
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(secs) + Number(millis) / 1000;
}

/**
 * The upload check: the file is WebVTT that parses, every cue's timing is well formed, cues start in order, each ends
 * after it starts and (when the video's duration is known) inside the video, within the size and cue limits. A refusal
 * names the line that is wrong and what is wrong with it.
 */
export function checkWebVtt(source: string, options: { durationSeconds?: number | null; lineOffset?: number } = {}) {
  const fail = (line: number | null, message: string): CaptionCheck => ({
    ok: false,
    line: line === null ? null : line + (options.lineOffset ?? 0),
    message: line === null ? message : `Line ${line + (options.lineOffset ?? 0)}: ${message}`,
  });
  if (new TextEncoder().encode(source).length > CAPTION_LIMITS.maxBytes)
    return fail(null, `The caption file is larger than ${CAPTION_LIMITS.maxBytes / 1024} KiB.`);
  const rows = normalizeLines(source).split('\n');
  if (!/^WEBVTT(?:[ \t].*)?$/.test(rows[0] ?? ''))
    return fail(1, 'a WebVTT file starts with “WEBVTT” on its own line.');
  const duration = options.durationSeconds && options.durationSeconds > 0 ? options.durationSeconds : null;
  const cues: CaptionCue[] = [];
  let previousStart = -1;
  let index = 1;
  // skip the rest of the header block
  while (index < rows.length && rows[index]!.trim() !== '') index += 1;
  while (index < rows.length) {
    while (index < rows.length && rows[index]!.trim() === '') index += 1;
    if (index >= rows.length) break;
    const blockStart = index;
    const block: string[] = [];
    while (index < rows.length && rows[index]!.trim() !== '') block.push(rows[(index += 1) - 1]!);
    const first = block[0]!.trim();
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue;
    const timingAt = block.findIndex((row) => row.includes('-->'));
    if (timingAt < 0)
      return fail(
        blockStart + 1,
        `“${first.slice(0, 60)}” is not a cue: a cue needs a timing line like “00:00:01.000 --> 00:00:04.000”.`,
      );
    if (timingAt > 1) return fail(blockStart + 2, 'a cue has at most one identifier line before its timing line.');
    const lineNumber = blockStart + timingAt + 1;
    const [startText = '', arrow, endText = ''] = block[timingAt]!.trim().split(/\s+/);
    const start = strictSeconds(startText);
    const end = strictSeconds(endText);
    if (arrow !== '-->' || start === null || end === null)
      return fail(
        lineNumber,
        `“${block[timingAt]!.trim().slice(0, 60)}” is not a timing: write “00:00:01.000 --> 00:00:04.000” (hours optional, a dot before the milliseconds).`,
      );
    if (!(end > start)) return fail(lineNumber, `the cue ends (${endText}) before it starts (${startText}).`);
    if (start < previousStart)
      return fail(lineNumber, `the cue starts (${startText}) before the cue above it: cues must be in time order.`);
    if (duration !== null && end > duration + CAPTION_LIMITS.endToleranceSeconds)
      return fail(lineNumber, `the cue ends at ${endText}, after the end of the video (${formatTimestamp(duration)}).`);
    const text = cueText(block.slice(timingAt + 1));
    if (text) cues.push({ start, end, text });
    previousStart = start;
    if (cues.length > CAPTION_LIMITS.maxCues) return fail(lineNumber, `more than ${CAPTION_LIMITS.maxCues} cues.`);
  }
  if (cues.length === 0) return fail(null, 'The caption file has no cues with text.');
  return { ok: true, cues } as CaptionCheck;
}

/** SubRip (`.srt`): a number line, `00:00:01,000 --> 00:00:04,000`, the text, a blank line. */
const SRT_TIMING = /^(\d{1,2}):(\d{2}):(\d{2})[,.](\d{1,3})\s+-->\s+(\d{1,2}):(\d{2}):(\d{2})[,.](\d{1,3})(?:\s.*)?$/;

export function looksLikeSrt(source: string): boolean {
  const rows = normalizeLines(source)
    .split('\n')
    .filter((row) => row.trim() !== '');
  return /^\d+$/.test(rows[0]?.trim() ?? '') && SRT_TIMING.test(rows[1]?.trim() ?? '');
}

/**
 * SubRip to WebVTT, line for line (the header takes two lines: an error in the WebVTT at line n is the SubRip's line
 * n - 2). Cue numbers stay as cue identifiers; timings get a dot and three-digit milliseconds; SubRip's `<font>` tags
 * are dropped (WebVTT has none), its `<b>`, `<i>` and `<u>` kept.
 */
export function srtToWebVtt(source: string): string {
  const rows = normalizeLines(source).split('\n');
  const converted = rows.map((row) => {
    const timing = SRT_TIMING.exec(row.trim());
    if (!timing) return row.replace(/<\/?font[^>]*>/gi, '');
    const [, h1, m1, s1, ms1, h2, m2, s2, ms2] = timing;
    const stamp = (h: string, m: string, s: string, ms: string) =>
      `${h.padStart(2, '0')}:${m}:${s}.${ms.padEnd(3, '0')}`;
    return `${stamp(h1!, m1!, s1!, ms1!)} --> ${stamp(h2!, m2!, s2!, ms2!)}`;
  });
  return `WEBVTT\n\n${converted.join('\n')}`;
}

/** `0:00 Intro`, `01:02:03 - Wrap-up`, `- 1:30 Knife work` (a Markdown list), `[2:00] Q&A`. */
const CHAPTER_LINE = /^\s*(?:[-*+]\s+)?[[(]?((?:\d{1,2}:)?\d{1,2}:\d{2})[\])]?\s*(?:[-–—:|]\s*)?(\S.*?)\s*$/;
const MIN_CHAPTERS = 2;

/**
 * Chapters from description lines that start with a timestamp, read as viewers know them from YouTube: the first at
 * 0:00, at least two, in order, each inside the video; none unless they all follow these rules. `toText` turns a
 * title's Markdown into text.
 */
export function chaptersFromDescription(
  description: string | null | undefined,
  duration: number | undefined,
  toText: (markdown: string) => string,
): TimedChapter[] {
  const chapters: TimedChapter[] = [];
  for (const line of (description ?? '').split(/\r?\n/)) {
    const match = CHAPTER_LINE.exec(line);
    if (!match) continue;
    const [, stamp, title] = match;
    const parts = stamp!.split(':').map(Number);
    if (parts.slice(1).some((part) => part >= 60)) return [];
    const text = toText(title!);
    if (!text) return [];
    chapters.push({ startSeconds: parts.reduce((sum, part) => sum * 60 + part, 0), title: text });
  }
  if (chapters.length < MIN_CHAPTERS || chapters[0]!.startSeconds !== 0) return [];
  for (let index = 1; index < chapters.length; index += 1)
    if (chapters[index]!.startSeconds <= chapters[index - 1]!.startSeconds) return [];
  if (duration && duration > 0 && chapters[chapters.length - 1]!.startSeconds >= duration) return [];
  return chapters;
}

/** A video's chapters: the creator's chapter list when there is one, else the description's timestamps. */
export function videoChapters(
  video: {
    chapters?: Array<{ startSeconds?: number | string | null; title?: string | null } | null> | null;
    description?: string | null;
    duration?: number | string | null;
  },
  toText: (markdown: string) => string,
): TimedChapter[] {
  const listed = (video.chapters ?? [])
    .filter((chapter): chapter is { startSeconds: number | string; title: string } =>
      Boolean(chapter && Number.isFinite(Number(chapter.startSeconds)) && chapter.title?.trim()),
    )
    .map((chapter) => ({ startSeconds: Number(chapter.startSeconds), title: chapter.title.trim() }))
    .sort((a, b) => a.startSeconds - b.startSeconds);
  if (listed.length > 0) return listed;
  const duration = Number(video.duration);
  return chaptersFromDescription(video.description, Number.isFinite(duration) ? duration : undefined, toText);
}
