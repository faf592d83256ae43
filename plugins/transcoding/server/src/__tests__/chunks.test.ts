/**
 * A split encode against real ffmpeg: a 20 s source (a 440 Hz tone, keyframes every 2.5 s, off the ladder's grid, with
 * B-frames) cut into four chunks, each encoded on its own, then stitched with the sound encoded once. The stitched
 * renditions must be what a viewer cannot tell from one pass: segment boundaries on the 2 s grid, keyframes on it and
 * nowhere else, every frame once with continuous timestamps across the seams, the tone without a gap or a dip at them;
 * and the output grows from the first chunk on, before the next one exists.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mediaLadder } from '@framecast/contracts';
import { encodeChunk, planChunks } from '../media/chunks';
import { runFfmpeg, runFfprobeJson } from '../media/ffmpeg';
import { checkHls, parseMediaPlaylist } from '../media/hls-check';
import { planLadder, storyboardLayout, type LadderSource, type TranscodeLadderResult } from '../media/ladder';
import { transcodeLadder } from '../media/transcode';
import { transcodingConfigFrom } from '../config';
import { chunkPrefix, processChunkJob } from '../jobs/chunked-transcode';
import type { ChunkJobData } from '../jobs/types';
import { createMediaStorage } from '../storage';

const THREADS = 2;
const FPS = 30;
const DURATION_S = 20;
const CHUNK_S = 6;
/** What the growing output held when the stitch asked for the second chunk. */
let segmentsBeforeSecondChunk = 0;
const probe: LadderSource = { width: 640, height: 360, durationS: DURATION_S, frameRate: FPS, hasAudio: true };

let root: string;
let stitchedDir: string;
let onePassDir: string;
let stitched: TranscodeLadderResult;
let onePass: TranscodeLadderResult;
const chunkThumbnailCounts: number[] = [];

