/**
 * HLS writing: the one-pass ffmpeg run that decodes the source once and encodes every rendition (and the
 * storyboard thumbnails) into one HLS output, and the master playlist rewritten with measured bitrates.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mediaLadder } from '@framecast/contracts';
import type { FfmpegOutput, FfmpegRun } from './ffmpeg';
import { measureBitrates, parseMasterPlaylist, parseMediaPlaylist } from './hls-check';
import {
  isPortrait,
  outputFrameRate,
  type LadderSource,
  type PlannedRendition,
  type Rendition,
  type StoryboardLayout,
} from './ladder';
import { ALLOWED_DEMUXERS, type Demuxer } from './probe';
import { TranscodeError } from './transcode-error';

export const MASTER = 'master.m3u8';
export const PLAYLIST = 'index.m3u8';
/** ffmpeg's playlist window: the first segments (six, then one of 4 s) are one keyframe interval long. */
const SHORT_SEGMENTS_WINDOW = 5;

/**
 * How the encoder opens a source: as the probe does (media/probe.ts), local files only (no http, tcp, concat,
 * subfile… even from inside a container) and only the allowed demuxers, the probed one named. `file:` + an
 * absolute path: never read as an option or another protocol.
 */
export function sourceInput(
  sourcePath: string,
  demuxer?: Demuxer,
  options: string[] = [],
): { path: string; options: string[] } {
  return {
    path: `file:${path.resolve(sourcePath)}`,
    options: [
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      ALLOWED_DEMUXERS.join(','),
      ...(demuxer ? ['-f', demuxer] : []),
      ...options,
    ],
  };
}

export interface LadderRunSpec {
  sourcePath: string;
  /** Directory the playlists, segments and sprites are written to. */
  workDir: string;
  probe: LadderSource;
  renditions: PlannedRendition[];
  /** The constant output frame rate (transcodeLadder decides it once); omitted: `outputFrameRate(probe)`. */
  frameRate?: number;
  preset: string;
  threads?: number;
  /** Also write storyboard thumbnails (`thumb-00000.jpg`...) into this existing directory; omitted = video only. */
  storyboard?: StoryboardLayout & { thumbnailsDir: string };
  timeoutMs?: number;
  onProgress?: (fraction: number) => void;
  /** Stops the run (see FfmpegRun.signal). */
  signal?: AbortSignal;
}

/**
 * What every H.264 encode of the ladder states (the one-pass run and a chunk of a split encode alike): the constant
 * output rate, and keyframes on the 2 s grid and nowhere else, so the renditions' segments line up. `startS`: where the
 * encode starts on the video's timeline (a chunk's first frame), so its keyframes fall on the video's grid.
 */
export function videoEncoderOptions(fps: number, startS = 0): string[] {
  const gop = Math.max(1, Math.round(fps * mediaLadder.keyframeIntervalS));
  const interval = mediaLadder.keyframeIntervalS;
  // the first grid point after the start (the start itself is a keyframe: every encode opens with one)
  const first = Math.floor(startS / interval + 1e-9) + 1;
  const expression =
    startS === 0 ? `gte(t,n_forced*${interval})` : `gte(t+${startS.toFixed(6)},(n_forced+${first})*${interval})`;
  return [
    '-pix_fmt',
    'yuv420p',
    // that constant rate stated to the encoder and the muxer too, never guessed from the source's timestamps
    '-fps_mode',
    'cfr',
    '-r',
    String(fps),
    // keyframes on the same 2 s grid in every rendition, and none elsewhere, so segments line up
    '-force_key_frames',
    `expr:${expression}`,
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
  ];
}

/** The HLS muxer as the ladder uses it: each rendition of `streamMap` into `dir/<label>/`, with the master beside. */
export function hlsMuxerOptions(dir: string, streamMap: string): string[] {
  return [
    '-f',
    'hls',
    '-hls_time',
    String(mediaLadder.segmentDurationS),
    // the first seconds in short segments, so a video plays almost at once while the rest is encoded: ffmpeg cuts
    // at `hls_init_time` until its playlist window is full, then at `hls_time` (segment-record.ts keeps every
    // segment, and the playlists players get are written from it)
    '-hls_init_time',
    String(mediaLadder.keyframeIntervalS),
    '-hls_list_size',
    String(SHORT_SEGMENTS_WINDOW),
    // each segment and playlist is written under a temporary name and renamed when whole: a listed segment is
    // complete
    '-hls_flags',
    'independent_segments+temp_file',
    '-hls_segment_type',
    'mpegts',
    '-hls_segment_filename',
    path.join(dir, '%v', 'seg_%04d.ts'),
    '-master_pl_name',
    MASTER,
    '-var_stream_map',
    streamMap,
  ];
}

