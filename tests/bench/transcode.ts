/**
 * Transcoding speed and quality, on two 1080p30 sources generated once and cached under .cache/bench-media
 * (tests/bench/lib/transcode-sources.ts; making them is never timed):
 * - camera: camera-like, what phones and cameras hand the encoder (High profile H.264 with B-frames at ~15 Mbit/s,
 *   detail and motion everywhere, film grain, AAC); every bar is measured on it;
 * - pattern: the bench's earlier testsrc2 pattern (ultrafast, cheap to decode), kept for comparison.
 * Measured: (a) on camera, transcodeLadder, the one-pass ladder with poster and storyboard, at the default preset
 * (the realtime factor: everything a worker does); (b) on each source, the renditions alone in one ffmpeg run
 * against the same renditions with the same settings, each in its own ffmpeg run, in this same process (the
 * one-pass ratio); (c) SSIM of the top rendition against its source; (d) first_playable_s: on a real CMS (production
 * mode, in-process runner, local storage in a temporary folder), from a tus upload complete to the first segment of
 * the lowest rendition fetched through the media gateway, for the camera source and for a 10-minute one made from it
 * by stream copy (cached too), with where the seconds went (tests/bench/lib/first-playable.ts). Prints the sources'
 * properties, then `name=value` lines and the bars from the issue.
 * Run with `npm run bench -- transcode` (which builds the plugin and config it loads from dist/). BENCH_SOURCE_S
 * sets the sources' length (default 60 s; a shorter one is a smoke run), BENCH_LONG_SOURCE_S the long one's (default
 * 600 s, a multiple of BENCH_SOURCE_S), BENCH_PRESET and BENCH_THREADS the encoder's (the CMS's too);
 * BENCH_ONLY=ladder runs (a) to (c) and (e) alone, BENCH_ONLY=split (a), (c) on the camera source and (e),
 * BENCH_ONLY=first_playable (d) alone. (e): the split encode of the
 * camera source in chunks of BENCH_CHUNK_S (default 12 s), its steps timed one after another, with its SSIM and what
 * it projects to on several workers.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { startBenchCms } from './lib/bench-cms.ts';
import { describeStages, measureFirstPlayable, registerFirstAdmin, waitUntilProcessed } from './lib/first-playable.ts';
import {
  cameraSource,
  describeSource,
  ensureSource,
  loopedSource,
  patternSource,
  type BenchTools,
  type SourceInfo,
} from './lib/transcode-sources.ts';

const require = createRequire(import.meta.url);
const root = process.cwd();
const pluginDist = path.join(root, 'plugins', 'transcoding', 'dist', 'server', 'src');

type Probe = {
  width: number;
  height: number;
  durationS: number;
  frameRate: number;
  nominalFrameRate?: number | null;
  hasAudio: boolean;
  demuxer?: 'mov';
};
type FfmpegRun = {
  inputs: Array<{ path: string; options?: string[] }>;
  filterComplex?: string;
  outputs: Array<{ path: string; options: string[] }>;
  threads?: number;
};
type PlannedRendition = { label: string; width: number; height: number };
type LadderResult = {
  renditions: Array<{
    label: string;
    width: number;
    height: number;
    bandwidth: number;
    averageBandwidth: number;
    playlist: string;
  }>;
};

const { runFfmpeg, runFfprobeJson } = require(path.join(pluginDist, 'media', 'ffmpeg.js')) as BenchTools & {
  runFfmpeg: (run: FfmpegRun) => Promise<void>;
};
const { checkHls } = require(path.join(pluginDist, 'media', 'hls-check.js')) as {
  checkHls: (dir: string) => Promise<string[]>;
};
const ladder = {
  ...(require(path.join(pluginDist, 'media', 'transcode.js')) as {
    transcodeLadder: (options: {
      sourcePath: string;
      outputDir: string;
      probe: Probe;
      preset?: string;
      threads?: number;
    }) => Promise<LadderResult>;
  }),
  ...(require(path.join(pluginDist, 'media', 'ladder.js')) as { planLadder: (probe: Probe) => PlannedRendition[] }),
  ...(require(path.join(pluginDist, 'media', 'hls-encode.js')) as {
    PLAYLIST: string;
    buildLadderRun: (spec: {
      sourcePath: string;
      workDir: string;
      probe: Probe;
      renditions: PlannedRendition[];
      preset: string;
      threads?: number;
    }) => FfmpegRun;
  }),
};
type ChunkPlan = { index: number; startS: number; endS: number; frames: number | null };
const chunks = require(path.join(pluginDist, 'media', 'chunks.js')) as {
  planChunks: (durationS: number, chunkS: number, fps: number) => ChunkPlan[];
  encodeChunk: (spec: Record<string, unknown>) => Promise<string[]>;
};
const ladderPlan = require(path.join(pluginDist, 'media', 'ladder.js')) as {
  outputFrameRate: (probe: Probe) => number;
  planLadder: (probe: Probe, fps?: number) => PlannedRendition[];
  storyboardLayout: (probe: Probe) => { intervalS: number };
};
const { mediaLadder } = require(path.join(root, 'contracts', 'dist', 'index.js')) as {
  mediaLadder: { video: { defaultPreset: string } };
};

function positiveInteger(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, not ${raw}`);
  return value;
}

const SOURCE_S = positiveInteger('BENCH_SOURCE_S', 60, 4);
const LONG_SOURCE_S = positiveInteger('BENCH_LONG_SOURCE_S', 600, SOURCE_S);
/** The split encode's longest chunk here (a multiple of 2; TRANSCODE_CHUNK_S is 60 in production, on longer sources). */
const CHUNK_S = positiveInteger('BENCH_CHUNK_S', 12, 6);
if (LONG_SOURCE_S % SOURCE_S !== 0) throw new Error(`BENCH_LONG_SOURCE_S must be a multiple of BENCH_SOURCE_S`);
const PARTS = ['ladder', 'split', 'first_playable'] as const;
const only = process.env.BENCH_ONLY || undefined;
if (only !== undefined && !(PARTS as readonly string[]).includes(only))
  throw new Error(`BENCH_ONLY must be one of ${PARTS.join(', ')}, not ${only}`);
