import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mediaTools, resolveFfprobePath, useMediaTools } from '../media/ffmpeg';
import { ffprobeArguments, ProbeError, probeMedia } from '../media/probe';
import { formatDuration, validateSource, type RefusalCode, type ValidationResult } from '../media/validate-source';
import { buildCorpus, type Corpus } from './fixtures/upload-corpus';

// file-type is ESM-only: Node 24 requires it natively, Jest's loader only under --experimental-vm-modules.
// So the real package is handed over as loaded by Node's own require; it is not a stand-in.
jest.mock('file-type', () => {
  const vm = require('node:vm') as typeof import('node:vm');
  const nodeCreateRequire = vm.runInThisContext("process.getBuiltinModule('node:module').createRequire") as (
    from: string,
  ) => NodeJS.Require;
  return nodeCreateRequire(__filename)('file-type');
});

type Listener = { url: string; connections: number; close(): Promise<void> };

/** An HTTP server on loopback that counts every TCP connection it receives. */
async function listen(): Promise<Listener> {
  const server = http.createServer((_request, response) => response.end('#EXTM3U\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const listener: Listener = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: 0,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('connection', () => {
    listener.connections += 1;
  });
  return listener;
}

let corpus: Corpus;
let trap: Listener; // hostile files point here: any connection fails the suite
let control: Listener; // proves ffprobe would connect if it were not hardened

beforeAll(async () => {
  [trap, control] = await Promise.all([listen(), listen()]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'framecast-validation-'));
  corpus = await buildCorpus(dir, { trapUrl: trap.url, controlUrl: control.url });
});

