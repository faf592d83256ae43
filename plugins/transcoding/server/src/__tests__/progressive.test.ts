/**
 * Watch while it transcodes, against real ffmpeg: the ladder reports its finished segments while it runs, and the
 * job's progressive output stores them so that a stored playlist never names a segment that is not whole in storage,
 * never shrinks (not even when a job starts over) and ends closed, with the measured master.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runFfmpeg, runFfprobeJson } from '../media/ffmpeg';
import { checkHls, parseMasterPlaylist, parseMediaPlaylist } from '../media/hls-check';
import { transcodeLadder, type SegmentUpdate } from '../media/transcode';
import { ProgressiveOutput } from '../jobs/progressive-output';
import { LocalMediaStorage } from '../storage/local';

let root: string;
let source: string;
const PREFIX = 'videos/abc123def456/v1';

async function sha(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** What one update looked like in storage right after it was published. */
type Seen = {
  count: number;
  first: boolean;
  playlists: Record<string, string>;
  problems: string[];
  /** The growing storyboard's track in storage, and the thumbnails it names */
  storyboard: string | null;
  thumbnails: string[];
};

let storageRoot: string;
let outputDir: string;
const seen: Seen[] = [];
let finalSegments = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'framecast-progressive-'));
  source = path.join(root, 'source.mp4');
  await runFfmpeg({
    inputs: [
      { path: 'testsrc2=size=1280x720:rate=30:duration=40', options: ['-f', 'lavfi'] },
      { path: 'sine=frequency=440:sample_rate=48000:duration=40', options: ['-f', 'lavfi'] },
    ],
    outputs: [
      {
        path: source,
        options: ['-map', '0:v', '-map', '1:a', '-c:a', 'aac', '-c:v', 'libx264', '-preset', 'ultrafast'],
      },
    ],
    threads: 2,
  });
  storageRoot = path.join(root, 'storage');
  const storage = new LocalMediaStorage(storageRoot);
  const output = new ProgressiveOutput(storage, PREFIX, path.join(root, 'scratch'));
  outputDir = path.join(root, 'out');
  await transcodeLadder({
    sourcePath: source,
    outputDir,
    probe: { width: 1280, height: 720, durationS: 40, frameRate: 30, hasAudio: true },
    preset: 'ultrafast',
    threads: 2,
    onSegments: async (update: SegmentUpdate) => {
      const first = await output.update(update);
      // as a player would find it, while ffmpeg is still running
      const playlists: Record<string, string> = {};
      const problems: string[] = [];
      for (const rendition of update.renditions) {
        const text = await readFile(path.join(storageRoot, PREFIX, rendition.label, 'index.m3u8'), 'utf8');
        playlists[rendition.label] = text;
        for (const segment of parseMediaPlaylist(text).segments) {
          const stored = path.join(storageRoot, PREFIX, rendition.label, segment.uri);
          const written = path.join(update.dir, rendition.label, segment.uri);
          const [storedSize, writtenSize] = [(await stat(stored)).size, (await stat(written)).size];
          if (storedSize !== writtenSize)
            problems.push(`${rendition.label}/${segment.uri}: ${storedSize} of ${writtenSize} bytes`);
        }
      }
      const track = await readFile(path.join(storageRoot, PREFIX, 'storyboard-growing.vtt'), 'utf8').catch(() => null);
      const thumbnails = [...(track ?? '').matchAll(/^(thumbnails\/thumb-\d{5}\.jpg)$/gm)].map((match) => match[1]!);
      for (const thumbnail of thumbnails) {
        const stored = await readFile(path.join(storageRoot, PREFIX, thumbnail));
        // a whole JPEG: it ends with the end-of-image marker
        if (stored.length < 4 || stored.readUInt16BE(stored.length - 2) !== 0xffd9)
          problems.push(`${thumbnail}: not a whole JPEG (${stored.length} bytes)`);
      }
      seen.push({ count: update.count, first, playlists, problems, storyboard: track, thumbnails });
    },
  });
  await output.finish(outputDir);
  finalSegments = parseMediaPlaylist(await readFile(path.join(outputDir, '240p', 'index.m3u8'), 'utf8')).segments
    .length;
}, 600_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a growing output', () => {
  test('is published in steps while ffmpeg runs, the first step playable', () => {
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0].count).toBeLessThan(finalSegments);
    expect(seen[0].first).toBe(true);
    expect(seen.slice(1).every((step) => !step.first)).toBe(true);
    // never fewer segments than before
    for (let i = 1; i < seen.length; i++) expect(seen[i].count).toBeGreaterThan(seen[i - 1].count);
  });

  test('lists only segments that are whole in storage, in an EVENT playlist with no end yet', () => {
    for (const step of seen) {
      expect(step.problems).toEqual([]);
      for (const text of Object.values(step.playlists)) {
        const playlist = parseMediaPlaylist(text);
        expect(playlist.playlistType).toBe('EVENT');
        expect(playlist.endList).toBe(false);
        expect(playlist.segments).toHaveLength(step.count);
        expect(playlist.targetDurationS).toBe(6);
      }
    }
  });

  test('grows a storyboard with the video: each step names only thumbnails whole in storage, one per interval', () => {
    // the thumbnails come with the frames the segments are made of: from the first step on
    expect(seen[0].storyboard).not.toBeNull();
    for (const [i, step] of seen.entries()) {
      expect(step.thumbnails.length).toBeGreaterThan(0);
      if (i > 0) expect(step.thumbnails.length).toBeGreaterThanOrEqual(seen[i - 1].thumbnails.length);
      expect(step.thumbnails).toEqual(
        step.thumbnails.map((_, k) => `thumbnails/thumb-${String(k).padStart(5, '0')}.jpg`),
      );
      // a 40 s source gets a thumbnail a second: cue k covers [k, k + 1) s
      expect(step.storyboard).toContain('WEBVTT');
      expect(step.storyboard).toContain('00:00:00.000 --> 00:00:01.000\nthumbnails/thumb-00000.jpg');
    }
    expect(seen.at(-1)!.thumbnails.length).toBeGreaterThan(seen[0].thumbnails.length);
  });

  test('starts with short segments, so the first seconds play almost at once', () => {
    const playlist = parseMediaPlaylist(seen.at(-1)!.playlists['240p']);
    expect(playlist.segments[0].durationS).toBeCloseTo(2, 3);
    expect(Math.max(...playlist.segments.map((segment) => segment.durationS))).toBeLessThanOrEqual(6.001);
  });

  test('each published segment plays on its own: a keyframe first', async () => {
    const first = path.join(storageRoot, PREFIX, '720p', 'seg_0000.ts');
    const probed = (await runFfprobeJson([
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=flags',
      '-read_intervals',
      '%+#1',
      first,
    ])) as { packets?: Array<{ flags?: string }> };
    expect(probed.packets?.[0]?.flags).toContain('K');
  });

  test('ends closed and complete in storage, the same bytes as the finished output, with measured rates', async () => {
    const stored = path.join(storageRoot, PREFIX);
    await expect(checkHls(stored)).resolves.toEqual([]);
    for (const label of ['240p', '360p', '480p', '720p']) {
      const playlist = parseMediaPlaylist(await readFile(path.join(stored, label, 'index.m3u8'), 'utf8'));
      expect(playlist.endList).toBe(true);
      expect(playlist.playlistType).toBe('EVENT');
      expect(playlist.segments).toHaveLength(finalSegments);
      for (const segment of playlist.segments)
        expect(await sha(path.join(stored, label, segment.uri))).toBe(
          await sha(path.join(outputDir, label, segment.uri)),
        );
    }
    expect(await readFile(path.join(stored, 'master.m3u8'), 'utf8')).toBe(
      await readFile(path.join(outputDir, 'master.m3u8'), 'utf8'),
    );
    const variants = parseMasterPlaylist(await readFile(path.join(stored, 'master.m3u8'), 'utf8'));
    expect(variants.map((variant) => variant.uri)).toEqual([
      '240p/index.m3u8',
      '360p/index.m3u8',
      '480p/index.m3u8',
      '720p/index.m3u8',
    ]);
    // posters came with the first step, the growing storyboard with every step; its sprite sheets with the end
    await expect(stat(path.join(stored, 'storyboard.vtt'))).resolves.toBeTruthy();
    await expect(stat(path.join(stored, 'storyboard-000.jpg'))).resolves.toBeTruthy();
    // which replace the growing storyboard: its single thumbnails and their track are gone from storage
    await expect(stat(path.join(stored, 'thumbnails'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(path.join(stored, 'storyboard-growing.vtt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('a job that starts over (its worker was killed mid-way)', () => {
  test('leaves the playlists players hold as they are until it has passed them, then grows them', async () => {
    const storage = new LocalMediaStorage(storageRoot);
    const stored = (label: string) => readFile(path.join(storageRoot, PREFIX, label, 'index.m3u8'), 'utf8');
    // the earlier attempt got this far
    const earlier = seen[Math.min(1, seen.length - 1)];
    const lastStep = seen.at(-1)!;
    const update = (count: number): SegmentUpdate => ({
      dir: outputDir,
      count,
      renditions: ['240p', '360p', '480p', '720p'].map((label) => ({
        label,
        width: 0,
        height: 0,
        videoBitrateKbps: 100,
        maxrateKbps: 100,
        bufsizeKbps: 100,
        audioBitrateKbps: 64,
        profile: 'main',
        level: '3.0',
      })),
      segments: Object.fromEntries(
        ['240p', '360p', '480p', '720p'].map((label) => [
          label,
          parseMediaPlaylist(lastStep.playlists[label])
            .segments.slice(0, count)
            .map((segment, index) => ({
              index,
              uri: segment.uri,
              durationS: segment.durationS,
            })),
        ]),
      ),
      posters: [],
      thumbnails: { folder: '.thumbnails', files: [], intervalS: 1 },
      frameRate: 30,
      hasAudio: true,
    });
    // storage as the killed attempt left it: its playlists list `earlier.count` segments
    const killed = new ProgressiveOutput(storage, PREFIX, path.join(root, 'scratch-killed'));
    await rm(path.join(storageRoot, PREFIX), { recursive: true, force: true });
    await killed.update(update(earlier.count));
    const before = await stored('480p');
    expect(parseMediaPlaylist(before).segments).toHaveLength(earlier.count);

    const again = new ProgressiveOutput(storage, PREFIX, path.join(root, 'scratch-again'));
    expect(await again.update(update(1))).toBe(false);
    expect(await stored('480p')).toBe(before);
    expect(again.playableSegments).toBe(earlier.count);
    if (lastStep.count > earlier.count) {
      expect(await again.update(update(lastStep.count))).toBe(true);
      expect(parseMediaPlaylist(await stored('480p')).segments).toHaveLength(lastStep.count);
    }
  });
});
