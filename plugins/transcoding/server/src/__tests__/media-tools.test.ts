/**
 * The media tools (media/ffmpeg.ts): ffmpeg, ffprobe and nice are resolved once, to absolute paths, never from a
 * node_modules/.bin folder (npm puts every parent's first on PATH), and every run uses those paths; a tool that is
 * not found fails with what to install or which variable to set.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { transcodingConfigFrom } from '../config';
import { FfmpegError, mediaTools, mediaToolsFrom, runFfmpeg, useMediaTools, type MediaTools } from '../media/ffmpeg';
import { ProbeError, probeMedia } from '../media/probe';

let dir: string;
let plantedBin: string;
let saved: MediaTools;
/** Written by any planted binary that runs. */
let planted: string;

/** A shell script at `file` that records its arguments in `record`, then runs `then` (if any). */
function script(file: string, record: string, then = 'exit 0'): void {
  writeFileSync(file, `#!/bin/sh\necho "$0 $*" >> '${record}'\n${then}\n`);
  chmodSync(file, 0o755);
}

const oneSecondClip = (target: string) =>
  runFfmpeg({
    inputs: [{ path: 'testsrc2=size=320x240:rate=10:duration=1', options: ['-f', 'lavfi'] }],
    outputs: [{ path: target, options: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'] }],
    threads: 1,
  });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'framecast-media-tools-'));
  plantedBin = path.join(dir, 'node_modules', '.bin');
  mkdirSync(plantedBin, { recursive: true });
  planted = path.join(dir, 'planted-ran.txt');
  for (const name of ['ffmpeg', 'ffprobe', 'nice']) script(path.join(plantedBin, name), planted);
  saved = mediaTools();
});
afterEach(() => useMediaTools(saved));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolving the media tools', () => {
  // a relative entry (the working directory) is skipped too: a file dropped there must not run either
  const searchPath = () => [plantedBin, '.', '/usr/bin', '/bin'].join(path.delimiter);

  it('skips a node_modules/.bin folder first on PATH and takes the real binaries, as absolute paths', () => {
    expect(mediaToolsFrom({ PATH: searchPath() })).toEqual({
      ffmpegPath: '/usr/bin/ffmpeg',
      ffprobePath: '/usr/bin/ffprobe',
      nicePath: '/usr/bin/nice',
      env: { PATH: searchPath() },
    });
    // what the CMS and the worker read at start-up
    expect(transcodingConfigFrom({ PATH: searchPath() }).mediaTools).toMatchObject({
      ffmpegPath: '/usr/bin/ffmpeg',
      ffprobePath: '/usr/bin/ffprobe',
      nicePath: '/usr/bin/nice',
    });
  });

  it('takes FFMPEG_PATH / FFPROBE_PATH as given, and looks a bare name up the same way', () => {
    const tools = mediaToolsFrom({ PATH: searchPath(), FFMPEG_PATH: '/opt/ff/ffmpeg', FFPROBE_PATH: 'ffprobe' });
    expect(tools).toMatchObject({ ffmpegPath: '/opt/ff/ffmpeg', ffprobePath: '/usr/bin/ffprobe' });
  });

  it('runs the resolved binaries, never the planted ones, even with the planted folder first on their PATH', async () => {
    useMediaTools(mediaToolsFrom({ PATH: searchPath() }));
    const clip = path.join(dir, 'clip.mp4');
    await oneSecondClip(clip);
    const probe = await probeMedia(clip);
    expect(probe.streams[0]).toMatchObject({ codecType: 'video', codecName: 'h264', width: 320 });
    expect(existsSync(planted)).toBe(false);
  });

  it('runs ffmpeg through the resolved nice, at the run’s niceness', async () => {
    const niceRecord = path.join(dir, 'nice-ran.txt');
    const nice = path.join(dir, 'recording-nice');
    script(nice, niceRecord, 'shift 2; exec "$@"');
    useMediaTools({ ...mediaToolsFrom({ PATH: searchPath() }), nicePath: nice });
    await oneSecondClip(path.join(dir, 'niced.mp4'));
    expect(readFileSync(niceRecord, 'utf8')).toMatch(new RegExp(`^${nice} -n 10 /usr/bin/ffmpeg -hide_banner `));
  });

  it('names what to install, or the variable to set, when a tool is not on PATH', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    const missing = mediaToolsFrom({ PATH: [plantedBin, empty].join(path.delimiter) });
    expect(missing).toMatchObject({ ffmpegPath: null, ffprobePath: null, nicePath: null });
    useMediaTools(missing);

    const encode = oneSecondClip(path.join(dir, 'never.mp4'));
    await expect(encode).rejects.toBeInstanceOf(FfmpegError);
    await expect(encode).rejects.toMatchObject({
      message: expect.stringMatching(/^ffmpeg was not found on PATH .*sudo apt-get install -y ffmpeg.*set FFMPEG_PATH/),
    });
    const probe = probeMedia(path.join(dir, 'clip.mp4'));
    await expect(probe).rejects.toBeInstanceOf(ProbeError);
    await expect(probe).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/^ffprobe was not found on PATH .*apt-get install -y ffmpeg.*set FFPROBE_PATH/),
    });
    expect(existsSync(planted)).toBe(false);
  });
});

describe('stopping a run', () => {
  it('kills ffmpeg when its signal aborts, and fails with the reason', async () => {
    const stop = new AbortController();
    let progressed!: () => void;
    const running = new Promise<void>((resolve) => (progressed = resolve));
    // an hour of pattern: it never ends by itself within the test
    const run = runFfmpeg({
      inputs: [{ path: 'testsrc2=size=320x240:rate=10:duration=3600', options: ['-f', 'lavfi', '-re'] }],
      outputs: [{ path: '-', options: ['-f', 'null'] }],
      threads: 1,
      durationS: 3600,
      onProgress: () => progressed(),
      signal: stop.signal,
    });
    await running; // ffmpeg is up and encoding
    stop.abort(new Error('the poster could not be made'));
    await expect(run).rejects.toBeInstanceOf(FfmpegError);
    await expect(run).rejects.toMatchObject({ message: 'ffmpeg was stopped: the poster could not be made' });
  });

  it('does not start ffmpeg for a signal already aborted', async () => {
    const target = path.join(dir, 'not-started.mp4');
    const encode = runFfmpeg({
      inputs: [{ path: 'testsrc2=size=320x240:rate=10:duration=1', options: ['-f', 'lavfi'] }],
      outputs: [{ path: target, options: ['-c:v', 'libx264', '-preset', 'ultrafast'] }],
      signal: AbortSignal.abort(new Error('cancelled')),
    });
    await expect(encode).rejects.toMatchObject({ message: 'ffmpeg was not started: cancelled' });
    expect(existsSync(target)).toBe(false);
  });
});
