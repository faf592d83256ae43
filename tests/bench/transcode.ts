/**
 * Transcoding speed and quality: a 60 s 1080p30 source (testsrc2 + sine, cached under .cache/bench-media)
 * through (a) transcodeLadder, the one-pass ladder with poster and storyboard, at the default preset (the
 * realtime factor: everything a worker does); (b) the renditions alone in one ffmpeg run against the same
 * renditions with the same settings, each in its own ffmpeg run (the one-pass ratio); (c) SSIM of the top rendition
 * against the source. Prints `name=value` lines and the bars from the issue.
 * Run with `npm run bench -- transcode` (which builds the plugin and config it loads from dist/).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = process.cwd();
const pluginDist = path.join(root, 'plugins', 'transcoding', 'dist', 'server', 'src');

type Probe = { width: number; height: number; durationS: number; frameRate: number; hasAudio: boolean };
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

const { runFfmpeg } = require(path.join(pluginDist, 'media', 'ffmpeg.js')) as {
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
const { mediaLadder } = require(path.join(root, 'contracts', 'dist', 'index.js')) as {
  mediaLadder: { video: { defaultPreset: string } };
};

const SOURCE_S = 60;
const probe: Probe = { width: 1920, height: 1080, durationS: SOURCE_S, frameRate: 30, hasAudio: true };
const preset = process.env.BENCH_PRESET ?? mediaLadder.video.defaultPreset;
const threads = process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : os.availableParallelism();

/** The generated source, encoded once and kept: generating it is not what is measured. */
async function benchSource(): Promise<string> {
  const dir = path.join(root, '.cache', 'bench-media');
  const file = path.join(dir, `testsrc2-1080p30-${SOURCE_S}s.mp4`);
  if (existsSync(file)) return file;
  await mkdir(dir, { recursive: true });
  const partial = path.join(dir, `.partial-${process.pid}.mp4`);
  console.error(`# generating ${path.relative(root, file)} (once)`);
  await runFfmpeg({
    inputs: [
      { path: `testsrc2=size=1920x1080:rate=30:duration=${SOURCE_S}`, options: ['-f', 'lavfi'] },
      { path: `sine=frequency=440:sample_rate=48000:duration=${SOURCE_S}`, options: ['-f', 'lavfi'] },
    ],
    outputs: [
      {
        path: partial,
        options: [
          '-map',
          '0:v',
          '-map',
          '1:a',
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-crf',
          '18',
          '-pix_fmt',
          'yuv420p',
          '-c:a',
          'aac',
          '-b:a',
          '192k',
          '-f',
          'mp4',
        ],
      },
    ],
  });
  await rename(partial, file);
  return file;
}

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

const source = await benchSource();
const work = await mkdtemp(path.join(os.tmpdir(), 'framecast-bench-transcode-'));
try {
  // the encodes run niced, so anything else busy on the machine slows them down: say so next to the figures
  console.log(
    `# ${os.availableParallelism()} cores, preset ${preset}, threads ${threads}, load average ${os.loadavg()[0].toFixed(2)} before`,
  );

  // (a) the one-pass ladder, as the worker runs it: renditions + storyboard in one run, poster and sprite after
  const onePassDir = path.join(work, 'onepass');
  const onePass = await timed(() =>
    ladder.transcodeLadder({ sourcePath: source, outputDir: onePassDir, probe, preset, threads }),
  );
  const problems = await checkHls(onePassDir);
  for (const problem of problems) console.error(`# hls: ${problem}`);

  // (b) the ratio compares like with like: the renditions alone in one ffmpeg run (the run the worker makes,
  // minus the storyboard thumbnails) against every rendition in its own run, with the same encoder settings
  const plan = ladder.planLadder(probe);
  const renditionsOnlyDir = path.join(work, 'onepass-renditions');
  await mkdir(renditionsOnlyDir, { recursive: true });
  const renditionsOnly = await timed(() =>
    runFfmpeg(
      ladder.buildLadderRun({
        sourcePath: source,
        workDir: renditionsOnlyDir,
        probe,
        renditions: plan,
        preset,
        threads,
      }),
    ),
  );
  const separateWalls: Array<[string, number]> = [];
  for (const rendition of plan) {
    const workDir = path.join(work, 'separate', rendition.label);
    await mkdir(workDir, { recursive: true });
    const run = ladder.buildLadderRun({ sourcePath: source, workDir, probe, renditions: [rendition], preset, threads });
    separateWalls.push([rendition.label, (await timed(() => runFfmpeg(run))).wallS]);
  }
  const separateS = separateWalls.reduce((sum, [, wall]) => sum + wall, 0);

  // (c) quality of the top rendition
  const top = onePass.result.renditions.at(-1)!;
  const ssimTop = await ssim(
    path.join(onePassDir, top.playlist),
    source,
    probe.width,
    probe.height,
    path.join(work, 'ssim.log'),
  );

  const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
  const ladderRealtime = SOURCE_S / onePass.wallS;
  const onePassRatio = renditionsOnly.wallS / separateS;
  const figures: Array<[string, string | number]> = [
    ['source_s', SOURCE_S],
    ['renditions', onePass.result.renditions.map((r) => r.label).join(',')],
    ['ladder_wall_s', round(onePass.wallS, 2)],
    ['ladder_realtime', round(ladderRealtime)],
    ['onepass_renditions_wall_s', round(renditionsOnly.wallS, 2)],
    ...separateWalls.map(([label, wall]): [string, number] => [`separate_wall_s_${label}`, round(wall, 2)]),
    ['separate_wall_s', round(separateS, 2)],
    ['onepass_ratio', round(onePassRatio)],
    ['ssim_top', round(ssimTop, 4)],
    ['hls_problems', problems.length],
  ];
  for (const [name, value] of figures) console.log(`${name}=${value}`);
  console.log(`# load average ${os.loadavg()[0].toFixed(2)} after`);
  const bars = [
    ['ladder_realtime >= 1.0', ladderRealtime >= 1.0],
    ['onepass_ratio <= 0.7', onePassRatio <= 0.7],
    ['ssim_top >= 0.95', ssimTop >= 0.95],
  ] as const;
  for (const [bar, met] of bars) console.log(`# bar ${bar}: ${met ? 'met' : 'NOT MET'}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
