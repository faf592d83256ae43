/**
 * HLS conformance check for a finished ladder, and the playlist parsing it (and the ladder's master
 * rewrite) rely on. `checkHls` returns a list of problems; an empty list means the output conforms.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { runFfprobeJson } from './ffmpeg';

export interface MasterVariant {
  uri: string;
  /** The EXT-X-STREAM-INF attributes as written, quotes removed. */
  attributes: Record<string, string>;
}

export interface MediaSegment {
  uri: string;
  /** From EXTINF. */
  durationS: number;
}

export interface MediaPlaylist {
  targetDurationS?: number;
  playlistType?: string;
  endList: boolean;
  segments: MediaSegment[];
}

/** Splits an attribute list (`A=1,B="x,y"`) into a record, honouring quoted commas. */
export function parseAttributes(list: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const pattern = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;
  for (const match of list.matchAll(pattern)) {
    const value = match[2];
    attributes[match[1]] = value.startsWith('"') ? value.slice(1, -1) : value;
  }
  return attributes;
}

export function parseMasterPlaylist(text: string): MasterVariant[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const variants: MasterVariant[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('#EXT-X-STREAM-INF:')) continue;
    const attributes = parseAttributes(lines[i].slice('#EXT-X-STREAM-INF:'.length));
    let j = i + 1;
    while (j < lines.length && (lines[j] === '' || lines[j].startsWith('#'))) j++;
    if (j < lines.length) variants.push({ uri: lines[j], attributes });
    i = j;
  }
  return variants;
}

export function parseMediaPlaylist(text: string): MediaPlaylist {
  const playlist: MediaPlaylist = { endList: false, segments: [] };
  let pendingDuration: number | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#EXTINF:')) {
      pendingDuration = Number.parseFloat(line.slice('#EXTINF:'.length));
    } else if (line.startsWith('#EXT-X-TARGETDURATION:')) {
      playlist.targetDurationS = Number(line.slice('#EXT-X-TARGETDURATION:'.length));
    } else if (line.startsWith('#EXT-X-PLAYLIST-TYPE:')) {
      playlist.playlistType = line.slice('#EXT-X-PLAYLIST-TYPE:'.length);
    } else if (line === '#EXT-X-ENDLIST') {
      playlist.endList = true;
    } else if (!line.startsWith('#')) {
      playlist.segments.push({ uri: line, durationS: pendingDuration ?? Number.NaN });
      pendingDuration = undefined;
    }
  }
  return playlist;
}

export interface MeasuredBitrates {
  /** Highest segment bitrate (bits per second): what BANDWIDTH must declare. */
  peak: number;
  /** Total bits over total duration: what AVERAGE-BANDWIDTH must declare. */
  average: number;
}

/** Bitrates of a media playlist from its segment file sizes and EXTINF durations. */
export async function measureBitrates(playlistPath: string, playlist?: MediaPlaylist): Promise<MeasuredBitrates> {
  const parsed = playlist ?? parseMediaPlaylist(await readFile(playlistPath, 'utf8'));
  const dir = path.dirname(playlistPath);
  let peak = 0;
  let totalBits = 0;
  let totalS = 0;
  for (const segment of parsed.segments) {
    const bits = (await stat(path.resolve(dir, segment.uri))).size * 8;
    totalBits += bits;
    totalS += segment.durationS;
    if (segment.durationS > 0) peak = Math.max(peak, bits / segment.durationS);
  }
  return { peak: Math.round(peak), average: totalS > 0 ? Math.round(totalBits / totalS) : 0 };
}

interface ProbedPacket {
  pts_time?: string;
  dts_time?: string;
  duration_time?: string;
  flags?: string;
}

interface SegmentTiming {
  /** Presentation time of the segment's first video frame. */
  startS: number;
  /** From the first frame to the end of the last. */
  durationS: number;
  startsOnKeyframe: boolean;
}

async function probeSegment(file: string): Promise<SegmentTiming | undefined> {
  const probed = (await runFfprobeJson([
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time,dts_time,duration_time,flags',
    file,
  ])) as { packets?: ProbedPacket[] };
  const packets = probed.packets ?? [];
  if (packets.length === 0) return undefined;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const packet of packets) {
    const pts = Number(packet.pts_time ?? packet.dts_time);
    if (!Number.isFinite(pts)) continue;
    start = Math.min(start, pts);
    end = Math.max(end, pts + (Number(packet.duration_time) || 0));
  }
  // packets come in decode order, so the first one is where a player joining this segment starts decoding
  const first = packets[0];
  return { startS: start, durationS: end - start, startsOnKeyframe: (first.flags ?? '').includes('K') };
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the order of results. */
async function mapLimited<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface HlsCheckOptions {
  master?: string;
  /** The longest a segment may last. */
  segmentDurationS?: number;
  /**
   * Every segment but the last lasts a whole number of these (the first ones are one interval long, so a video plays
   * from its first seconds while it is encoded; the rest `segmentDurationS`).
   */
  keyframeIntervalS?: number;
  /** Allowed deviation of every segment but the last from a whole number of `keyframeIntervalS`. */
  durationToleranceS?: number;
  /** Allowed difference between the start times of the same segment in two renditions. */
  alignToleranceS?: number;
  /** Allowed relative error of a declared bandwidth against the measured one. */
  bandwidthTolerance?: number;
}

