/**
 * The one-pass ladder against real ffmpeg: generated testsrc2 + sine sources, ultrafast preset for speed.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runFfmpeg, runFfprobeJson } from '../media/ffmpeg';
import { checkHls, parseMasterPlaylist, parseMediaPlaylist } from '../media/hls-check';
import { sourceInput } from '../media/hls-encode';
import {
  ladderSourceOf,
  outputFrameRate,
  planLadder,
  type LadderSource as SourceProbe,
  type TranscodeLadderResult,
} from '../media/ladder';
import { transcodeLadder, TranscodeError } from '../media/transcode';
import { validateSource, type SourceProbe as SourceProbeOfUpload } from '../media/validate-source';

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

describe('outputFrameRate', () => {
  test('takes the nominal rate when it is sane, else the average, halved to the ladder maximum', () => {
    expect(outputFrameRate({ frameRate: 22.575, nominalFrameRate: 30 })).toBe(30);
    expect(outputFrameRate({ frameRate: 29.97, nominalFrameRate: 29.97 })).toBe(29.97);
    expect(outputFrameRate({ frameRate: 25 })).toBe(25);
    expect(outputFrameRate({ frameRate: 119.5, nominalFrameRate: 120 })).toBe(60);
    // a time base posing as a rate, or a nominal rate below the average: the average
    expect(outputFrameRate({ frameRate: 29.87, nominalFrameRate: 90000 })).toBe(29.87);
    expect(outputFrameRate({ frameRate: 30, nominalFrameRate: 15 })).toBe(30);
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

  test('fails with the poster’s error when no poster frame can be taken, stopping the ladder', async () => {
    const parent = path.join(root, 'posterless');
    const outputDir = path.join(parent, 'video');
    // a probe that says 200 s: the poster is taken at 20 s, past the end of this 14 s source
    const attempt = transcodeLadder({
      sourcePath: landscapeSource,
      outputDir,
      probe: { ...landscapeProbe, durationS: 200 },
      preset: 'ultrafast',
      threads: THREADS,
    });
    await expect(attempt).rejects.toBeInstanceOf(TranscodeError);
    await expect(attempt).rejects.toMatchObject({ message: expect.stringMatching(/poster/) });
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
      expect.stringMatching(/^480p\/index\.m3u8: 6 segments but 240p\/index\.m3u8 has 7/),
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

describe('a variable-frame-rate source (a phone clip)', () => {
  const GRID_S = 2;
  const RATE = 30;
  let probe: SourceProbeOfUpload;
  let outputDir: string;
  let result: TranscodeLadderResult;

  /** The video packets of one segment, in decode order, with their times. */
  async function packetsOf(segment: string) {
    const probed = (await runFfprobeJson([
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time,flags:stream=r_frame_rate,avg_frame_rate',
      segment,
    ])) as {
      packets: Array<{ pts_time: string; flags: string }>;
      streams: Array<{ r_frame_rate: string; avg_frame_rate: string }>;
    };
    return {
      packets: probed.packets.map((packet) => ({ ptsS: Number(packet.pts_time), key: packet.flags.includes('K') })),
      stream: probed.streams[0],
    };
  }

  beforeAll(async () => {
    // 5 s at 30 fps, then every other frame for 5 s (15 fps), timestamps kept: what a phone writes in low light
    const source = path.join(root, 'vfr.mp4');
    await runFfmpeg({
      inputs: [
        { path: `testsrc2=size=640x360:rate=${RATE}:duration=10`, options: ['-f', 'lavfi'] },
        { path: 'sine=frequency=440:sample_rate=44100:duration=10', options: ['-f', 'lavfi'] },
      ],
      outputs: [
        {
          path: source,
          options: [
            '-filter:v',
            'select=lt(t\\,5)+not(mod(n\\,2))',
            '-fps_mode',
            'vfr',
            '-c:v',
            'libx264',
            '-preset',
            'ultrafast',
            '-pix_fmt',
            'yuv420p',
            '-c:a',
            'aac',
          ],
        },
      ],
      threads: THREADS,
    });
    const validated = await validateSource(source);
    if (!validated.ok) throw new Error(`the VFR source was refused: ${validated.reason}`);
    probe = validated.probe;
    outputDir = path.join(root, 'out', 'vfr');
    result = await transcodeLadder({
      sourcePath: source,
      outputDir,
      probe: ladderSourceOf(probe),
      preset: 'ultrafast',
      threads: THREADS,
    });
  });

  test('is probed as variable: the average rate below the nominal one', () => {
    expect(probe.nominalFrameRate).toBe(RATE);
    expect(probe.frameRate).toBeGreaterThan(21);
    expect(probe.frameRate).toBeLessThan(24);
    expect(outputFrameRate(ladderSourceOf(probe))).toBe(RATE);
  });

  test('gets the nominal rate, constant, in every rendition, and declares it as FRAME-RATE', async () => {
    const master = parseMasterPlaylist(await readFile(path.join(outputDir, 'master.m3u8'), 'utf8'));
    expect(master.map((variant) => variant.attributes['FRAME-RATE'])).toEqual(result.renditions.map(() => '30.000'));
    for (const rendition of result.renditions) {
      const playlist = parseMediaPlaylist(await readFile(path.join(outputDir, rendition.playlist), 'utf8'));
      const times: number[] = [];
      for (const segment of playlist.segments) {
        const { packets, stream } = await packetsOf(path.join(outputDir, rendition.label, segment.uri));
        expect([rendition.label, stream.r_frame_rate, stream.avg_frame_rate]).toEqual([
          rendition.label,
          '30/1',
          '30/1',
        ]);
        times.push(...packets.map((packet) => packet.ptsS));
      }
      times.sort((a, b) => a - b);
      const steps = new Set(times.slice(1).map((time, index) => Math.round((time - times[index]) * 1000)));
      expect([rendition.label, [...steps]]).toEqual([rendition.label, [33]]);
      // 10 s of video at 30 fps: the 15 fps half repeated up to it, nothing dropped
      expect(Math.abs(times.length - 10 * RATE)).toBeLessThanOrEqual(1);
    }
  });

  test('has keyframes on the 2 s grid only, and every segment starts on one', async () => {
    await expect(checkHls(outputDir)).resolves.toEqual([]);
    for (const rendition of result.renditions) {
      const playlist = parseMediaPlaylist(await readFile(path.join(outputDir, rendition.playlist), 'utf8'));
      let firstS: number | undefined;
      for (const segment of playlist.segments) {
        const { packets } = await packetsOf(path.join(outputDir, rendition.label, segment.uri));
        firstS ??= packets[0].ptsS;
        expect([rendition.label, segment.uri, packets[0].key]).toEqual([rendition.label, segment.uri, true]);
        const offGrid = packets
          .filter((packet) => packet.key)
          .map((packet) => packet.ptsS - firstS!)
          .filter((atS) => Math.abs(atS - Math.round(atS / GRID_S) * GRID_S) > 1 / (2 * RATE));
        expect([rendition.label, segment.uri, offGrid]).toEqual([rendition.label, segment.uri, []]);
      }
    }
  });
});
