import path from 'node:path';
import { FfprobeRunError, runFfprobe } from './ffmpeg';

// The media probe: ffprobe (run by ffmpeg.ts, the one place binaries run) read into a typed result; validation
// and the encoder read that, never ffprobe's JSON.

/** ffmpeg demuxers an upload may be opened with (format names as ffmpeg spells them). */
export const ALLOWED_DEMUXERS = ['mov', 'matroska', 'avi', 'mpegts'] as const;
export type Demuxer = (typeof ALLOWED_DEMUXERS)[number];

export const DEFAULT_PROBE_TIMEOUT_MS = 15_000;
const MAX_STDOUT_BYTES = 8 * 1024 * 1024;

export type ProbeOptions = {
  /** Kill ffprobe after this many milliseconds. */
  timeoutMs?: number;
  /** Open the file with this demuxer only, instead of letting ffprobe guess from the content. */
  demuxer?: Demuxer;
};

export type ProbedStream = {
  index: number;
  codecType: string;
  codecName: string | null;
  width: number | null;
  height: number | null;
  /** Frames per second from avg_frame_rate, else r_frame_rate; null when ffprobe does not know. */
  frameRate: number | null;
  /** r_frame_rate: the rate every timestamp fits (a phone's capture rate, where the average is lower); null: unknown. */
  nominalFrameRate: number | null;
  /** Display rotation in degrees (0, 90, 180, 270) from the display matrix or the legacy rotate tag. */
  rotation: number;
  durationS: number | null;
  /** Cover art stored as a video stream. */
  attachedPic: boolean;
};

export type MediaProbe = {
  /** ffprobe's format_name, a comma-separated list such as "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  durationS: number | null;
  bitRate: number | null;
  streams: ProbedStream[];
};

export type ProbeFailure =
  | 'timeout' // killed after timeoutMs
  | 'rejected' // ffprobe ran and could not read the file
  | 'unavailable'; // ffprobe could not be started: a server problem, not the file's

export class ProbeError extends Error {
  constructor(
    readonly kind: ProbeFailure,
    message: string,
    /** ffprobe's own words (stderr tail), for logs only: it names paths. */
    readonly detail = '',
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

/** The argument list, exported so tests can read exactly what ffprobe is asked to do. */
export function ffprobeArguments(filePath: string, demuxer?: Demuxer): string[] {
  return [
    '-hide_banner',
    '-v',
    'error',
    // no network and no other protocol (no http, tcp, data, concat, subfile…), nested opens included
    '-protocol_whitelist',
    'file',
    // no playlist, concat or image demuxer, even if some container tried to open one
    '-format_whitelist',
    ALLOWED_DEMUXERS.join(','),
    ...(demuxer ? ['-f', demuxer] : []),
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    // `file:` + an absolute path: a name starting with "-" or containing ":" is never read as an option or protocol
    `file:${path.resolve(filePath)}`,
  ];
}

/**
 * Probes a local file with ffprobe, spawned without a shell and killed after `timeoutMs`.
 * Rejects with a ProbeError: 'timeout', 'rejected' (unreadable file) or 'unavailable' (no ffprobe).
 */
export async function probeMedia(filePath: string, options: ProbeOptions = {}): Promise<MediaProbe> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let printed: { stdout: Buffer; stderr: string };
  try {
    printed = await runFfprobe(ffprobeArguments(filePath, options.demuxer), {
      timeoutMs,
      maxStdoutBytes: MAX_STDOUT_BYTES,
    });
  } catch (error) {
    if (!(error instanceof FfprobeRunError)) throw error;
    const kind: ProbeFailure = error.kind === 'timeout' || error.kind === 'unavailable' ? error.kind : 'rejected';
    throw new ProbeError(kind, error.message, error.stderr);
  }
  try {
    return readProbeReport(JSON.parse(printed.stdout.toString('utf8')));
  } catch (error) {
    throw new ProbeError('rejected', `unexpected ffprobe output: ${(error as Error).message}`, printed.stderr.trim());
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** ffprobe writes most numbers as strings ("2.000000"); "N/A" and garbage become null. */
function readNumber(value: unknown): number | null {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : null;
}

function readString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** "30000/1001" → 29.97; "0/0" → null. */
function readRate(value: unknown): number | null {
  const match = typeof value === 'string' ? /^(\d+)\/(\d+)$/.exec(value) : null;
  if (!match) return null;
  const [numerator, denominator] = [Number(match[1]), Number(match[2])];
  return numerator > 0 && denominator > 0 ? numerator / denominator : null;
}

function readRotation(stream: Json): number {
  const sideData = Array.isArray(stream.side_data_list) ? stream.side_data_list : [];
  const fromMatrix = sideData
    .filter(isObject)
    .map((entry) => readNumber(entry.rotation))
    .find((n) => n !== null);
  const fromTag = isObject(stream.tags) ? readNumber(stream.tags.rotate) : null;
  const degrees = fromMatrix ?? fromTag ?? 0;
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

function readStream(stream: Json): ProbedStream {
  const width = readNumber(stream.width);
  const height = readNumber(stream.height);
  return {
    index: readNumber(stream.index) ?? -1,
    codecType: readString(stream.codec_type) ?? 'unknown',
    codecName: readString(stream.codec_name),
    width: width !== null && width > 0 ? width : null,
    height: height !== null && height > 0 ? height : null,
    frameRate: readRate(stream.avg_frame_rate) ?? readRate(stream.r_frame_rate),
    nominalFrameRate: readRate(stream.r_frame_rate),
    rotation: readRotation(stream),
    durationS: readNumber(stream.duration),
    attachedPic: isObject(stream.disposition) && stream.disposition.attached_pic === 1,
  };
}

function readProbeReport(report: unknown): MediaProbe {
  if (!isObject(report) || !isObject(report.format)) throw new Error('no format section');
  const formatName = readString(report.format.format_name);
  if (!formatName) throw new Error('no format name');
  const streams = Array.isArray(report.streams) ? report.streams.filter(isObject).map(readStream) : [];
  return {
    formatName,
    durationS: readNumber(report.format.duration),
    bitRate: readNumber(report.format.bit_rate),
    streams,
  };
}
