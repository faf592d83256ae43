/**
 * What ffmpeg has finished while it still runs: the HLS muxer writes each segment under a temporary name and renames
 * it when it is complete, then rewrites the rendition's playlist (also through a temporary file). A segment listed in
 * a playlist is therefore whole. ffmpeg's own playlists keep a short window (hls-encode.ts: the first segments are
 * short only while that window fills), so this record keeps every segment seen, and the playlists a player gets are
 * written from it (`mediaPlaylist`): growing (`EVENT`) while the encode runs, closed with `ENDLIST` once it is done.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { mediaLadder } from '@framecast/contracts';
import { runFfprobeJson } from './ffmpeg';
import { parseMediaPlaylist } from './hls-check';
import { PLAYLIST } from './hls-encode';

export interface SegmentEntry {
  /** ffmpeg's sequence number, from the file name (`seg_0007.ts` is 7). */
  index: number;
  uri: string;
  durationS: number;
}

const SEGMENT_NAME = /^seg_(\d{4,})\.ts$/;

export function segmentIndex(uri: string): number | null {
  const match = SEGMENT_NAME.exec(uri);
  return match ? Number(match[1]) : null;
}

/**
 * A media playlist listing `entries` (from the first segment on). `ended`: the encode is done, nothing will be
 * added (`#EXT-X-ENDLIST`). The type stays `EVENT` either way: a playlist's type may not change while players hold it
 * (RFC 8216 6.2.1), and an `EVENT` playlist with `ENDLIST` is a finished one.
 */
export function mediaPlaylist(entries: readonly SegmentEntry[], ended: boolean): string {
  const longest = entries.reduce((most, entry) => Math.max(most, entry.durationS), 0);
  // constant while the playlist grows: the segment target, unless a finished segment ran longer
  const target = Math.max(mediaLadder.segmentDurationS, Math.round(longest));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:EVENT',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    // from the beginning: a player would start a playlist with no end near its newest segment, as if it were live
    '#EXT-X-START:TIME-OFFSET=0,PRECISE=YES',
  ];
  for (const entry of entries) lines.push(`#EXTINF:${entry.durationS.toFixed(6)},`, entry.uri);
  if (ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

export class SegmentRecord {
  private readonly byLabel = new Map<string, Map<number, SegmentEntry>>();

  constructor(
    private readonly dir: string,
    readonly labels: readonly string[],
  ) {
    for (const label of labels) this.byLabel.set(label, new Map());
  }

  /** Reads every rendition's playlist as ffmpeg last wrote it; a playlist not written yet is skipped. */
  async scan(): Promise<void> {
    for (const label of this.labels) {
      let text: string;
      try {
        text = await readFile(path.join(this.dir, label, PLAYLIST), 'utf8');
      } catch {
        continue;
      }
      const known = this.byLabel.get(label)!;
      for (const segment of parseMediaPlaylist(text).segments) {
        const index = segmentIndex(segment.uri);
        if (index === null || !Number.isFinite(segment.durationS) || segment.durationS <= 0) continue;
        known.set(index, { index, uri: segment.uri, durationS: segment.durationS });
      }
    }
  }

  /** How many segments, from the first, every rendition has whole: what a playlist may list. */
  completeCount(): number {
    let count = Number.POSITIVE_INFINITY;
    for (const known of this.byLabel.values()) {
      let run = 0;
      while (known.has(run)) run += 1;
      count = Math.min(count, run);
    }
    return Number.isFinite(count) ? count : 0;
  }

  /** The first `count` segments of a rendition (all of them when omitted), in order. */
  entries(label: string, count = this.byLabel.get(label)?.size ?? 0): SegmentEntry[] {
    const known = this.byLabel.get(label);
    const entries: SegmentEntry[] = [];
    for (let index = 0; index < count; index++) {
      const entry = known?.get(index);
      if (!entry) break;
      entries.push(entry);
    }
    return entries;
  }

  /**
   * Once ffmpeg has exited: a last scan, then any segment that left ffmpeg's window before a scan saw it (a slow
   * machine) is measured from its file. Returns the number of segments, the same in every rendition, or throws.
   */
  async complete(): Promise<number> {
    await this.scan();
    const counts: number[] = [];
    for (const label of this.labels) {
      const known = this.byLabel.get(label)!;
      const files = (await readdir(path.join(this.dir, label))).filter((name) => segmentIndex(name) !== null);
      for (const file of files) {
        const index = segmentIndex(file)!;
        if (known.has(index)) continue;
        known.set(index, { index, uri: file, durationS: await fileDurationS(path.join(this.dir, label, file)) });
      }
      const count = this.entries(label).length;
      if (count !== known.size || count === 0)
        throw new Error(`${label}: ${known.size} segment files but ${count} in sequence from the first`);
      counts.push(count);
    }
    if (new Set(counts).size !== 1)
      throw new Error(`the renditions have different numbers of segments (${counts.join(', ')})`);
    return counts[0];
  }
}

async function fileDurationS(file: string): Promise<number> {
  const probed = (await runFfprobeJson(['-show_entries', 'format=duration', file])) as {
    format?: { duration?: string };
  };
  const duration = Number(probed.format?.duration);
  if (!Number.isFinite(duration) || duration <= 0) throw new Error(`${path.basename(file)} has no duration`);
  return duration;
}
