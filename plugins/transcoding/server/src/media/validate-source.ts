import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_PROBE_TIMEOUT_MS, ProbeError, probeMedia, type Demuxer, type MediaProbe } from './probe';
import {
  ACCEPTED,
  CONTAINER_SNIFF_BYTES,
  readHead,
  refuse,
  sniffVideoContainer,
  type Refusal,
  type SourceContainer,
} from './sniff';

export type { Refusal, RefusalCode, SourceContainer } from './sniff';

// Checks an uploaded file before any transcoding: magic bytes first (sniff.ts), then a hardened ffprobe, then the limits.

export type ValidationOptions = {
  minDurationS: number;
  maxDurationS: number;
  /** Smallest accepted "p": the shorter side, so a vertical 1080x1920 is 1080p. */
  minHeight: number;
  maxHeight: number;
  probeTimeoutMs: number;
};

export const DEFAULT_VALIDATION_OPTIONS: Readonly<ValidationOptions> = Object.freeze({
  minDurationS: 1,
  maxDurationS: 4 * 60 * 60,
  minHeight: 144,
  maxHeight: 2160,
  probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
});

export type SourceProbe = {
  container: SourceContainer;
  /** The demuxer the file was probed with: the encoder opens it with this one and no other. */
  demuxer: Demuxer;
  durationS: number;
  /** Display size: rotation metadata applied, so a portrait phone clip is narrower than tall. */
  width: number;
  height: number;
  /** The average frame rate (lower than the nominal one for a variable-rate source). */
  frameRate: number | null;
  nominalFrameRate: number | null;
  videoCodec: string;
  audioCodec: string | null;
  bitRate: number | null;
  sizeBytes: number;
};

export type ValidationResult = { ok: true; probe: SourceProbe } | Refusal;

/** ffprobe format_name entries that agree with each demuxer. */
const FORMAT_NAMES_BY_DEMUXER: Record<Demuxer, readonly string[]> = {
  mov: ['mov', 'mp4', 'm4a', '3gp', '3g2', 'mj2'],
  matroska: ['matroska', 'webm'],
  avi: ['avi'],
  mpegts: ['mpegts'],
};