afterAll(async () => {
  await Promise.all([trap?.close(), control?.close()]);
  if (corpus) await rm(corpus.dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(trap.connections).toBe(0);
});

function expectAccepted(result: ValidationResult) {
  if (!result.ok) throw new Error(`refused (${result.code}): ${result.reason}`);
  return result.probe;
}

/** Refused with `code`, in words a creator can act on: no tool names, paths, or ffprobe output. */
function expectRefused(result: ValidationResult, code: RefusalCode): string {
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.probe)}`);
  expect(result.code).toBe(code);
  expect(result.reason).not.toMatch(/ffprobe|ffmpeg|file:|[/\\{}[\]]|moov|invalid data|errno|ENOENT/i);
  expect(result.reason).not.toContain(corpus.dir);
  expect(result.reason).not.toContain('.mp4');
  expect(result.reason.length).toBeLessThan(220);
  expect(result.reason).toMatch(/^[A-Z].*\.$/);
  return result.reason;
}

/** Runs `work` with ffprobe aimed at nothing: validateSource rejects if it ever tries to probe. */
async function withoutFfprobe<T>(work: () => Promise<T>): Promise<T> {
  const saved = mediaTools();
  useMediaTools({ ...saved, ffprobePath: path.join(corpus.dir, 'no-ffprobe-here') });
  try {
    return await work();
  } finally {
    useMediaTools(saved);
  }
}

describe('validateSource accepts', () => {
  it('a 2 s 320x240 H.264/AAC MP4, with the probe fields filled in', async () => {
    const probe = expectAccepted(await validateSource(corpus.mp4));
    expect(probe).toEqual({
      container: 'mp4',
      demuxer: 'mov',
      durationS: expect.closeTo(2, 1),
      width: 320,
      height: 240,
      frameRate: 10,
      nominalFrameRate: 10,
      videoCodec: 'h264',
      audioCodec: 'aac',
      bitRate: expect.any(Number),
      sizeBytes: (await stat(corpus.mp4)).size,
    });
    expect(probe.bitRate).toBeGreaterThan(0);
  });

  it('a file whose name starts with "-" and contains ":", given as a relative path', async () => {
    const relative = path.relative(process.cwd(), corpus.oddlyNamedMp4);
    expect(expectAccepted(await validateSource(relative))).toMatchObject({ container: 'mp4', width: 320, height: 240 });
  });

  it('a VP8/Opus WebM', async () => {
    expect(expectAccepted(await validateSource(corpus.webm))).toMatchObject({
      container: 'webm',
      videoCodec: 'vp8',
      audioCodec: 'opus',
      width: 256,
      height: 144,
      durationS: expect.closeTo(2, 1),
    });
  });

  it('a vertical 180x320 as 180p: the shorter side is the "p"', async () => {
    expect(expectAccepted(await validateSource(corpus.vertical))).toMatchObject({
      width: 180,
      height: 320,
      audioCodec: null,
    });
    expectAccepted(await validateSource(corpus.vertical, { minHeight: 180 }));
    expect(expectRefused(await validateSource(corpus.vertical, { minHeight: 181 }), 'too-small')).toContain(
      '180×320 (180p)',
    );
  });

  it('a phone-style rotated clip, reported in its display orientation', async () => {
    expect(expectAccepted(await validateSource(corpus.rotated))).toMatchObject({ width: 180, height: 320 });
  });

  it.each([
    ['MOV', () => corpus.mov, { container: 'mov', videoCodec: 'h264' }],
    ['Matroska', () => corpus.mkv, { container: 'matroska', videoCodec: 'h264', audioCodec: 'opus' }],
    ['AVI', () => corpus.avi, { container: 'avi', videoCodec: 'mpeg4', audioCodec: 'pcm_s16le' }],
    ['MPEG-TS', () => corpus.mpegts, { container: 'mpegts', videoCodec: 'h264', audioCodec: 'aac' }],
  ])('%s', async (_name, file, expected) => {
    expect(expectAccepted(await validateSource(file()))).toMatchObject({ ...expected, width: 320, height: 240 });
  });
});

describe('validateSource refuses, before ffprobe ever runs', () => {
  it.each([
    ['an m3u8 named .mp4 whose segment is file:///etc/passwd', () => corpus.hlsLocalFile],
    ['an m3u8 named .mp4 whose segment and key are on a loopback listener', () => corpus.hlsLoopback],
    ['an ffconcat list named .mp4', () => corpus.ffconcat],
    ['a headerless concat list named .mp4', () => corpus.concatList],
  ])('%s, as a playlist', async (_name, file) => {
    const reason = expectRefused(await withoutFfprobe(() => validateSource(file())), 'playlist');
    expect(reason).toBe(
      'This file is a playlist that points to other files, not a video. Upload the video file itself: an MP4, MOV, MKV, WebM, AVI or MPEG-TS file.',
    );
  });

  it('a PNG named .mp4', async () => {
    const reason = expectRefused(await withoutFfprobe(() => validateSource(corpus.png)), 'not-video');
    expect(reason).toBe('This file is a PNG image, not a video. Upload an MP4, MOV, MKV, WebM, AVI or MPEG-TS file.');
  });

  it('a text file named .mp4', async () => {
    expect(expectRefused(await withoutFfprobe(() => validateSource(corpus.text)), 'not-video')).toContain('text file');
  });

  it('a zero-byte file', async () => {
    expect(expectRefused(await withoutFfprobe(() => validateSource(corpus.empty)), 'empty')).toContain('empty');
  });

  it('an FLV, a video format outside the allowlist', async () => {
    expect(expectRefused(await withoutFfprobe(() => validateSource(corpus.flv)), 'unsupported-container')).toContain(
      'FLV',
    );
  });
});

describe('validateSource refuses, after probing', () => {
  it('an MP4 cut to its first 2 KiB', async () => {
    expectRefused(await validateSource(corpus.truncatedMp4), 'unreadable');
  });

  it('a real MP4 that declares over 5 hours, over the default 4-hour limit', async () => {
    const reason = expectRefused(await validateSource(corpus.declaredFiveHours), 'too-long');
    expect(reason).toMatch(
      /^This video is 5 hours 16 minutes( \d+ seconds?)? long, and the limit is 4 hours\. Trim it or split it into parts, then upload again\.$/,
    );
  });

  it('a real 2 s MP4 over a lowered limit, and just over it; under a higher one it passes', async () => {
    expectRefused(await validateSource(corpus.videoOnlyTwoSeconds, { maxDurationS: 1 }), 'too-long');
    expect(
      expectRefused(await validateSource(corpus.videoOnlyTwoSeconds, { maxDurationS: 1.9 }), 'too-long'),
    ).toContain('2 seconds');
    expect(
      expectAccepted(await validateSource(corpus.videoOnlyTwoSeconds, { maxDurationS: 2.1 })).durationS,
    ).toBeCloseTo(2, 1);
  });

  it('a half-second clip as too short', async () => {
    expect(expectRefused(await validateSource(corpus.halfSecond), 'too-short')).toContain('0.5 seconds');
  });

  it('a 100x80 video as too small', async () => {
    expect(expectRefused(await validateSource(corpus.tiny), 'too-small')).toContain('100×80 (80p)');
  });

  it('a 240p video as too large under a lowered ceiling', async () => {
    expect(expectRefused(await validateSource(corpus.mp4, { maxHeight: 200 }), 'too-large')).toContain(
      '320×240 (240p)',
    );
  });

  it('an audio-only m4a as having no video stream', async () => {
    expect(expectRefused(await validateSource(corpus.audioOnlyM4a), 'no-video-stream')).toContain(
      'sound but no picture',
    );
  });

  it('a probe that runs past its timeout', async () => {
    expectRefused(await validateSource(corpus.mp4, { probeTimeoutMs: 1 }), 'timeout');
  });
});

describe('validateSource, server-side failures', () => {
  it('rejects (not a refusal) when ffprobe is missing: the file is not at fault', async () => {
    await expect(withoutFfprobe(() => validateSource(corpus.mp4))).rejects.toMatchObject({
      name: 'ProbeError',
      kind: 'unavailable',
    });
  });

  it('rejects options that make no sense', async () => {
    await expect(validateSource(corpus.mp4, { maxDurationS: -1 })).rejects.toThrow(TypeError);
    await expect(validateSource(corpus.mp4, { minHeight: 500, maxHeight: 400 })).rejects.toThrow(TypeError);
  });
});

describe('probeMedia hardening', () => {
  it('passes the file as file:<absolute path> after the protocol and format allowlists', () => {
    const args = ffprobeArguments('-i:clip.mp4', 'mov');
    expect(args.slice(0, -1)).toEqual([
      '-hide_banner',
      '-v',
      'error',
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      'mov,matroska,avi,mpegts',
      '-f',
      'mov',
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
    ]);
    expect(args.at(-1)).toBe(`file:${path.resolve('-i:clip.mp4')}`);
  });

  it('resolves ffprobe from FFPROBE_PATH, else beside an FFMPEG_PATH that has one, else PATH', () => {
    expect(resolveFfprobePath({ FFPROBE_PATH: '/opt/ff/ffprobe', FFMPEG_PATH: '/usr/bin/ffmpeg' })).toBe(
      '/opt/ff/ffprobe',
    );
    expect(resolveFfprobePath({ FFMPEG_PATH: '/usr/bin/ffmpeg' })).toBe('/usr/bin/ffprobe');
    expect(resolveFfprobePath({ FFMPEG_PATH: '/nowhere/ffmpeg', PATH: '/usr/bin' })).toBe('/usr/bin/ffprobe');
    expect(resolveFfprobePath({ PATH: corpus.dir })).toBeNull();
  });

  it.each([
    ['the loopback m3u8', () => corpus.hlsLoopback],
    ['the file:///etc/passwd m3u8', () => corpus.hlsLocalFile],
    ['the ffconcat list', () => corpus.ffconcat],
  ])('refuses %s even when asked to guess the format', async (_name, file) => {
    const failure = await probeMedia(file()).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProbeError);
    expect(failure).toMatchObject({ kind: 'rejected' });
  });

  it('control: an unhardened ffprobe does connect to a listener named in an m3u8', async () => {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        resolveFfprobePath() ?? 'ffprobe',
        ['-v', 'quiet', '-protocol_whitelist', 'file,http,tcp,crypto', '-i', corpus.hlsControl],
        { stdio: 'ignore' },
      );
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.on('error', reject);
      child.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    expect(control.connections).toBeGreaterThan(0);
  });
});

describe('formatDuration', () => {
  it('says durations the way a person would', () => {
    expect(formatDuration(0.5)).toBe('0.5 seconds');
    expect(formatDuration(1)).toBe('1 second');
    expect(formatDuration(14_400)).toBe('4 hours');
    expect(formatDuration(5_430)).toBe('1 hour 30 minutes 30 seconds');
  });
});