const fmt = (value: number, digits = 3) => value.toFixed(digits);

/**
 * Checks a ladder under `outputDir`: segment durations, keyframes at segment starts, segment boundaries
 * aligned across renditions, and declared bandwidths against the measured ones.
 */
export async function checkHls(outputDir: string, options: HlsCheckOptions = {}): Promise<string[]> {
  const {
    master = 'master.m3u8',
    segmentDurationS = 6,
    keyframeIntervalS = 2,
    durationToleranceS = 0.5,
    alignToleranceS = 0.05,
    bandwidthTolerance = 0.1,
  } = options;
  const problems: string[] = [];
  let masterText: string;
  try {
    masterText = await readFile(path.join(outputDir, master), 'utf8');
  } catch {
    return [`${master}: missing or unreadable`];
  }
  if (!masterText.startsWith('#EXTM3U')) problems.push(`${master}: does not start with #EXTM3U`);
  const variants = parseMasterPlaylist(masterText);
  if (variants.length === 0) return [...problems, `${master}: no EXT-X-STREAM-INF variants`];

  const timings: Array<{ uri: string; starts: number[] }> = [];
  for (const variant of variants) {
    const where = variant.uri;
    for (const required of ['BANDWIDTH', 'RESOLUTION', 'CODECS']) {
      if (!variant.attributes[required]) problems.push(`${where}: master playlist entry has no ${required}`);
    }
    const playlistPath = path.resolve(outputDir, variant.uri);
    let playlist: MediaPlaylist;
    try {
      playlist = parseMediaPlaylist(await readFile(playlistPath, 'utf8'));
    } catch {
      problems.push(`${where}: media playlist missing or unreadable`);
      continue;
    }
    if (playlist.segments.length === 0) {
      problems.push(`${where}: no segments`);
      continue;
    }
    if (!playlist.endList) problems.push(`${where}: no #EXT-X-ENDLIST (not a complete VOD playlist)`);

    let probed: Array<SegmentTiming | undefined>;
    try {
      probed = await mapLimited(playlist.segments, 4, (segment) =>
        probeSegment(path.resolve(path.dirname(playlistPath), segment.uri)),
      );
    } catch (error) {
      problems.push(`${where}: a segment could not be probed (${(error as Error).message})`);
      continue;
    }
    const starts: number[] = [];
    playlist.segments.forEach((segment, index) => {
      const timing = probed[index];
      const label = `${where} segment ${index} (${segment.uri})`;
      if (!timing) {
        problems.push(`${label}: no video packets`);
        return;
      }
      starts.push(timing.startS);
      if (!timing.startsOnKeyframe) problems.push(`${label}: does not start on a keyframe`);
      const isLast = index === playlist.segments.length - 1;
      const intervals = Math.round(timing.durationS / keyframeIntervalS);
      if (
        !isLast &&
        (intervals < 1 ||
          Math.abs(timing.durationS - intervals * keyframeIntervalS) > durationToleranceS ||
          timing.durationS > segmentDurationS + durationToleranceS)
      ) {
        problems.push(
          `${label}: lasts ${fmt(timing.durationS)} s, expected a multiple of ${keyframeIntervalS} s up to ${segmentDurationS} s (± ${durationToleranceS} s)`,
        );
      }
    });
    timings.push({ uri: where, starts });

    try {
      const measured = await measureBitrates(playlistPath, playlist);
      const declaredPeak = Number(variant.attributes.BANDWIDTH);
      const declaredAverage = Number(variant.attributes['AVERAGE-BANDWIDTH']);
      const near = (declared: number, actual: number) =>
        Number.isFinite(declared) && actual > 0 && Math.abs(declared - actual) <= bandwidthTolerance * actual;
      if (!near(declaredPeak, measured.peak) && !near(declaredAverage, measured.average)) {
        problems.push(
          `${where}: declared BANDWIDTH=${variant.attributes.BANDWIDTH ?? 'none'} / AVERAGE-BANDWIDTH=${variant.attributes['AVERAGE-BANDWIDTH'] ?? 'none'} ` +
            `but measured peak ${measured.peak} / average ${measured.average} bit/s (more than ${bandwidthTolerance * 100}% off)`,
        );
      }
    } catch (error) {
      problems.push(`${where}: segment sizes could not be read (${(error as Error).message})`);
    }
  }

  const [reference, ...others] = timings;
  for (const other of others) {
    if (other.starts.length !== reference.starts.length) {
      problems.push(
        `${other.uri}: ${other.starts.length} segments but ${reference.uri} has ${reference.starts.length}`,
      );
      continue;
    }
    other.starts.forEach((start, index) => {
      const expected = reference.starts[index];
      if (Math.abs(start - expected) > alignToleranceS) {
        problems.push(
          `${other.uri} segment ${index}: starts at ${fmt(start)} s but ${reference.uri} segment ${index} at ${fmt(expected)} s`,
        );
      }
    });
  }
  return problems;
}