async function generateSource(target: string): Promise<void> {
  await runFfmpeg({
    inputs: [
      { path: `testsrc2=size=640x360:rate=${FPS}:duration=${DURATION_S}`, options: ['-f', 'lavfi'] },
      { path: `sine=frequency=440:sample_rate=44100:duration=${DURATION_S}`, options: ['-f', 'lavfi'] },
    ],
    outputs: [
      {
        path: target,
        options: [
          ...['-map', '0:v', '-map', '1:a', '-c:a', 'aac', '-c:v', 'libx264', '-preset', 'ultrafast'],
          // a camera's keyframes, nowhere near the ladder's grid, and B-frames: the seeks must be exact
          ...['-g', '75', '-keyint_min', '75', '-sc_threshold', '0', '-bf', '2', '-pix_fmt', 'yuv420p'],
        ],
      },
    ],
    threads: THREADS,
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'framecast-chunks-'));
  const source = path.join(root, 'source.mp4');
  await generateSource(source);
  const renditions = planLadder(probe);
  const storyboard = storyboardLayout(probe);
  const chunks = planChunks(DURATION_S, CHUNK_S, FPS);
  const encoded: Array<{ dir: string; thumbnails: string[] }> = [];
  for (const chunk of chunks) {
    const dir = path.join(root, `chunk-${chunk.index}`);
    const thumbnails = await encodeChunk({
      sourcePath: source,
      probe,
      renditions,
      frameRate: FPS,
      chunk,
      storyboard,
      preset: 'ultrafast',
      threads: THREADS,
      dir,
    });
    chunkThumbnailCounts.push(thumbnails.length);
    encoded.push({ dir, thumbnails });
  }
  stitchedDir = path.join(root, 'stitched');
  // the chunks after the first are handed over only once the output has grown: the stitch publishes as they come
  let published = 0;
  let grown!: () => void;
  const grownOnce = new Promise<void>((resolve) => (grown = resolve));
  stitched = await transcodeLadder({
    sourcePath: source,
    outputDir: stitchedDir,
    probe,
    threads: THREADS,
    onSegments: async (update) => {
      published = update.count;
      grown();
    },
    stitch: {
      chunks,
      ready: async (index) => {
        if (index === 1) {
          await grownOnce;
          segmentsBeforeSecondChunk = published;
        }
        return encoded[index];
      },
    },
  });
  onePassDir = path.join(root, 'one-pass');
  onePass = await transcodeLadder({
    sourcePath: source,
    outputDir: onePassDir,
    probe,
    preset: 'ultrafast',
    threads: THREADS,
  });
}, 300_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('planChunks', () => {
  it('starts short and doubles up to the chunk length, on the frame grid, a short tail joining the chunk before it', () => {
    expect(planChunks(20, 6, 30)).toEqual([
      { index: 0, startFrame: 0, startS: 0, frames: 120, endS: 4 },
      { index: 1, startFrame: 120, startS: 4, frames: 180, endS: 10 },
      { index: 2, startFrame: 300, startS: 10, frames: 180, endS: 16 },
      { index: 3, startFrame: 480, startS: 16, frames: null, endS: 20 },
    ]);
    expect(planChunks(600, 60, 30).map((chunk) => chunk.startS)).toEqual([
      0, 4, 12, 28, 60, 120, 180, 240, 300, 360, 420, 480, 540,
    ]);
    // 18 s left after 542 s: less than half a chunk, so the last one runs to the end
    expect(planChunks(602, 60, 30).at(-1)).toMatchObject({ startS: 540, frames: null, endS: 602 });
    expect(planChunks(5, 6, 30).map((chunk) => chunk.startS)).toEqual([0]);
  });

  it('starts a chunk at 29.97 fps on the first frame at or after its boundary, as the one-pass run forces keyframes', () => {
    const fps = 30000 / 1001;
    const chunks = planChunks(150, 60, fps);
    const boundaries = [0, 4, 12, 28, 60, 120];
    expect(chunks.map((chunk) => chunk.startFrame)).toEqual([0, 120, 360, 840, 1799, 3597]);
    chunks.forEach((chunk, i) => {
      expect(chunk.startS).toBeGreaterThanOrEqual(boundaries[i]);
      expect(chunk.startS - boundaries[i]).toBeLessThan(1 / fps);
    });
    // the frames add up: no frame twice, none left out
    for (const [i, chunk] of chunks.slice(0, -1).entries()) {
      expect(chunk.startFrame + chunk.frames!).toBe(chunks[i + 1].startFrame);
    }
  });

  it('refuses a chunk length off the keyframe grid', () => {
    expect(() => planChunks(100, 5, 30)).toThrow(/multiple of 2/);
    expect(() => planChunks(0, 6, 30)).toThrow(/durationS/);
  });
});

async function packets(file: string, stream: 'v' | 'a'): Promise<Array<{ pts: number; key: boolean }>> {
  const probed = (await runFfprobeJson([
    '-select_streams',
    stream,
    '-show_entries',
    'packet=pts_time,flags',
    file,
  ])) as { packets: Array<{ pts_time: string; flags: string }> };
  return probed.packets.map((packet) => ({ pts: Number(packet.pts_time), key: packet.flags.startsWith('K') }));
}

/** A rendition's segments joined (MPEG-TS segments concatenate), as a player reads them one after another. */
async function joinedRendition(dir: string, label: string): Promise<string> {
  const playlist = parseMediaPlaylist(await readFile(path.join(dir, label, 'index.m3u8'), 'utf8'));
  const joined = path.join(root, `${path.basename(dir)}-${label}.ts`);
  const parts = await Promise.all(playlist.segments.map((segment) => readFile(path.join(dir, label, segment.uri))));
  await writeFile(joined, Buffer.concat(parts));
  return joined;
}

