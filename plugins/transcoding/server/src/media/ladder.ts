/**
 * Ladder planning: which HLS renditions, storyboard thumbnails and sprite sheets a source gets. Pure functions
 * over the probed source and contracts/src/media-ladder.ts; no ffmpeg here (hls-encode.ts builds the commands).
 */
import { mediaLadder, type H264Profile, type LadderRung } from '@framecast/contracts';
import type { Demuxer } from './probe';
import type { SourceProbe } from './validate-source';

/** What the ladder needs to know about the source (from probe + validation). Display dimensions. */
export interface LadderSource {
  width: number;
  height: number;
  durationS: number;
  /** The average frame rate. */
  frameRate: number;
  /** The nominal frame rate (ffprobe's r_frame_rate), above the average when the source's rate varies. */
  nominalFrameRate?: number | null;
  hasAudio: boolean;
  /** The demuxer validation probed the file with; omitted: ffmpeg picks among the allowed ones. */
  demuxer?: Demuxer;
}

export interface Rendition {
  label: string;
  width: number;
  height: number;
  /** Peak segment bitrate, bit/s, as declared in the master playlist. */
  bandwidth: number;
  /** Mean bitrate, bit/s, as declared in the master playlist. */
  averageBandwidth: number;
  codecs: string;
  /** Media playlist, relative to the output directory. */
  playlist: string;
}

export interface PosterImage {
  width: number;
  height: number;
  webp: string;
  jpeg: string;
}

export interface Poster {
  /** Source time of the poster frame. */
  atS: number;
  /** Largest first. */
  images: PosterImage[];
}

export interface Storyboard {
  /** WebVTT thumbnails track: one cue per thumbnail, `sprite#xywh=x,y,w,h`. */
  vtt: string;
  sprites: string[];
  intervalS: number;
  count: number;
  tileWidth: number;
  tileHeight: number;
  columns: number;
  rows: number;
}

export interface TranscodeLadderResult {
  renditions: Rendition[];
  master: 'master.m3u8';
  poster: Poster;
  storyboard: Storyboard;
}

export interface PlannedRendition {
  label: string;
  width: number;
  height: number;
  videoBitrateKbps: number;
  maxrateKbps: number;
  bufsizeKbps: number;
  audioBitrateKbps: number;
  profile: H264Profile;
  level: string;
}

export interface StoryboardLayout {
  intervalS: number;
  tileWidth: number;
  tileHeight: number;
}

export interface SpriteGrid {
  columns: number;
  rows: number;
}

/** The other side of a picture scaled so that one side is `side`, rounded to even as ffmpeg's `-2` does. */
export function evenScaled(side: number, numerator: number, denominator: number): number {
  return Math.max(2, Math.round((side * numerator) / (denominator * 2)) * 2);
}

export function isPortrait(probe: Pick<LadderSource, 'width' | 'height'>): boolean {
  return probe.height > probe.width;
}

/** What validation measured, as the ladder reads it. */
export function ladderSourceOf(probe: SourceProbe): LadderSource {
  return {
    width: probe.width,
    height: probe.height,
    durationS: probe.durationS,
    frameRate: probe.frameRate ?? 30,
    nominalFrameRate: probe.nominalFrameRate,
    hasAudio: probe.audioCodec !== null,
    demuxer: probe.demuxer,
  };
}

/** A nominal rate above this is a time base, not a camera's (some variable-rate files say 90000/1). */
const MAX_NOMINAL_FRAME_RATE = 240;

/**
 * The one constant frame rate every rendition is written at: the nominal rate when it is sane (a variable-rate
 * phone clip's capture rate; its average is lower and fits no frame grid), else the average; halved until within
 * the ladder's maximum (120 -> 60).
 */
export function outputFrameRate(source: Pick<LadderSource, 'frameRate' | 'nominalFrameRate'>): number {
  const nominal = source.nominalFrameRate;
  const sane =
    typeof nominal === 'number' &&
    nominal >= 1 &&
    nominal <= MAX_NOMINAL_FRAME_RATE &&
    nominal >= source.frameRate - 0.01;
  let fps = sane ? nominal : source.frameRate;
  while (fps > mediaLadder.maxFrameRate + 0.01) fps /= 2;
  return fps;
}

/** The renditions a source gets; see contracts/src/media-ladder.ts for the rules. */
export function planLadder(
  probe: Pick<LadderSource, 'width' | 'height' | 'frameRate' | 'nominalFrameRate'>,
  frameRate = outputFrameRate(probe),
): PlannedRendition[] {
  const shortSide = Math.min(probe.width, probe.height);
  const highFrameRate = frameRate > 30.5;
  const rungs: readonly LadderRung[] = mediaLadder.rungs;
  const toRendition = (rung: LadderRung, height: number, rateScale: number, label: string): PlannedRendition => {
    const long = evenScaled(height, Math.max(probe.width, probe.height), shortSide);
    return {
      label,
      width: isPortrait(probe) ? height : long,
      height: isPortrait(probe) ? long : height,
      videoBitrateKbps: Math.round(rung.videoBitrateKbps * rateScale),
      maxrateKbps: Math.round(rung.maxrateKbps * rateScale),
      bufsizeKbps: Math.round(rung.bufsizeKbps * rateScale),
      audioBitrateKbps: rung.audioBitrateKbps,
      profile: rung.profile,
      level: highFrameRate ? rung.levelHighFrameRate : rung.level,
    };
  };

  const planned = rungs
    .filter((rung) => rung.height <= shortSide)
    .map((rung) => toRendition(rung, rung.height, 1, rung.label));
  const above = rungs.find((rung) => rung.height > shortSide);
  const sourceHeight = shortSide - (shortSide % 2);
  const top = planned.at(-1);
  // a rung at the source's own size, unless the source is above the ladder or close to a rung it already has
  if (above && sourceHeight >= 2 && (!top || sourceHeight > top.height * (1 + mediaLadder.sourceRungMinGain))) {
    const pixelRatio = (sourceHeight / above.height) ** 2;
    planned.push(toRendition(above, sourceHeight, pixelRatio, `${sourceHeight}p`));
  }
  return planned;
}

/** Thumbnail interval and size for a source. */
export function storyboardLayout(probe: Pick<LadderSource, 'width' | 'height' | 'durationS'>): StoryboardLayout {
  const config = mediaLadder.storyboard;
  return {
    intervalS: Math.min(
      config.maxIntervalS,
      Math.max(config.minIntervalS, Math.ceil(probe.durationS / config.targetThumbnails)),
    ),
    tileWidth: config.tileWidth,
    tileHeight: evenScaled(config.tileWidth, probe.height, probe.width),
  };
}

/** Sheets of up to columns x rows; a storyboard that fits one sheet gets a sheet just big enough. */
export function spriteGrid(count: number): SpriteGrid {
  const config = mediaLadder.storyboard;
  const columns = Math.max(1, Math.min(config.columns, count));
  return { columns, rows: Math.max(1, Math.min(config.rows, Math.ceil(count / columns))) };
}