const parts = Object.fromEntries(PARTS.map((part) => [part, only === undefined || only === part])) as Record<
  (typeof PARTS)[number],
  boolean
>;
const preset = process.env.BENCH_PRESET ?? mediaLadder.video.defaultPreset;
const threads = positiveInteger('BENCH_THREADS', os.availableParallelism());

/** What the worker hands the ladder after probing and validating the upload. */
const probeOf = (info: SourceInfo): Probe => ({
  width: info.width,
  height: info.height,
  durationS: info.durationS,
  frameRate: info.frameRate,
  nominalFrameRate: info.nominalFrameRate,
  hasAudio: info.audioCodec !== null,
  demuxer: 'mov',
});

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; wallS: number }> {
  const started = performance.now();
  const result = await work();
  return { result, wallS: (performance.now() - started) / 1000 };
}

/** Mean SSIM (All) of `distorted` scaled to the source size against `source`, frame by frame from the start. */
async function ssim(
  distorted: string,
  source: string,
  width: number,
  height: number,
  statsFile: string,
): Promise<number> {
  await runFfmpeg({
    inputs: [{ path: distorted }, { path: source }],
    filterComplex:
      `[0:v:0]settb=AVTB,setpts=PTS-STARTPTS,scale=${width}:${height}:flags=bicubic[d];` +
      `[1:v:0]settb=AVTB,setpts=PTS-STARTPTS[s];[d][s]ssim=stats_file=${statsFile}[out]`,
    outputs: [{ path: '-', options: ['-map', '[out]', '-f', 'null'] }],
    threads,
  });
  const values = (await readFile(statsFile, 'utf8'))
    .split('\n')
    .map((line) => /All:([0-9.]+)/.exec(line)?.[1])
    .filter((value): value is string => value !== undefined)
    .map(Number);
  if (values.length === 0) throw new Error('ssim filter wrote no values');
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * The split encode, as workers share it (jobs/chunked-transcode.ts), here one step after another: each chunk, then the
 * stitch (the sound encoded once, the chunks copied, the poster and storyboard, as the parent job makes them). Answers
 * each step's wall time.
 */
async function splitLadder(sourcePath: string, probe: Probe, dir: string) {
  const fps = ladderPlan.outputFrameRate(probe);
  const renditions = ladderPlan.planLadder(probe, fps);
  const storyboard = ladderPlan.storyboardLayout(probe);
  const plan = chunks.planChunks(probe.durationS, CHUNK_S, fps);
  const encoded: Array<{ dir: string; thumbnails: string[] }> = [];
  const chunkWalls: number[] = [];
  for (const chunk of plan) {
    const chunkDir = path.join(dir, `chunk-${chunk.index}`);
    const run = await timed(() =>
      chunks.encodeChunk({
        sourcePath,
        probe,
        renditions,
        frameRate: fps,
        chunk,
        storyboard,
        preset,
        threads,
        dir: chunkDir,
      }),
    );
    chunkWalls.push(run.wallS);
    encoded.push({ dir: chunkDir, thumbnails: run.result });
  }
  const outputDir = path.join(dir, 'out');
  const stitch = await timed(() =>
    (ladder.transcodeLadder as (options: Record<string, unknown>) => Promise<LadderResult>)({
      sourcePath,
      outputDir,
      probe,
      threads,
      stitch: { chunks: plan, ready: async (index: number) => encoded[index] },
    }),
  );
  return { chunks: plan.length, chunkWalls, stitchS: stitch.wallS, outputDir, result: stitch.result };
}

/** Wall time of these jobs on `workers` workers, each taking the next job when free (the queue's order). */
function makespan(walls: number[], workers: number): number {
  const free = Array.from({ length: workers }, () => 0);
  for (const wall of walls) {
    const next = free.indexOf(Math.min(...free));
    free[next] += wall;
  }
  return Math.max(...free);
}

/**
 * The one-pass ratio compares like with like: the renditions alone in one ffmpeg run (the run the worker makes,
 * minus the storyboard thumbnails) against every rendition in its own run, with the same encoder settings.
 */
async function onePassAgainstSeparate(sourcePath: string, probe: Probe, dir: string) {
  const plan = ladder.planLadder(probe);
  const onePassDir = path.join(dir, 'onepass-renditions');
  await mkdir(onePassDir, { recursive: true });
  const onePass = await timed(() =>
    runFfmpeg(ladder.buildLadderRun({ sourcePath, workDir: onePassDir, probe, renditions: plan, preset, threads })),
  );
  const separate: Array<[string, number]> = [];
  for (const rendition of plan) {
    const workDir = path.join(dir, 'separate', rendition.label);
    await mkdir(workDir, { recursive: true });
    const run = ladder.buildLadderRun({ sourcePath, workDir, probe, renditions: [rendition], preset, threads });
    separate.push([rendition.label, (await timed(() => runFfmpeg(run))).wallS]);
  }
  const separateS = separate.reduce((sum, [, wall]) => sum + wall, 0);
  const top = plan.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  return {
    onePassS: onePass.wallS,
    separate,
    separateS,
    ratio: onePass.wallS / separateS,
    topRendition: await wholeRendition(path.join(onePassDir, top.label)),
  };
}

/**
 * A rendition of a bare ladder run, whole: ffmpeg's own playlist keeps only its last few segments while it writes
 * (transcodeLadder rewrites it in full; the bench's one-pass run does not), so the segments are read in order
 * through the concat protocol (MPEG-TS segments join byte for byte).
 */
async function wholeRendition(dir: string): Promise<string> {
  const segments = (await readdir(dir)).filter((name) => /^seg_\d+\.ts$/.test(name)).sort();
  if (segments.length === 0) throw new Error(`no segments in ${dir}`);
  return `concat:${segments.map((name) => path.join(dir, name)).join('|')}`;
}

const log = (message: string) => console.error(`# ${message}`);
const cacheDir = path.join(root, '.cache', 'bench-media');
const tools: BenchTools = { runFfmpeg, runFfprobeJson };
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

// made (or checked) before anything is timed
const specs = { camera: cameraSource(SOURCE_S), pattern: patternSource(SOURCE_S) };
const camera = await ensureSource(tools, specs.camera, cacheDir, log);
const pattern = parts.ladder ? await ensureSource(tools, specs.pattern, cacheDir, log) : null;
const longSpec = loopedSource(specs.camera, camera.info.path, LONG_SOURCE_S / SOURCE_S, 'camera_long');
const long = parts.first_playable ? await ensureSource(tools, longSpec, cacheDir, log) : null;

// the encodes run niced, so anything else busy on the machine slows them down: say so next to the figures
const generated = [camera, pattern, long].some((source) => source?.generated)
  ? ' (includes making the sources just now)'
  : '';
console.log(
  `# ${os.availableParallelism()} cores, preset ${preset}, threads ${threads}, ` +
    `load average ${os.loadavg()[0].toFixed(2)} before${generated}`,
);
for (const [spec, source] of [
  [specs.camera, camera],
  [specs.pattern, pattern],
  [longSpec, long],
] as const) {
  if (source) for (const [name, value] of describeSource(spec, source.info, root)) console.log(`${name}=${value}`);
}
const bars: Array<[string, boolean]> = [];

if (parts.ladder || parts.split) {
  const cameraProbe = probeOf(camera.info);
  const work = await mkdtemp(path.join(os.tmpdir(), 'framecast-bench-transcode-'));
  try {
    // (a) camera: the one-pass ladder, as the worker runs it: renditions + storyboard in one run, poster and sprite after
    const ladderDir = path.join(work, 'camera', 'ladder');
    const onePassLadder = await timed(() =>
      ladder.transcodeLadder({
        sourcePath: camera.info.path,
        outputDir: ladderDir,
        probe: cameraProbe,
        preset,
        threads,
      }),
    );
    const problems = await checkHls(ladderDir);
    for (const problem of problems) console.error(`# hls: ${problem}`);

    // (e) the split encode on the same source, and what it would take on several workers
    const split = await splitLadder(camera.info.path, cameraProbe, path.join(work, 'camera', 'split'));
    const splitProblems = await checkHls(split.outputDir);
    for (const problem of splitProblems) console.error(`# hls (split): ${problem}`);

    // (b) the one-pass ratio on each source (not with BENCH_ONLY=split)
    const ratios = pattern
      ? {
          camera: await onePassAgainstSeparate(camera.info.path, cameraProbe, path.join(work, 'camera')),
          pattern: await onePassAgainstSeparate(pattern.info.path, probeOf(pattern.info), path.join(work, 'pattern')),
        }
      : null;

    // (c) quality of the top rendition: camera from the worker's ladder, pattern from its one-pass renditions
    const top = onePassLadder.result.renditions.at(-1)!;
    const ssimTop = await ssim(
      path.join(ladderDir, top.playlist),
      camera.info.path,
      cameraProbe.width,
      cameraProbe.height,
      path.join(work, 'ssim-camera.log'),
    );
    const ssimTopPattern =
      pattern && ratios
        ? await ssim(
            ratios.pattern.topRendition,
            pattern.info.path,
            pattern.info.width,
            pattern.info.height,
            path.join(work, 'ssim-pattern.log'),
          )
        : null;

    const ssimTopSplit = await ssim(
      path.join(split.outputDir, split.result.renditions.at(-1)!.playlist),
      camera.info.path,
      cameraProbe.width,
      cameraProbe.height,
      path.join(work, 'ssim-split.log'),
    );
    const ladderRealtime = cameraProbe.durationS / onePassLadder.wallS;
    type Ratio = Awaited<ReturnType<typeof onePassAgainstSeparate>>;
    const walls = (ratio: Ratio, suffix: string): Array<[string, number]> => [
      [`onepass_renditions_wall_s${suffix}`, round(ratio.onePassS, 2)],
      ...ratio.separate.map(([label, wall]): [string, number] => [`separate_wall_s_${label}${suffix}`, round(wall, 2)]),
      [`separate_wall_s${suffix}`, round(ratio.separateS, 2)],
    ];
    const splitWallS = split.chunkWalls.reduce((sum, wall) => sum + wall, 0) + split.stitchS;
    console.log('# ladder_*, onepass_ratio, ssim_top, hls_problems: the camera source; *_pattern: the pattern source');
    console.log(
      `# split_*: the camera source as a split encode, its steps one after another here (split_ratio: its wall time ` +
        `over the one-pass ladder's); split_realtime_projected_Nw: N workers, each on a host like this one, each ` +
        `taking the next chunk, then the stitch's own time after the last (it runs beside the chunks: an upper bound)`,
    );
    const figures: Array<[string, string | number]> = [
      ['source_s', SOURCE_S],
      ['renditions', onePassLadder.result.renditions.map((r) => r.label).join(',')],
      ['ladder_wall_s', round(onePassLadder.wallS, 2)],
      ['ladder_realtime', round(ladderRealtime)],
      ...(ratios
        ? [
            ...walls(ratios.camera, ''),
            ...walls(ratios.pattern, '_pattern'),
            ['onepass_ratio', round(ratios.camera.ratio)] as [string, number],
            ['onepass_ratio_pattern', round(ratios.pattern.ratio)] as [string, number],
          ]
        : []),
      ['ssim_top', round(ssimTop, 4)],
      ...(ssimTopPattern === null ? [] : [['ssim_top_pattern', round(ssimTopPattern, 4)] as [string, number]]),
      ['hls_problems', problems.length],
      ['split_chunks', `${split.chunks}x${CHUNK_S}s`],
      ['split_chunk_wall_s', split.chunkWalls.map((wall) => round(wall, 2)).join(',')],
      ['split_stitch_wall_s', round(split.stitchS, 2)],
      ['split_wall_s', round(splitWallS, 2)],
      ['split_ratio', round(splitWallS / onePassLadder.wallS)],
      ['ssim_top_split', round(ssimTopSplit, 4)],
      ['hls_problems_split', splitProblems.length],
      ...[2, 4, 8].map((workers): [string, number] => [
        `split_realtime_projected_${workers}w`,
        round(cameraProbe.durationS / (makespan(split.chunkWalls, workers) + split.stitchS)),
      ]),
    ];
    for (const [name, value] of figures) console.log(`${name}=${value}`);
    bars.push(['ladder_realtime >= 1.0 (camera source)', ladderRealtime >= 1.0]);
    if (ratios) bars.push(['onepass_ratio <= 0.7 (camera source)', ratios.camera.ratio <= 0.7]);
    bars.push(['ssim_top >= 0.95 (camera source)', ssimTop >= 0.95]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (long) {
  // (d) first_playable: a real CMS (in-process runner, local storage), a tus upload, the status polled, the gateway
  console.log(
    `# first_playable_s*: upload complete -> first segment of the lowest rendition through the gateway; ` +
      `a CMS in production mode, preset ${preset}, threads ${threads}`,
  );
  const cms = await startBenchCms(root, { TRANSCODE_PRESET: preset, TRANSCODE_THREADS: String(threads) });
  try {
    const token = await registerFirstAdmin(cms.url);
    for (const [source, name, suffix] of [
      [camera, 'first_playable_s', `_${SOURCE_S}s`],
      [long, 'first_playable_s', ''],
    ] as const) {
      const before = loadAverage();
      const measured = await measureFirstPlayable(cms, token, source.info.path);
      const after = loadAverage();
      for (const line of describeStages(`${name}${suffix}`, measured.milestones)) console.log(line);
      for (const encoder of measured.encoders)
        console.log(
          `# ${name}${suffix}: the CMS's ffmpeg (pid ${encoder.pid}, niced) had run ${encoder.wallS.toFixed(1)} s ` +
            `and used ${encoder.cpuS.toFixed(1)} CPU-s (${Math.round((100 * encoder.cpuS) / encoder.wallS)}% of one core)`,
        );
      console.log(`# load average (1, 5, 15 min) ${before} before, ${after} after`);
      console.log(`${name}${suffix}=${round(measured.seconds, 2)}`);
      bars.push([
        `${name}${suffix} <= 10 (camera source, ${Math.round(source.info.durationS)} s)`,
        measured.seconds <= 10,
      ]);
      // the rest of the encode is not measured: the next upload waits for it; the last one is cancelled
      if (source === camera) {
        const { ended, status } = await waitUntilProcessed(cms, token, measured.documentId, 30 * 60_000);
        if (!ended || status !== 'ready') throw new Error(`the ${SOURCE_S} s video ended ${status}, not ready`);
        // the encode's pace under this load, for reading the figure (no bar)
        const readyS = (Date.now() - measured.milestones[0]!.at) / 1000;
        console.log(`# ${name}${suffix}: the whole video ready ${readyS.toFixed(1)} s after the upload`);
      }
    }
  } finally {
    await cms.stop();
  }
}

console.log(`# load average ${os.loadavg()[0].toFixed(2)} after`);
for (const [bar, met] of bars) console.log(`# bar ${bar}: ${met ? 'met' : 'NOT MET'}`);
if (pattern) console.log('# onepass_ratio_pattern, ssim_top_pattern: for comparison, no bar');
