/**
 * The one place that runs the ffmpeg and ffprobe binaries (the probe, the HLS check and every encode go through
 * here). fluent-ffmpeg is deprecated upstream, so every use of it stays in this module: replacing it means
 * rewriting `runFfmpeg` and nothing else.
 *
 * Binaries and their environment come from the plugin's settings (`mediaTools` in config/index.ts), handed over
 * once at boot with `useMediaTools` by the plugin's register and by the worker entry.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import ffmpeg from 'fluent-ffmpeg';

export interface MediaTools {
  ffmpegPath: string;
  ffprobePath: string;
  /** What the binaries run with: PATH and library paths only (no FFREPORT, no proxy settings). Null: inherited. */
  env: Readonly<Record<string, string>> | null;
}

/** Variables a binary needs to be found and loaded; nothing else reaches ffprobe. */
const TOOL_VARIABLES = ['PATH', 'LD_LIBRARY_PATH', 'DYLD_LIBRARY_PATH', 'SYSTEMROOT'] as const;

/** ffprobe from FFPROBE_PATH, else beside FFMPEG_PATH, else from PATH. */
export function resolveFfprobePath(values: Readonly<Record<string, string | undefined>> = {}): string {
  if (values.FFPROBE_PATH) return values.FFPROBE_PATH;
  const ffmpegPath = values.FFMPEG_PATH;
  if (ffmpegPath && path.isAbsolute(ffmpegPath)) {
    const beside = path.join(path.dirname(ffmpegPath), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
    if (existsSync(beside)) return beside;
  }
  return 'ffprobe';
}

/** The tools named by FFMPEG_PATH / FFPROBE_PATH (else found on PATH), from environment-shaped values. */
export function mediaToolsFrom(values: Readonly<Record<string, string | undefined>>): MediaTools {
  const env: Record<string, string> = {};
  for (const key of TOOL_VARIABLES) if (values[key] !== undefined) env[key] = values[key];
  return { ffmpegPath: values.FFMPEG_PATH || 'ffmpeg', ffprobePath: resolveFfprobePath(values), env };
}

let tools: MediaTools = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', env: null };

/** Sets the binaries every later run uses (once at boot; tests aim them elsewhere). */
export function useMediaTools(next: MediaTools): void {
  tools = next;
  niceAvailable = undefined;
}

export function mediaTools(): MediaTools {
  return tools;
}

export interface FfmpegInput {
  path: string;
  /** Options placed before this input's `-i` (e.g. `-ss`). */
  options?: string[];
}

export interface FfmpegOutput {
  path: string;
  /** Options for this output (maps, codecs, muxer). */
  options: string[];
}

export interface FfmpegRun {
  inputs: FfmpegInput[];
  filterComplex?: string;
  outputs: FfmpegOutput[];
  /** Thread cap for the decoder, the filter graph and each encoder; omitted = ffmpeg's own choice. */
  threads?: number;
  /** Process niceness (via `nice`, when the system has it). Default 10. */
  niceness?: number;
  /** The process is killed (SIGKILL) after this long. */
  timeoutMs?: number;
  /** Media duration, so progress can be a fraction. */
  durationS?: number;
  /** Called with 0..1 as ffmpeg reports progress (`-progress pipe:1`), and 1 on success. */
  onProgress?: (fraction: number) => void;
}

export type FfmpegFailure = 'failed' | 'timeout';

export class FfmpegError extends Error {
  readonly failure: FfmpegFailure;
  /** The last lines ffmpeg wrote to stderr. */
  readonly stderr: string;

  constructor(message: string, failure: FfmpegFailure, stderr: string) {
    super(message);
    this.name = 'FfmpegError';
    this.failure = failure;
    this.stderr = stderr;
  }
}

let niceAvailable: boolean | undefined;

/** Whether a `nice` executable is on PATH (fluent-ffmpeg spawns through it when a niceness is set). */
function hasNice(): boolean {
  if (niceAvailable !== undefined) return niceAvailable;
  // unconfigured (a script or test calling in directly): the usual system folders
  const searchPath = tools.env ? (tools.env.PATH ?? '') : '/usr/local/bin:/usr/bin:/bin';
  niceAvailable =
    process.platform !== 'win32' &&
    searchPath.split(path.delimiter).some((dir) => {
      if (!dir) return false;
      try {
        accessSync(path.join(dir, 'nice'), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  return niceAvailable;
}

/** The stderr lines worth showing: ffmpeg's own error lines, without the banner and the command echo. */
function lastStderrLines(stderr: string, count = 6): string {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(-count)
    .join(' | ');
}

/** Parses ffmpeg's `-progress` key=value blocks into fractions of `durationS`. */
function progressParser(durationS: number | undefined, onProgress: (fraction: number) => void) {
  let pending = '';
  let outTimeUs = 0;
  return (chunk: Buffer | string) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const separator = line.indexOf('=');
      if (separator < 0) continue;
      const key = line.slice(0, separator).trim();
      const value = line.slice(separator + 1).trim();
      if (key === 'out_time_us') {
        const parsed = Number(value);
        if (Number.isFinite(parsed) && parsed >= 0) outTimeUs = parsed;
      } else if (key === 'progress' && durationS && durationS > 0) {
        onProgress(Math.min(1, Math.max(0, outTimeUs / (durationS * 1e6))));
      }
    }
  };
}

/** Runs one ffmpeg process to completion; rejects with an FfmpegError naming the cause. */
export function runFfmpeg(run: FfmpegRun): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // stdoutLines bounds both captured streams (progress lines and stderr) to the last 60 lines
    const command = ffmpeg({ niceness: hasNice() ? (run.niceness ?? 10) : 0, stdoutLines: 60 });
    command.setFfmpegPath(tools.ffmpegPath);
    const threads = run.threads && run.threads > 0 ? String(Math.floor(run.threads)) : undefined;
    run.inputs.forEach((input, index) => {
      command.input(input.path);
      // global options ride on the first input: fluent-ffmpeg has no public setter for them
      const global =
        index === 0
          ? [
              '-hide_banner',
              '-nostdin',
              '-loglevel',
              'error',
              '-nostats',
              '-progress',
              'pipe:1',
              ...(threads ? ['-filter_complex_threads', threads] : []),
            ]
          : [];
      const options = [...global, ...(threads ? ['-threads', threads] : []), ...(input.options ?? [])];
      // spread as separate arguments: fluent-ffmpeg then takes each as-is instead of splitting at spaces
      if (options.length > 0) command.inputOptions(...options);
    });
    if (run.filterComplex) command.complexFilter(run.filterComplex);
    for (const output of run.outputs) {
      command.output(output.path);
      const options = [...(threads ? ['-threads', threads] : []), ...output.options];
      if (options.length > 0) command.outputOptions(...options);
    }

    let settled = false;
    let timedOut = false;
    let proc: ChildProcess | undefined;
    const timer =
      run.timeoutMs && run.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            proc?.kill('SIGKILL');
          }, run.timeoutMs)
        : undefined;
    const finish = (error?: FfmpegError) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };

    let lastFraction = 0;
    const report = (fraction: number) => {
      if (!run.onProgress || fraction < lastFraction) return;
      lastFraction = fraction;
      run.onProgress(fraction);
    };

    command.on('start', () => {
      proc = (command as unknown as { ffmpegProc?: ChildProcess }).ffmpegProc;
      if (timedOut) proc?.kill('SIGKILL');
      proc?.stdout?.on('data', progressParser(run.durationS, report));
    });
    command.on('error', (error: Error, _stdout: string | null, stderr: string | null) => {
      const detail = lastStderrLines(stderr ?? '');
      if (timedOut) {
        finish(new FfmpegError(`ffmpeg timed out after ${run.timeoutMs} ms and was killed`, 'timeout', detail));
        return;
      }
      // fluent-ffmpeg appends its own stderr extract to "exited with code N"; keep only the code
      const summary = error.message.split(':')[0];
      finish(new FfmpegError(detail ? `${summary}: ${detail}` : error.message, 'failed', detail));
    });
    command.on('end', () => {
      report(1);
      finish();
    });
    command.run();
  });
}

