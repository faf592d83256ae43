import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// The one place that runs ffprobe; validation and the encoder read its typed result, never ffprobe's JSON.

/** ffmpeg demuxers an upload may be opened with (format names as ffmpeg spells them). */
export const ALLOWED_DEMUXERS = ['mov', 'matroska', 'avi', 'mpegts'] as const;
export type Demuxer = (typeof ALLOWED_DEMUXERS)[number];

export const DEFAULT_PROBE_TIMEOUT_MS = 15_000;
const MAX_STDOUT_BYTES = 8 * 1024 * 1024;
const MAX_STDERR_BYTES = 16 * 1024;

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

/** ffprobe from FFPROBE_PATH, else beside FFMPEG_PATH, else from PATH. */
export function resolveFfprobePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FFPROBE_PATH) return env.FFPROBE_PATH;
  const ffmpegPath = env.FFMPEG_PATH;
  if (ffmpegPath && path.isAbsolute(ffmpegPath)) {
    const beside = path.join(path.dirname(ffmpegPath), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
    if (existsSync(beside)) return beside;
  }
  return 'ffprobe';
}

/** The argument list, exported so tests can read exactly what ffprobe is asked to do. */
export function ffprobeArguments(filePath: string, demuxer?: Demuxer): string[] {
  return [
    '-hide_banner',
    '-v', 'error',
    // no network and no other protocol (no http, tcp, data, concat, subfile…), nested opens included
    '-protocol_whitelist', 'file',
    // no playlist, concat or image demuxer, even if some container tried to open one
    '-format_whitelist', ALLOWED_DEMUXERS.join(','),
    ...(demuxer ? ['-f', demuxer] : []),
    '-print_format', 'json',
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
export function probeMedia(filePath: string, options: ProbeOptions = {}): Promise<MediaProbe> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const ffprobe = resolveFfprobePath();

  return new Promise<MediaProbe>((resolve, reject) => {
    const child = spawn(ffprobe, ffprobeArguments(filePath, options.demuxer), {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: probeEnvironment(),
      windowsHide: true,
    });

    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: ProbeError | undefined;
    const stop = (error: ProbeError) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(new ProbeError('timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT_BYTES) stop(new ProbeError('rejected', 'probe output too large'));
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_STDERR_BYTES);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      failure ??= new ProbeError('unavailable', `could not start ffprobe (${ffprobe}): ${error.message}`);
      reject(failure);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (code !== 0) return reject(new ProbeError('rejected', `ffprobe exited with code ${code}`, stderr.trim()));
      try {
        resolve(readProbeReport(JSON.parse(Buffer.concat(stdout).toString('utf8'))));
      } catch (error) {
        reject(new ProbeError('rejected', `unexpected ffprobe output: ${(error as Error).message}`, stderr.trim()));
      }
    });
  });
}

/** A bare environment: no FFREPORT log files, no proxy settings, only what finds and loads the binary. */
function probeEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'LD_LIBRARY_PATH', 'DYLD_LIBRARY_PATH', 'SYSTEMROOT']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  return env;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** ffprobe writes most numbers as strings ("2.000000"); "N/A" and garbage become null. */
function readNumber(value: unknown): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
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
  const fromMatrix = sideData.filter(isObject).map((entry) => readNumber(entry.rotation)).find((n) => n !== null);
  const fromTag = isObject(stream.tags) ? readNumber(stream.tags.rotate) : null;
  const degrees = fromMatrix ?? fromTag ?? 0;
  return ((Math.round(degrees / 90) * 90) % 360 + 360) % 360;
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