function plural(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/** 0.4 → "0.4 seconds", 14400 → "4 hours", 18000.5 → "5 hours", 5430 → "1 hour 30 minutes 30 seconds". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return plural(Math.round(seconds * 10) / 10, 'second');
  const whole = Math.round(seconds);
  const parts: string[] = [];
  const [hours, minutes, rest] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  if (hours) parts.push(plural(hours, 'hour'));
  if (minutes) parts.push(plural(minutes, 'minute'));
  if (rest) parts.push(plural(rest, 'second'));
  return parts.join(' ');
}

function checkOptions(options: ValidationOptions): void {
  for (const [name, value] of Object.entries(options)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TypeError(`validation option ${name} must be a positive number, got ${String(value)}`);
    }
  }
  if (options.minDurationS > options.maxDurationS) throw new TypeError('minDurationS is above maxDurationS');
  if (options.minHeight > options.maxHeight) throw new TypeError('minHeight is above maxHeight');
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function judge(
  probe: MediaProbe,
  sniffed: { container: SourceContainer; demuxer: Demuxer },
  sizeBytes: number,
  options: ValidationOptions,
): ValidationResult {
  const formatNames = probe.formatName.split(',');
  if (!FORMAT_NAMES_BY_DEMUXER[sniffed.demuxer].some((name) => formatNames.includes(name))) {
    return refuse('unsupported-container', `This file's contents don't match a video format we take. ${ACCEPTED}`);
  }

  const video = probe.streams.find((stream) => stream.codecType === 'video' && !stream.attachedPic);
  const audio = probe.streams.find((stream) => stream.codecType === 'audio');
  if (!video) {
    return refuse(
      'no-video-stream',
      audio
        ? 'This file has sound but no picture. Upload a video file that contains video, not just audio.'
        : 'This file has no video picture in it. Upload a video file that contains video.',
    );
  }
  if (video.width === null || video.height === null || !video.codecName) {
    return refuse(
      'unreadable',
      "We couldn't read the picture in this video. It may be damaged; export it again and upload the new file.",
    );
  }

  const durationS = probe.durationS ?? video.durationS;
  if (durationS === null || durationS <= 0) {
    return refuse(
      'unreadable',
      "We couldn't tell how long this video is. It may be damaged or only partly uploaded; export it again and upload the new file.",
    );
  }
  if (durationS < options.minDurationS) {
    return refuse(
      'too-short',
      `This video is only ${formatDuration(durationS)} long. Videos must be at least ${formatDuration(options.minDurationS)} long.`,
    );
  }
  if (durationS > options.maxDurationS) {
    return refuse(
      'too-long',
      `This video is ${formatDuration(durationS)} long, and the limit is ${formatDuration(options.maxDurationS)}. Trim it or split it into parts, then upload again.`,
    );
  }

  const [width, height] = video.rotation % 180 === 0 ? [video.width, video.height] : [video.height, video.width];
  const lines = Math.min(width, height);
  if (lines < options.minHeight) {
    return refuse(
      'too-small',
      `This video is ${width}×${height} (${lines}p). The smallest size we take is ${options.minHeight}p; export it at a higher resolution and upload it again.`,
    );
  }
  if (lines > options.maxHeight) {
    const label = options.maxHeight === 2160 ? '2160p (4K)' : `${options.maxHeight}p`;
    return refuse(
      'too-large',
      `This video is ${width}×${height} (${lines}p). The largest size we take is ${label}; export it at ${options.maxHeight}p or lower and upload it again.`,
    );
  }

  return {
    ok: true,
    probe: {
      container: sniffed.container,
      demuxer: sniffed.demuxer,
      durationS: round(durationS, 3),
      width,
      height,
      frameRate: video.frameRate === null ? null : round(video.frameRate, 3),
      nominalFrameRate: video.nominalFrameRate === null ? null : round(video.nominalFrameRate, 3),
      videoCodec: video.codecName,
      audioCodec: audio?.codecName ?? null,
      bitRate: probe.bitRate,
      sizeBytes,
    },
  };
}

/**
 * Decides whether an uploaded file may be transcoded. Refusals carry a code and a sentence for the creator.
 * Rejects only when the server cannot do the check (file missing, ffprobe not installed): not the creator's doing.
 */
export async function validateSource(
  filePath: string,
  options: Partial<ValidationOptions> = {},
): Promise<ValidationResult> {
  const limits: ValidationOptions = { ...DEFAULT_VALIDATION_OPTIONS, ...options };
  checkOptions(limits);
  const absolutePath = path.resolve(filePath);

  const stats = await stat(absolutePath);
  if (!stats.isFile()) return refuse('unreadable', "We couldn't read this upload as a file. Please upload it again.");
  if (stats.size === 0)
    return refuse('empty', 'This file is empty (0 bytes). Upload it again, or export it again from your editor first.');

  const sniffed = await sniffVideoContainer(await readHead(absolutePath, CONTAINER_SNIFF_BYTES));
  if ('ok' in sniffed) return sniffed;

  let probe: MediaProbe;
  try {
    probe = await probeMedia(absolutePath, { timeoutMs: limits.probeTimeoutMs, demuxer: sniffed.demuxer });
  } catch (error) {
    if (!(error instanceof ProbeError) || error.kind === 'unavailable') throw error;
    if (error.kind === 'timeout') {
      return refuse(
        'timeout',
        'Checking this video took too long, which usually means the file is damaged. Export it again and upload the new file.',
      );
    }
    return refuse(
      'unreadable',
      "We couldn't read this video. It may be damaged or only partly uploaded; export it again and upload the new file.",
    );
  }
  return judge(probe, sniffed, stats.size, limits);
}