export type FfprobeFailure = 'timeout' | 'too-large' | 'failed' | 'unavailable';

/** ffprobe did not answer with a report: killed after the timeout, too much output, a non-zero exit, or no binary. */
export class FfprobeRunError extends Error {
  constructor(
    readonly kind: FfprobeFailure,
    message: string,
    /** ffprobe's stderr tail, for logs only: it names paths. */
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'FfprobeRunError';
  }
}

export interface FfprobeRun {
  /** Killed (SIGKILL) after this long. */
  timeoutMs: number;
  /** Killed once stdout grows past this. */
  maxStdoutBytes: number;
}

const MAX_STDERR_BYTES = 16 * 1024;

/** Runs ffprobe without a shell, in the tools' bare environment; resolves with what it printed. */
export function runFfprobe(args: string[], run: FfprobeRun): Promise<{ stdout: Buffer; stderr: string }> {
  const binary = tools.ffprobePath;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: tools.env ?? undefined,
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: FfprobeRunError | undefined;
    const stop = (error: FfprobeRunError) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => stop(new FfprobeRunError('timeout', `no answer within ${run.timeoutMs} ms`)),
      run.timeoutMs,
    );

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > run.maxStdoutBytes) stop(new FfprobeRunError('too-large', 'probe output too large'));
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_STDERR_BYTES);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      failure ??= new FfprobeRunError('unavailable', `could not start ffprobe (${binary}): ${error.message}`);
      reject(failure);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (code !== 0) return reject(new FfprobeRunError('failed', `ffprobe exited with code ${code}`, stderr.trim()));
      resolve({ stdout: Buffer.concat(stdout), stderr });
    });
  });
}

export interface FfprobeOptions {
  timeoutMs?: number;
}

/** Runs ffprobe with `-of json` and returns the parsed document. */
export async function runFfprobeJson(args: string[], options: FfprobeOptions = {}): Promise<unknown> {
  let printed: { stdout: Buffer; stderr: string };
  try {
    printed = await runFfprobe(['-v', 'error', '-of', 'json', ...args], {
      timeoutMs: options.timeoutMs ?? 60_000,
      maxStdoutBytes: 256 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = error instanceof FfprobeRunError ? error.stderr : '';
    throw new FfmpegError(`ffprobe failed: ${lastStderrLines(stderr) || (error as Error).message}`, 'failed', stderr);
  }
  try {
    return JSON.parse(printed.stdout.toString('utf8'));
  } catch {
    throw new FfmpegError('ffprobe printed output that is not JSON', 'failed', printed.stderr);
  }
}