/**
 * The renditions from `[vsrc]`, scaled in a cascade, each rung from the next larger one (720p from the source, 480p
 * from 720p, ...): the scalers read a fraction of the pixels they would read from the source every time. Rendition i
 * comes out as `[v<i>]`.
 */
export function scaleCascade(renditions: readonly PlannedRendition[], portrait: boolean): string[] {
  const largestFirst = renditions
    .map((rendition, i) => ({ rendition, i }))
    .sort((a, b) => b.rendition.height * b.rendition.width - a.rendition.height * a.rendition.width);
  return largestFirst.map(({ rendition, i }, step) => {
    const input = step === 0 ? '[vsrc]' : `[vc${largestFirst[step - 1].i}]`;
    const scale = `scale=${portrait ? `${rendition.width}:-2` : `-2:${rendition.height}`}`;
    const last = step === largestFirst.length - 1;
    return last ? `${input}${scale}[v${i}]` : `${input}${scale},split=2[v${i}][vc${i}]`;
  });
}

/** The storyboard's single thumbnails (`thumb-00000.jpg`...) from `[sb]` into `dir`, each written whole. */
export function thumbnailsOutput(dir: string, fps: number): FfmpegOutput {
  return {
    // single thumbnails rather than a `tile` filter here: ffmpeg reports no progress until every output has
    // written its first frame, and a tiled sheet is only written once full
    path: path.join(dir, 'thumb-%05d.jpg'),
    options: [
      '-map',
      '[sb]',
      '-c:v',
      'mjpeg',
      '-q:v',
      String(mediaLadder.storyboard.jpegQuality),
      // a thumbnail would otherwise last `intervalS` and push ffmpeg's progress (the furthest output end
      // time) ahead of the video; -r gives it a one-frame duration, passthrough keeps every thumbnail
      '-fps_mode',
      'passthrough',
      '-r',
      String(fps),
      '-start_number',
      '0',
      // each thumbnail appears whole (written beside, then renamed): they are published as they come
      '-atomic_writing',
      '1',
      '-f',
      'image2',
    ],
  };
}

/** The one-pass ffmpeg run: decode once, split, scale and encode every rendition into one HLS output. */
export function buildLadderRun(spec: LadderRunSpec): FfmpegRun {
  const { renditions, probe, storyboard } = spec;
  const count = renditions.length;
  const fps = spec.frameRate ?? outputFrameRate(probe);
  const portrait = isPortrait(probe);

  // decode once, at the one constant rate (a variable-rate source's frames repeated or dropped to it, so `gop` frames
  // are 2 s); scale in a cascade, each rung from the next larger one (720p from the source, 480p from 720p, ...):
  // the scalers read a fraction of the pixels they would read from the source every time
  const graph = [storyboard ? `[0:v:0]fps=${fps},split=2[vsrc][vsb]` : `[0:v:0]fps=${fps}[vsrc]`];
  graph.push(...scaleCascade(renditions, portrait));
  if (storyboard) {
    graph.push(`[vsb]fps=1/${storyboard.intervalS},scale=${storyboard.tileWidth}:-2[sb]`);
  }
  if (probe.hasAudio) {
    const { sampleRate } = mediaLadder.audio;
    graph.push(
      `[0:a:0]aresample=${sampleRate},aformat=channel_layouts=stereo,asplit=${count}${renditions.map((_, i) => `[a${i}]`).join('')}`,
    );
  }

  const maps = renditions.flatMap((_, i) =>
    probe.hasAudio ? ['-map', `[v${i}]`, '-map', `[a${i}]`] : ['-map', `[v${i}]`],
  );
  const perRendition = renditions.flatMap((r, i) => [
    `-b:v:${i}`,
    `${r.videoBitrateKbps}k`,
    `-maxrate:v:${i}`,
    `${r.maxrateKbps}k`,
    `-bufsize:v:${i}`,
    `${r.bufsizeKbps}k`,
    `-profile:v:${i}`,
    r.profile,
    `-level:v:${i}`,
    r.level,
    ...(probe.hasAudio ? [`-b:a:${i}`, `${r.audioBitrateKbps}k`] : []),
  ]);
  const streamMap = renditions
    .map((r, i) => (probe.hasAudio ? `v:${i},a:${i},name:${r.label}` : `v:${i},name:${r.label}`))
    .join(' ');
  const hlsOutput = {
    path: path.join(spec.workDir, '%v', PLAYLIST),
    options: [
      ...maps,
      '-c:v',
      'libx264',
      '-preset',
      spec.preset,
      ...videoEncoderOptions(fps),
      ...(probe.hasAudio
        ? ['-c:a', 'aac', '-ar', String(mediaLadder.audio.sampleRate), '-ac', String(mediaLadder.audio.channels)]
        : []),
      ...perRendition,
      ...hlsMuxerOptions(spec.workDir, streamMap),
    ],
  };
  const outputs = [hlsOutput];
  if (storyboard) {
    outputs.push(thumbnailsOutput(storyboard.thumbnailsDir, fps));
  }
  return {
    inputs: [sourceInput(spec.sourcePath, probe.demuxer)],
    filterComplex: graph.join(';'),
    outputs,
    threads: spec.threads,
    timeoutMs: spec.timeoutMs,
    durationS: probe.durationS,
    onProgress: spec.onProgress,
    signal: spec.signal,
  };
}

