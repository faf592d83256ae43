/**
 * The one place that runs the ffmpeg, ffprobe and nice binaries (the probe, the HLS check and every encode go through
 * here), each spawned without a shell, at an absolute path, in the tools' bare environment.
 *
 * Binaries and their environment come from the plugin's settings (`mediaTools` in config/index.ts): resolved once at
 * boot by `mediaToolsFrom` and handed over with `useMediaTools` by the plugin's register and by the worker entry.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';

export interface MediaTools {
  /** Absolute path of ffmpeg (FFMPEG_PATH, else found on PATH); null: none found, every encode fails saying so. */
  ffmpegPath: string | null;
  /** Absolute path of ffprobe (FFPROBE_PATH, else beside FFMPEG_PATH, else found on PATH); null: none found. */
  ffprobePath: string | null;
  /** Absolute path of `nice` (found on PATH); null: encodes run at the normal priority. */
  nicePath: string | null;
  /** What the binaries run with: PATH and library paths only (no FFREPORT, no proxy settings). Null: inherited. */
  env: Readonly<Record<string, string>> | null;
}

export type MediaTool = 'ffmpeg' | 'ffprobe';

/** Variables a binary needs to be found and loaded; nothing else reaches ffmpeg and ffprobe. */
const TOOL_VARIABLES = ['PATH', 'LD_LIBRARY_PATH', 'DYLD_LIBRARY_PATH', 'SYSTEMROOT'] as const;

/** Searched when no PATH is given (a script or test calling in directly): the usual system folders. */
const SYSTEM_FOLDERS = ['/usr/local/bin', '/usr/bin', '/bin', '/opt/homebrew/bin'].join(path.delimiter);

const VARIABLE_OF: Record<MediaTool, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };

/** What to do when a tool is not found: what to install, or which variable to set. */
export function missingToolMessage(tool: MediaTool): string {
  return (
    `${tool} was not found on PATH (folders named node_modules/.bin are not searched): install ffmpeg ` +
    `(\`sudo apt-get install -y ffmpeg\` on Debian, \`brew install ffmpeg\` on macOS), or set ${VARIABLE_OF[tool]} ` +
    `to the absolute path of ${tool}`
  );
}

const executableName = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name);

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** npm and npx put every parent folder's node_modules/.bin first on PATH: a binary planted there must not run. */
const isPackageBinFolder = (dir: string) => /(^|[\\/])node_modules[\\/]\.bin[\\/]?$/.test(dir);

/**
 * The absolute path of the executable `name` in the first folder of `searchPath` that has one; relative folders
 * (`.`, an empty entry: the working directory) and node_modules/.bin folders are skipped. Null when none has it.
 */
export function findOnPath(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!path.isAbsolute(dir) || isPackageBinFolder(dir)) continue;
    const candidate = path.join(dir, executableName(name));
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

type ToolVariables = Readonly<Record<string, string | undefined>>;

/** A tool named by its variable (a path, used as given, made absolute; a bare name, looked up), else found on PATH. */
function resolveTool(name: string, configured: string | undefined, values: ToolVariables): string | null {
  const searchPath = values.PATH || SYSTEM_FOLDERS;
  if (!configured) return findOnPath(name, searchPath);
  return /[\\/]/.test(configured) ? path.resolve(configured) : findOnPath(configured, searchPath);
}

/** ffprobe from FFPROBE_PATH, else beside FFMPEG_PATH, else from PATH (outside node_modules/.bin). */
export function resolveFfprobePath(values: ToolVariables = {}): string | null {
  if (values.FFPROBE_PATH) return resolveTool('ffprobe', values.FFPROBE_PATH, values);
  const ffmpegPath = values.FFMPEG_PATH ? resolveTool('ffmpeg', values.FFMPEG_PATH, values) : null;
  if (ffmpegPath) {
    const beside = path.join(path.dirname(ffmpegPath), executableName('ffprobe'));
    if (existsSync(beside)) return beside;
  }
  return resolveTool('ffprobe', undefined, values);
}

/** The tools named by FFMPEG_PATH / FFPROBE_PATH, else found on PATH, as absolute paths, from environment values. */
export function mediaToolsFrom(values: ToolVariables): MediaTools {
  const env: Record<string, string> = {};
  for (const key of TOOL_VARIABLES) if (values[key] !== undefined) env[key] = values[key];
  return {
    ffmpegPath: resolveTool('ffmpeg', values.FFMPEG_PATH, values),
    ffprobePath: resolveFfprobePath(values),
    nicePath: process.platform === 'win32' ? null : resolveTool('nice', undefined, values),
    env,
  };
}

let tools: MediaTools | null = null;

/** Sets the binaries every later run uses (once at boot; tests aim them elsewhere). */
export function useMediaTools(next: MediaTools): void {
  tools = next;
}

