/**
 * The one-pass ladder against real ffmpeg: generated testsrc2 + sine sources, ultrafast preset for speed.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runFfmpeg } from '../media/ffmpeg';
import { checkHls, parseMasterPlaylist } from '../media/hls-check';
import { sourceInput } from '../media/hls-encode';
import { planLadder, type LadderSource as SourceProbe, type TranscodeLadderResult } from '../media/ladder';
import { transcodeLadder, TranscodeError } from '../media/transcode';

let root: string;
const THREADS = 2;

async function generateSource(file: string, size: string, durationS: number, withAudio: boolean): Promise<string> {
  const target = path.join(root, file);
  await runFfmpeg({
    inputs: [
      { path: `testsrc2=size=${size}:rate=30:duration=${durationS}`, options: ['-f', 'lavfi'] },
      ...(withAudio
        ? [{ path: `sine=frequency=440:sample_rate=44100:duration=${durationS}`, options: ['-f', 'lavfi'] }]
        : []),
    ],
    outputs: [
      {
        path: target,
        options: [
          '-map',
          '0:v',
          ...(withAudio ? ['-map', '1:a', '-c:a', 'aac'] : []),
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-crf',
          '23',
          '-pix_fmt',
          'yuv420p',
        ],
      },
    ],
    threads: THREADS,
  });
  return target;
}

const landscapeProbe: SourceProbe = { width: 1280, height: 720, durationS: 14, frameRate: 30, hasAudio: true };
let landscapeSource: string;
let landscapeOut: string;
let landscape: TranscodeLadderResult;
const progress: number[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'framecast-ladder-'));
  landscapeSource = await generateSource('landscape.mp4', '1280x720', 14, true);
  landscapeOut = path.join(root, 'out', 'landscape');
  landscape = await transcodeLadder({
    sourcePath: landscapeSource,
    outputDir: landscapeOut,
    probe: landscapeProbe,
    preset: 'ultrafast',
    threads: THREADS,
    onProgress: (percent) => progress.push(percent),
  });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('planLadder', () => {
  const labels = (width: number, height: number, frameRate = 30) =>
    planLadder({ width, height, frameRate }).map((r) => r.label);

  test('uses every rung up to the source and never upscales', () => {
    expect(labels(1280, 720)).toEqual(['240p', '360p', '480p', '720p']);
    expect(labels(1920, 1080)).toEqual(['240p', '360p', '480p', '720p', '1080p']);
    expect(labels(3840, 2160)).toEqual(['240p', '360p', '480p', '720p', '1080p', '1440p', '2160p']);
    expect(labels(7680, 4320)).toEqual(['240p', '360p', '480p', '720p', '1080p', '1440p', '2160p']);
  });

  test('adds a top rung at the source size only when it is more than 10% above the next rung down', () => {
    expect(labels(1244, 700)).toEqual(['240p', '360p', '480p', '700p']);
    expect(labels(1316, 740)).toEqual(['240p', '360p', '480p', '720p']);
    expect(labels(256, 144)).toEqual(['144p']);
    const top = planLadder({ width: 1244, height: 700, frameRate: 30 }).at(-1)!;
    expect(top).toMatchObject({ width: 1244, height: 700, profile: 'high' });
    expect(top.videoBitrateKbps).toBeLessThan(2800);
  });

  test('applies rungs to the short side of vertical sources', () => {
    expect(planLadder({ width: 360, height: 640, frameRate: 30 }).map(({ width, height }) => [width, height])).toEqual([
      [240, 426],
      [360, 640],
    ]);
  });

  test('picks the higher H.264 level above 30 fps', () => {
    expect(planLadder({ width: 1920, height: 1080, frameRate: 60 }).at(-1)!.level).toBe('4.2');
    expect(planLadder({ width: 1920, height: 1080, frameRate: 30 }).at(-1)!.level).toBe('4.0');
  });
});

describe('transcodeLadder', () => {
  test('encodes 240p to 720p for a 720p source, with a conforming HLS ladder', async () => {
    expect(landscape.renditions.map((r) => [r.label, r.width, r.height])).toEqual([
      ['240p', 426, 240],
      ['360p', 640, 360],
      ['480p', 854, 480],
      ['720p', 1280, 720],
    ]);
    expect(landscape.master).toBe('master.m3u8');

    const master = await readFile(path.join(landscapeOut, 'master.m3u8'), 'utf8');
    const variants = parseMasterPlaylist(master);
    expect(variants.map((v) => v.uri)).toEqual(landscape.renditions.map((r) => r.playlist));
    for (const [index, variant] of variants.entries()) {
      const rendition = landscape.renditions[index];
      expect(variant.attributes).toMatchObject({
        BANDWIDTH: String(rendition.bandwidth),
        'AVERAGE-BANDWIDTH': String(rendition.averageBandwidth),
        RESOLUTION: `${rendition.width}x${rendition.height}`,
      });
      expect(variant.attributes.CODECS).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);
      expect(rendition.averageBandwidth).toBeGreaterThan(0);
      expect(rendition.bandwidth).toBeGreaterThanOrEqual(rendition.averageBandwidth);
    }
    expect(master).not.toContain('1080p');

    await expect(checkHls(landscapeOut)).resolves.toEqual([]);
  });

  test('writes posters in WebP and JPEG and a storyboard sprite with a WebVTT track', async () => {
    const files = await readdir(landscapeOut);
    expect(landscape.poster.images.map((image) => image.width)).toEqual([1280, 640, 320]);
    for (const image of landscape.poster.images) {
      expect(files).toEqual(expect.arrayContaining([image.webp, image.jpeg]));
    }
    expect(landscape.poster.atS).toBeCloseTo(1.4, 5);

    const { storyboard } = landscape;
    expect(storyboard).toMatchObject({
      vtt: 'storyboard.vtt',
      intervalS: 1,
      count: 14,
      tileWidth: 160,
      tileHeight: 90,
      columns: 10,
      rows: 2,
    });
    expect(storyboard.sprites).toEqual(['storyboard-000.jpg']);
    const vtt = await readFile(path.join(landscapeOut, storyboard.vtt), 'utf8');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    const cues = vtt.match(/^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$/gm) ?? [];
    expect(cues).toHaveLength(14);
    expect(vtt).toContain('00:00:13.000 --> 00:00:14.000\nstoryboard-000.jpg#xywh=480,90,160,90');
    expect(files).not.toContain('.thumbnails');
  });

  test('reports progress that never goes down and ends at 100', () => {
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(100);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]);
    expect(progress.some((percent) => percent > 0 && percent < 95)).toBe(true);
  });

  test('leaves nothing but the output next to it', async () => {
    expect(await readdir(path.dirname(landscapeOut))).toEqual(['landscape']);
  });

  test('gives vertical sources rungs on the short side', async () => {
    const source = await generateSource('vertical.mp4', '360x640', 7, true);
    const outputDir = path.join(root, 'out', 'vertical');
    const result = await transcodeLadder({
      sourcePath: source,
      outputDir,
      preset: 'ultrafast',
      threads: THREADS,
      probe: { width: 360, height: 640, durationS: 7, frameRate: 30, hasAudio: true },
    });
    expect(result.renditions.map((r) => [r.label, r.width, r.height])).toEqual([
      ['240p', 240, 426],
      ['360p', 360, 640],
    ]);
    expect(result.poster.images.map((image) => [image.width, image.height])).toEqual([[320, 568]]);
    expect(result.storyboard.tileHeight).toBe(284);
    await expect(checkHls(outputDir)).resolves.toEqual([]);
  });

  test('encodes a source without audio as video only', async () => {
    const source = await generateSource('silent.mp4', '640x360', 8, false);
    const outputDir = path.join(root, 'out', 'silent');
    const result = await transcodeLadder({
      sourcePath: source,
      outputDir,
      preset: 'ultrafast',
      threads: THREADS,
      probe: { width: 640, height: 360, durationS: 8, frameRate: 30, hasAudio: false },
    });
    expect(result.renditions.map((r) => r.label)).toEqual(['240p', '360p']);
    for (const rendition of result.renditions) expect(rendition.codecs).toMatch(/^avc1\.[0-9a-f]{6}$/);
    const master = await readFile(path.join(outputDir, 'master.m3u8'), 'utf8');
    expect(master).not.toContain('mp4a');
    await expect(checkHls(outputDir)).resolves.toEqual([]);
  });

  test('replaces an earlier output of the same video (a retried job) without leaving anything beside it', async () => {
    const source = path.join(root, 'silent.mp4');
    const outputDir = path.join(root, 'out', 'silent');
    await writeFile(path.join(outputDir, 'stale.txt'), 'from an earlier run');
    await transcodeLadder({
      sourcePath: source,
      outputDir,
      preset: 'ultrafast',
      threads: THREADS,
      probe: { width: 640, height: 360, durationS: 8, frameRate: 30, hasAudio: false },
    });
    expect(existsSync(path.join(outputDir, 'stale.txt'))).toBe(false);
    expect(existsSync(path.join(outputDir, 'master.m3u8'))).toBe(true);
    expect((await readdir(path.join(root, 'out'))).sort()).toEqual(['landscape', 'silent', 'vertical']);
  });

  test('rejects a bogus source with a clear error and leaves no output behind', async () => {
    const source = path.join(root, 'bogus.mp4');
    await writeFile(source, 'this is not a video file at all');
    const parent = path.join(root, 'failed');
    const outputDir = path.join(parent, 'bogus');
    const attempt = transcodeLadder({
      sourcePath: source,
      outputDir,
      probe: landscapeProbe,
      preset: 'ultrafast',
      threads: THREADS,
    });
    await expect(attempt).rejects.toBeInstanceOf(TranscodeError);
    await expect(attempt).rejects.toMatchObject({
      failure: 'ffmpeg_failed',
      message: expect.stringMatching(/bogus\.mp4.*Invalid data found when processing input/),
    });
    expect(existsSync(outputDir)).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });

  test('kills ffmpeg at the timeout and leaves no output behind', async () => {
    const parent = path.join(root, 'slow');
    const outputDir = path.join(parent, 'timeout');
    const attempt = transcodeLadder({
      sourcePath: landscapeSource,
      outputDir,
      probe: landscapeProbe,
      preset: 'ultrafast',
      threads: THREADS,
      timeoutMs: 300,
    });
    await expect(attempt).rejects.toMatchObject({ failure: 'timeout' });
    expect(existsSync(outputDir)).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });

  test('rejects a probe it cannot plan from', async () => {
    await expect(
      transcodeLadder({
        sourcePath: landscapeSource,
        outputDir: path.join(root, 'never'),
        probe: { width: 0, height: 720, durationS: Number.NaN, frameRate: 30, hasAudio: true },
      }),
    ).rejects.toMatchObject({
      failure: 'invalid_input',
      message: expect.stringMatching(/probe\.width.*probe\.durationS/),
    });
    expect(existsSync(path.join(root, 'never'))).toBe(false);
  });
});

describe('checkHls', () => {
  async function tamperedCopy(name: string): Promise<string> {
    const copy = path.join(root, name);
    await cp(landscapeOut, copy, { recursive: true });
    return copy;
  }

  test('reports a declared bandwidth far from the measured one', async () => {
    const copy = await tamperedCopy('tampered-bandwidth');
    const master = await readFile(path.join(copy, 'master.m3u8'), 'utf8');
    await writeFile(
      path.join(copy, 'master.m3u8'),
      master.replace(/BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+/, 'BANDWIDTH=100000,AVERAGE-BANDWIDTH=90000'),
    );
    const problems = await checkHls(copy);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^240p\/index\.m3u8: declared BANDWIDTH=100000/);
  });

  test('reports renditions whose segments do not line up', async () => {
    const copy = await tamperedCopy('tampered-segments');
    const playlistPath = path.join(copy, '480p', 'index.m3u8');
    const playlist = await readFile(playlistPath, 'utf8');
    // drop the first segment: 480p now starts 6 s later than the others
    await writeFile(playlistPath, playlist.replace(/#EXTINF:[^\n]*\nseg_0000\.ts\n/, ''));
    const problems = await checkHls(copy);
    expect(problems).toContainEqual(
      expect.stringMatching(/^480p\/index\.m3u8: 2 segments but 240p\/index\.m3u8 has 3/),
    );
  });
});

describe('the encoder opens a source as the probe does', () => {
  test('names only local files and the allowed demuxers, the probed one first', () => {
    const input = sourceInput('relative/-odd:name.mp4', 'mov');
    expect(input.path).toBe(`file:${path.resolve('relative/-odd:name.mp4')}`);
    expect(input.options).toEqual([
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      'mov,matroska,avi,mpegts',
      '-f',
      'mov',
    ]);
  });

  test('does not follow a playlist posing as a video, even when validation was skipped', async () => {
    // a real segment beside an HLS playlist named like a video: ffmpeg's own guess would read the segment through it
    await generateSource('segment.ts', '320x240', 2, false);
    const playlist = path.join(root, 'playlist-posing.mp4');
    await writeFile(
      playlist,
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nsegment.ts\n#EXT-X-ENDLIST\n',
    );
    const outputDir = path.join(root, 'out', 'playlist-posing');
    const probe: SourceProbe = { width: 320, height: 240, durationS: 2, frameRate: 30, hasAudio: false };
    for (const demuxer of [undefined, 'mov'] as const) {
      await expect(
        transcodeLadder({
          sourcePath: playlist,
          outputDir,
          probe: { ...probe, demuxer },
          preset: 'ultrafast',
          threads: THREADS,
        }),
      ).rejects.toBeInstanceOf(TranscodeError);
      expect(existsSync(outputDir)).toBe(false);
    }
  });
});