/** RFC 6381 codec string for when ffmpeg leaves CODECS out. */
function fallbackCodecs(rendition: PlannedRendition, hasAudio: boolean): string {
  const profile = { baseline: '42e0', main: '4d40', high: '6400' }[rendition.profile];
  const level = Math.round(Number(rendition.level) * 10)
    .toString(16)
    .padStart(2, '0');
  return `avc1.${profile}${level}${hasAudio ? ',mp4a.40.2' : ''}`;
}

/** A rendition as the master playlist declares it before its segments can be measured (the plan's peak rates). */
export function plannedRendition(planned: PlannedRendition, hasAudio: boolean): Rendition {
  const bandwidth = (planned.maxrateKbps + (hasAudio ? planned.audioBitrateKbps : 0)) * 1000;
  return {
    label: planned.label,
    width: planned.width,
    height: planned.height,
    bandwidth,
    averageBandwidth: (planned.videoBitrateKbps + (hasAudio ? planned.audioBitrateKbps : 0)) * 1000,
    codecs: fallbackCodecs(planned, hasAudio),
    playlist: `${planned.label}/${PLAYLIST}`,
  };
}

/** The master playlist's text for these renditions, each at the one output frame rate. */
export function masterPlaylist(renditions: readonly Rendition[], fps: number): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const rendition of renditions) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${rendition.bandwidth},AVERAGE-BANDWIDTH=${rendition.averageBandwidth},` +
        `RESOLUTION=${rendition.width}x${rendition.height},CODECS="${rendition.codecs}",FRAME-RATE=${fps.toFixed(3)}`,
      rendition.playlist,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Rewrites master.m3u8 with BANDWIDTH (peak) and AVERAGE-BANDWIDTH measured from the segments, as RFC 8216
 * defines them: ffmpeg 5.x declares target bitrate x 1.1 and no average. RESOLUTION and CODECS are ffmpeg's.
 */
export async function finalizeMaster(
  workDir: string,
  renditions: PlannedRendition[],
  hasAudio: boolean,
  fps: number,
): Promise<Rendition[]> {
  const written = parseMasterPlaylist(await readFile(path.join(workDir, MASTER), 'utf8'));
  const result: Rendition[] = [];
  for (const planned of renditions) {
    const playlist = `${planned.label}/${PLAYLIST}`;
    const playlistPath = path.join(workDir, playlist);
    const media = parseMediaPlaylist(await readFile(playlistPath, 'utf8'));
    if (media.segments.length === 0 || !media.endList) {
      throw new TranscodeError(
        'output_incomplete',
        `transcodeLadder: ${playlist} is incomplete (${media.segments.length} segments, ${media.endList ? '' : 'no '}end list)`,
      );
    }
    const measured = await measureBitrates(playlistPath, media);
    const attributes = written.find((variant) => variant.uri === playlist)?.attributes ?? {};
    const [width, height] = (attributes.RESOLUTION ?? '').split('x').map(Number);
    const rendition: Rendition = {
      label: planned.label,
      width: width > 0 ? width : planned.width,
      height: height > 0 ? height : planned.height,
      bandwidth: measured.peak,
      averageBandwidth: measured.average,
      codecs: attributes.CODECS || fallbackCodecs(planned, hasAudio),
      playlist,
    };
    result.push(rendition);
  }
  await writeFile(path.join(workDir, MASTER), masterPlaylist(result, fps));
  return result;
}
