// The interactive transcript: a video's default caption track (WebVTT) read into lines with their times. The watch
// page renders them (components/watch/Transcript.astro); its script follows playback, seeks and searches.

import { getConfig } from '../config';
import { log } from '../log';
import type { Video } from '../types';

export interface TranscriptLine {
  start: number;
  end: number;
  text: string;
}

/** A caption file larger than this is not read for the transcript (the player still shows it). */
const MAX_BYTES = 512 * 1024;
const MAX_LINES = 5_000;
const FETCH_TIMEOUT_MS = 2_000;
/** Caption files are stored under content-hashed names: one read per file and process is enough. */
const CACHE_ENTRIES = 200;

const TIMING = /^((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(?:\s.*)?$/;
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
  const parts = stamp.replace(',', '.').split(':').map(Number);
  return parts.reduce((sum, part) => sum * 60 + part, 0);
}

/** A cue's text as a reader sees it: voice, class and style tags dropped, entities read, whitespace collapsed. */
function cueText(lines: string[]): string {
  return lines
    .join(' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|nbsp|quot|apos|lrm|rlm);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The cues of a WebVTT file, in time order, as plain text. What is not a cue (the header, NOTE, STYLE and REGION
 * blocks, a block whose timing does not parse) is skipped; a file that does not start with WEBVTT gives none.
 */
export function parseWebVtt(source: string): TranscriptLine[] {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^WEBVTT(?:[ \t].*)?(?:\n|$)/.test(text)) return [];
  const lines: TranscriptLine[] = [];
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
    lines.push({ start, end, text: said });
    if (lines.length >= MAX_LINES) break;
  }
  return lines.sort((a, b) => a.start - b.start);
}

const cache = new Map<string, TranscriptLine[]>();

/** Where the server reads a media file: the CMS's own address for its uploads, else the file's (a bucket, a CDN). */
function readableUrl(url: string): string | undefined {
  if (/^https?:\/\//i.test(url)) return url;
  if (url.startsWith('/') && !url.startsWith('//')) return `${getConfig().cmsUrl}${url}`;
  return undefined;
}

/** The transcript of a video's default caption track (or its first), or none when there is none or it cannot be read. */
export async function loadTranscript(video: Pick<Video, 'captions' | 'slug'>): Promise<TranscriptLine[]> {
  const tracks = (video.captions ?? []).filter((track) => track?.file?.url);
  const track = tracks.find((candidate) => candidate.isDefault) ?? tracks[0];
  const url = track?.file?.url ? readableUrl(track.file.url) : undefined;
  if (!url) return [];
  const cached = cache.get(url);
  if (cached) return cached;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const size = Number(response.headers.get('content-length'));
    if (size > MAX_BYTES) {
      await response.body?.cancel();
      return [];
    }
    const body = await response.text();
    if (body.length > MAX_BYTES) return [];
    const lines = parseWebVtt(body);
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(url, lines);
    return lines;
  } catch (error) {
    // the page still plays and shows captions: only the transcript is left out
    log.warn('transcript unavailable', {
      slug: video.slug,
      error: error instanceof Error ? error.message : String(error),
    });
    return [];
  }
}
