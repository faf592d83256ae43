// The interactive transcript: a video's default caption track (WebVTT) read into lines with their times. The watch
// page renders them (components/watch/Transcript.astro); its script follows playback, seeks and searches.

import { parseWebVtt as parseCaptions } from '@framecast/contracts';
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

/** The cues of a WebVTT file as transcript lines (the parser every part shares: @framecast/contracts). */
export function parseWebVtt(source: string): TranscriptLine[] {
  return parseCaptions(source, MAX_LINES);
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
