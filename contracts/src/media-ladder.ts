/**
 * The HLS ladder and the still images every video gets. Data only: the transcoding plugin decides from it
 * which rungs a source gets (see `planLadder` in plugins/transcoding/server/src/services/ladder.ts).
 *
 * Rung selection, in short:
 * - A rung's `height` is the short side of the picture: landscape sources scale to that height, vertical
 *   sources to that width.
 * - Every rung whose height is at or below the source's short side is used; nothing is upscaled.
 * - A source between two rungs also gets a top rung at its own short side (rounded down to even), unless
 *   it is within `sourceRungMinGain` (10%) of the highest rung it already gets: a 700p source gets
 *   240/360/480/700, a 740p source gets 240/360/480/720. That rung takes the profile, level and audio of
 *   the next rung up and its video rates scaled by the pixel ratio.
 * - A source smaller than the lowest rung gets one rung at its own size.
 * - Sources above the top rung get the whole ladder, capped at 2160p.
 */

export type H264Profile = 'baseline' | 'main' | 'high';

export interface LadderRung {
  /** Shown to people and used as the rendition's folder name. */
  readonly label: string;
  /** Short side in pixels (the height of a landscape picture). Even. */
  readonly height: number;
  readonly videoBitrateKbps: number;
  /** VBV peak: libx264 -maxrate. */
  readonly maxrateKbps: number;
  /** VBV buffer: libx264 -bufsize. */
  readonly bufsizeKbps: number;
  /** Stereo AAC at 48 kHz. */
  readonly audioBitrateKbps: number;
  readonly profile: H264Profile;
  /** H.264 level for frame rates up to 30 fps. */
  readonly level: string;
  /** H.264 level for frame rates above 30 fps (up to `maxFrameRate`). */
  readonly levelHighFrameRate: string;
}

export const mediaLadder = {
  rungs: [
    {
      label: '240p',
      height: 240,
      videoBitrateKbps: 400,
      maxrateKbps: 600,
      bufsizeKbps: 800,
      audioBitrateKbps: 64,
      profile: 'main',
      level: '3.0',
      levelHighFrameRate: '3.0',
    },
    {
      label: '360p',
      height: 360,
      videoBitrateKbps: 800,
      maxrateKbps: 1200,
      bufsizeKbps: 1600,
      audioBitrateKbps: 96,
      profile: 'main',
      level: '3.0',
      levelHighFrameRate: '3.1',
    },
    {
      label: '480p',
      height: 480,
      videoBitrateKbps: 1400,
      maxrateKbps: 2100,
      bufsizeKbps: 2800,
      audioBitrateKbps: 128,
      profile: 'main',
      level: '3.1',
      levelHighFrameRate: '3.1',
    },
    {
      label: '720p',
      height: 720,
      videoBitrateKbps: 2800,
      maxrateKbps: 4200,
      bufsizeKbps: 5600,
      audioBitrateKbps: 128,
      profile: 'high',
      level: '3.1',
      levelHighFrameRate: '3.2',
    },
    {
      label: '1080p',
      height: 1080,
      // Apple's HLS authoring spec gives 1080p 6000-7800 kbit/s; 5000 left grainy camera footage at SSIM 0.9495
      videoBitrateKbps: 6000,
      maxrateKbps: 9000,
      bufsizeKbps: 12000,
      audioBitrateKbps: 192,
      profile: 'high',
      level: '4.0',
      levelHighFrameRate: '4.2',
    },
    {
      label: '1440p',
      height: 1440,
      videoBitrateKbps: 10000,
      maxrateKbps: 15000,
      bufsizeKbps: 20000,
      audioBitrateKbps: 192,
      profile: 'high',
      level: '5.0',
      levelHighFrameRate: '5.1',
    },
    {
      label: '2160p',
      height: 2160,
      videoBitrateKbps: 16000,
      maxrateKbps: 24000,
      bufsizeKbps: 32000,
      audioBitrateKbps: 192,
      profile: 'high',
      level: '5.1',
      levelHighFrameRate: '5.2',
    },
  ] as const satisfies readonly LadderRung[],
  /** A top rung at the source's own size is added only when it is more than this much above the next rung down. */
  sourceRungMinGain: 0.1,
  /** Faster sources are halved until they fit (120 -> 60); the levels above assume at most this. */
  maxFrameRate: 60,
  /** A keyframe every this many seconds, at the same instants in every rendition. */
  keyframeIntervalS: 2,
  /** HLS target segment duration; a multiple of the keyframe interval so every segment starts on one. */
  segmentDurationS: 6,
  audio: { sampleRate: 48_000, channels: 2 },
  video: {
    /** libx264 preset unless a caller asks for another. */
    defaultPreset: 'veryfast',
  },
  poster: {
    /** Widths of the poster images, never wider than the source. */
    widths: [1280, 640, 320],
    /** Where in the video the poster frame is taken, as a fraction of the duration. */
    atFraction: 0.1,
    jpegQuality: 3,
    webpQuality: 80,
  },
  storyboard: {
    tileWidth: 160,
    columns: 10,
    /** Rows of a full sprite sheet; a video needing fewer thumbnails gets a shorter single sheet. */
    rows: 10,
    /** Seconds between thumbnails: duration / targetThumbnails, clamped to [minIntervalS, maxIntervalS]. */
    targetThumbnails: 100,
    minIntervalS: 1,
    maxIntervalS: 10,
    jpegQuality: 5,
  },
} as const;

export type MediaLadder = typeof mediaLadder;