/** The binaries in use; unconfigured (a script or test calling in directly), those in the usual system folders. */
export function mediaTools(): MediaTools {
  tools ??= { ...mediaToolsFrom({}), env: null };
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
  /** Aborting kills the process (SIGKILL); the run then fails with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Inputs this process writes as ffmpeg reads them: feed i is handed the pipe ffmpeg reads as `feedInput(i)`, and
   * ends it when done. A feed that fails kills ffmpeg, and the run fails with the feed's error.
   */
  feeds?: Array<(input: Writable) => Promise<void>>;
}

/** The first pipe ffmpeg reads a feed from (0-2 are its stdin, stdout and stderr). */
const FIRST_FEED_FD = 3;

/** The input path by which ffmpeg reads feed `index` of its run (`FfmpegRun.feeds`). */
export const feedInput = (index: number) => `pipe:${FIRST_FEED_FD + index}`;

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

/** ffmpeg's arguments: global options, each input after its options, the graph, each output after its options. */
function ffmpegArguments(run: FfmpegRun): string[] {
  const threads = run.threads && run.threads > 0 ? ['-threads', String(Math.floor(run.threads))] : [];
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-nostats',
    '-progress',
    'pipe:1',
    '-y',
    ...(threads.length > 0 ? ['-filter_complex_threads', threads[1]] : []),
    ...run.inputs.flatMap((input) => [...threads, ...(input.options ?? []), '-i', input.path]),
    ...(run.filterComplex ? ['-filter_complex', run.filterComplex] : []),
    ...run.outputs.flatMap((output) => [...threads, ...output.options, output.path]),
  ];
}

const MAX_STDERR_BYTES = 16 * 1024;

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : String(reason ?? 'aborted');
}

/** Runs one ffmpeg process to completion; rejects with an FfmpegError naming the cause. */
export function runFfmpeg(run: FfmpegRun): Promise<void> {
  const { ffmpegPath, nicePath, env } = mediaTools();
  if (!ffmpegPath) return Promise.reject(new FfmpegError(missingToolMessage('ffmpeg'), 'failed', ''));
  const niceness = run.niceness ?? 10;
  // nice execs ffmpeg in its place: the encoder and every thread it starts run at the lower priority, under one pid
  const [command, ...args] =
    nicePath && niceness !== 0
      ? [nicePath, '-n', String(niceness), ffmpegPath, ...ffmpegArguments(run)]
      : [ffmpegPath, ...ffmpegArguments(run)];
  if (run.signal?.aborted)
    return Promise.reject(new FfmpegError(`ffmpeg was not started: ${abortReason(run.signal)}`, 'failed', ''));
  return new Promise<void>((resolve, reject) => {
    const feeds = run.feeds ?? [];
    const child = spawn(command, args, {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe', ...feeds.map(() => 'pipe' as const)],
      env: env ?? undefined,
      windowsHide: true,
    });
    let stderr = '';
    let settled = false;
    let timedOut = false;
    let feedError: Error | undefined;
    feeds.forEach((feed, i) => {
      const input = child.stdio[FIRST_FEED_FD + i] as Writable;
      // ffmpeg gone (done early, failed, killed): the write fails, and the run says why
      input.on('error', () => undefined);
      feed(input).catch((error: unknown) => {
        feedError ??= error instanceof Error ? error : new Error(String(error));
        input.destroy();
        child.kill('SIGKILL');
      });
    });
    const timer =
      run.timeoutMs && run.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, run.timeoutMs)
        : undefined;
    const onAbort = () => child.kill('SIGKILL');
    run.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (error?: FfmpegError) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };

    let lastFraction = 0;
    const report = (fraction: number) => {
      if (!run.onProgress || fraction < lastFraction) return;
      lastFraction = fraction;
      run.onProgress(fraction);
    };

    child.stdout!.on('data', progressParser(run.durationS, report));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_STDERR_BYTES);
    });
    child.on('error', (error) => {
      finish(new FfmpegError(`could not start ffmpeg (${command}): ${error.message}`, 'failed', ''));
    });
    child.on('close', (code, signal) => {
      const detail = lastStderrLines(stderr);
      if (timedOut) {
        finish(new FfmpegError(`ffmpeg timed out after ${run.timeoutMs} ms and was killed`, 'timeout', detail));
        return;
      }
      if (run.signal?.aborted) {
        finish(new FfmpegError(`ffmpeg was stopped: ${abortReason(run.signal)}`, 'failed', detail));
        return;
      }
      if (feedError) {
        finish(new FfmpegError(`ffmpeg's input could not be written: ${feedError.message}`, 'failed', detail));
        return;
      }
      if (code !== 0) {
        const summary = code === null ? `ffmpeg was killed with signal ${signal}` : `ffmpeg exited with code ${code}`;
        finish(new FfmpegError(detail ? `${summary}: ${detail}` : summary, 'failed', detail));
        return;
      }
      report(1);
      finish();
    });
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

/** Runs ffprobe without a shell, in the tools' bare environment; resolves with what it printed. */
export function runFfprobe(args: string[], run: FfprobeRun): Promise<{ stdout: Buffer; stderr: string }> {
  const { ffprobePath: binary, env } = mediaTools();
  if (!binary) return Promise.reject(new FfprobeRunError('unavailable', missingToolMessage('ffprobe')));
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env ?? undefined,
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