describe('a stitched split encode', () => {
  it('passes the HLS check of a one-pass ladder and has the same renditions', async () => {
    expect(await checkHls(stitchedDir)).toEqual([]);
    expect(stitched.renditions.map((r) => [r.label, r.width, r.height])).toEqual(
      onePass.renditions.map((r) => [r.label, r.width, r.height]),
    );
    expect(stitched.storyboard.count).toBe(onePass.storyboard.count);
    expect(chunkThumbnailCounts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(
      onePass.storyboard.count,
    );
    // nothing of the stitch's own is left in the output
    expect((await readdir(stitchedDir)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('grew from the first chunk on: its segments were published before the second chunk was handed over', () => {
    // the first chunk is 4 s: its first 2 s segment is whole once the second one has begun
    expect(segmentsBeforeSecondChunk).toBeGreaterThanOrEqual(1);
  });

  it('cuts its segments where the one-pass run does, each opening on a keyframe of the 2 s grid', async () => {
    // the playlists' lengths are ffmpeg's muxer's account of a stream copy, which varies by a few audio frames with
    // the order it read its inputs in (the sound's priming frame may open the first segment); where the segments cut
    // is read from the pictures themselves
    const slackS = 0.1;
    for (const { label } of stitched.renditions) {
      const playlist = parseMediaPlaylist(await readFile(path.join(stitchedDir, label, 'index.m3u8'), 'utf8'));
      const reference = parseMediaPlaylist(
        await readFile(path.join(onePassDir, label, 'index.m3u8'), 'utf8'),
      ).segments.map((segment) => segment.durationS);
      expect(playlist.segments).toHaveLength(reference.length);
      playlist.segments.forEach((segment, i) =>
        expect(Math.abs(segment.durationS - reference[i])).toBeLessThan(slackS),
      );
      let start: number | null = null;
      for (const segment of playlist.segments) {
        const video = await packets(path.join(stitchedDir, label, segment.uri), 'v');
        const first = video.reduce((earliest, packet) => (packet.pts < earliest.pts ? packet : earliest));
        expect(first.key).toBe(true);
        start ??= first.pts;
        const at = (first.pts - start) / mediaLadder.keyframeIntervalS;
        expect(Math.abs(at - Math.round(at))).toBeLessThan(0.001);
      }
    }
  });

  it('holds every frame once, at continuous timestamps across the seams, with keyframes on the grid only', async () => {
    for (const { label } of stitched.renditions) {
      const video = await packets(await joinedRendition(stitchedDir, label), 'v');
      expect(video).toHaveLength(DURATION_S * FPS);
      const times = video.map((packet) => packet.pts).sort((a, b) => a - b);
      const start = times[0];
      times.forEach((pts, i) => expect(pts - start).toBeCloseTo(i / FPS, 3));
      const keyframes = video.filter((packet) => packet.key).map((packet) => packet.pts - start);
      expect(keyframes).toHaveLength(DURATION_S / mediaLadder.keyframeIntervalS);
      keyframes.forEach((at, k) => expect(at).toBeCloseTo(k * mediaLadder.keyframeIntervalS, 3));
    }
  });

  it('plays the tone through the seams without a gap, a dip or a jump in time', async () => {
    const label = stitched.renditions[0].label;
    const joined = await joinedRendition(stitchedDir, label);
    const audio = await packets(joined, 'a');
    const frameS = 1024 / mediaLadder.audio.sampleRate;
    for (let i = 1; i < audio.length; i++) expect(audio[i].pts - audio[i - 1].pts).toBeCloseTo(frameS, 4);

    const pcmFile = path.join(root, 'tone.pcm');
    await runFfmpeg({
      inputs: [{ path: joined }],
      outputs: [{ path: pcmFile, options: ['-map', '0:a', '-ac', '1', '-ar', '48000', '-f', 's16le'] }],
      threads: THREADS,
    });
    const pcm = await readFile(pcmFile);
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2));
    expect(samples.length / 48_000).toBeGreaterThan(DURATION_S - 0.05);
    // RMS over 5 ms windows, from 0.1 s in to 0.1 s before the end (the encoder's ramp at both ends left out)
    const window = 240;
    const levels: number[] = [];
    for (let at = 4_800; at + window <= samples.length - 4_800; at += window) {
      let sum = 0;
      for (let i = at; i < at + window; i++) sum += samples[i] * samples[i];
      levels.push(Math.sqrt(sum / window));
    }
    const sorted = [...levels].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    expect(median).toBeGreaterThan(1_000);
    // a seam with a gap or the encoder's priming silence shows as a window far below the tone's level
    expect(sorted[0] / median).toBeGreaterThan(0.8);
  });
});

describe('a split encode that cannot have a chunk', () => {
  it('fails with the reason of the chunk, stops ffmpeg and leaves no output or work folder', async () => {
    const renditions = planLadder(probe);
    const chunks = planChunks(DURATION_S, CHUNK_S, FPS);
    const first = path.join(root, 'failing-chunk-0');
    const thumbnails = await encodeChunk({
      sourcePath: path.join(root, 'source.mp4'),
      probe,
      renditions,
      frameRate: FPS,
      chunk: chunks[0],
      storyboard: storyboardLayout(probe),
      preset: 'ultrafast',
      threads: THREADS,
      dir: first,
    });
    const outputDir = path.join(root, 'failed', 'out');
    const failing = transcodeLadder({
      sourcePath: path.join(root, 'source.mp4'),
      outputDir,
      probe,
      threads: THREADS,
      stitch: {
        chunks,
        ready: async (index) => {
          if (index === 0) return { dir: first, thumbnails };
          throw new Error('chunk 1 failed: the worker ran out of disk');
        },
      },
    });
    await expect(failing).rejects.toThrow(/chunk 1 failed: the worker ran out of disk/);
    // nothing published, and the work folder beside it gone
    expect(await readdir(path.dirname(outputDir))).toEqual([]);
  });
});

describe('a chunk job on another worker', () => {
  /** A chunk job for the first chunk, its source in the media storage, and whether its parent waits, asked in turn. */
  async function runChunk(answers: boolean[]) {
    const config = transcodingConfigFrom({
      MEDIA_ROOT: path.join(root, 'chunk-job', 'media'),
      TRANSCODE_WORK_DIR: path.join(root, 'chunk-job', 'work'),
      UPLOAD_TMP_DIR: path.join(root, 'chunk-job', 'tmp'),
    });
    const storage = createMediaStorage(config.storage);
    await storage.putFile('sources/chunk-job/source.mp4', path.join(root, 'source.mp4'));
    const data: ChunkJobData = {
      parentJobId: 'video-parent',
      videoDocumentId: 'doc1',
      checksum: 'c'.repeat(64),
      source: { kind: 'storage', key: 'sources/chunk-job/source.mp4' },
      sourceName: 'source.mp4',
      probe,
      frameRate: FPS,
      renditions: planLadder(probe),
      storyboard: storyboardLayout(probe),
      chunk: planChunks(DURATION_S, CHUNK_S, FPS)[0],
      prefix: chunkPrefix('video-parent', 0),
    };
    const asked: boolean[] = [];
    const result = await processChunkJob(data, {
      jobId: 'video-parent-chunk-0000',
      config,
      storage,
      parentWaiting: async () => {
        const answer = answers[asked.length];
        asked.push(answer);
        return answer;
      },
    });
    // the local storage keeps a key as a file under MEDIA_ROOT
    const stored = await readdir(path.join(root, 'chunk-job', 'media', data.prefix), { recursive: true }).catch(
      () => [] as string[],
    );
    await storage.deletePrefix('transcode-work');
    await storage.close();
    return { result, asked, stored };
  }

  it('stores its files while its parent waits', async () => {
    const { result, asked, stored } = await runChunk([true, true]);
    expect(asked).toEqual([true, true]);
    expect(result?.files.length).toBeGreaterThan(0);
    expect(result?.files.every((file) => stored.includes(file))).toBe(true);
  });

  it('stores nothing for a parent that ended before, and removes what it stored for one that ended meanwhile', async () => {
    expect(await runChunk([false])).toMatchObject({ result: null, asked: [false], stored: [] });
    expect(await runChunk([true, false])).toMatchObject({ result: null, asked: [true, false], stored: [] });
  });
});
