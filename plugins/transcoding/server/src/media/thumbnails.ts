/** Posters (one seek, every size in WebP and JPEG) and the storyboard: sprite sheets tiled from the thumbnails and their WebVTT track. */
import path from 'node:path';
import { mediaLadder } from '@framecast/contracts';
import type { FfmpegRun } from './ffmpeg';
import { sourceInput } from './hls-encode';
import { evenScaled, type LadderSource, type PosterImage, type SpriteGrid, type StoryboardLayout } from './ladder';

export const SPRITE_PREFIX = 'storyboard-';

/** Poster widths for a source: the configured ones no wider than the source, else the source's own. */
function posterSizes(probe: LadderSource): Array<{ width: number; height: number }> {
  const sourceWidth = probe.width - (probe.width % 2);
  const widths: number[] = mediaLadder.poster.widths.filter((width) => width <= sourceWidth);
  if (widths.length === 0) widths.push(sourceWidth);
  return widths.map((width) => ({ width, height: evenScaled(width, probe.height, probe.width) }));
}

export function buildPosterRun(
  sourcePath: string,
  workDir: string,
  probe: LadderSource,
  atS: number,
  timeoutMs: number,
  threads?: number,
) {
  const sizes = posterSizes(probe);
  const graph = [`[0:v:0]split=${sizes.length}${sizes.map((_, i) => `[p${i}]`).join('')}`];
  const outputs: FfmpegRun['outputs'] = [];
  const images: PosterImage[] = sizes.map(({ width, height }, i) => {
    graph.push(`[p${i}]scale=${width}:-2,setsar=1,split=2[w${i}][j${i}]`);
    const image = { width, height, webp: `poster-${width}.webp`, jpeg: `poster-${width}.jpg` };
    outputs.push(
      {
        path: path.join(workDir, image.webp),
        options: [
          '-map',
          `[w${i}]`,
          '-frames:v',
          '1',
          '-c:v',
          'libwebp',
          '-quality',
          String(mediaLadder.poster.webpQuality),
          '-f',
          'webp',
        ],
      },
      {
        path: path.join(workDir, image.jpeg),
        options: [
          '-map',
          `[j${i}]`,
          '-frames:v',
          '1',
          '-c:v',
          'mjpeg',
          '-q:v',
          String(mediaLadder.poster.jpegQuality),
          '-update',
          '1',
          '-f',
          'image2',
        ],
      },
    );
    return image;
  });
  const run: FfmpegRun = {
    inputs: [sourceInput(sourcePath, probe.demuxer, ['-ss', atS.toFixed(3)])],
    filterComplex: graph.join(';'),
    outputs,
    threads,
    timeoutMs,
  };
  return { run, images };
}

function vttTimestamp(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const hh = Math.floor(ms / 3_600_000);
  const mm = Math.floor((ms % 3_600_000) / 60_000);
  const ss = Math.floor((ms % 60_000) / 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(hh)}:${pad(mm)}:${pad(ss)}.${pad(ms % 1000, 3)}`;
}

/** Tiles the thumbnails into sprite sheets `storyboard-000.jpg`... (a short run over small JPEGs). */
export function buildSpriteRun(thumbnailsDir: string, workDir: string, grid: SpriteGrid, timeoutMs: number): FfmpegRun {
  return {
    inputs: [
      {
        path: path.join(thumbnailsDir, 'thumb-%05d.jpg'),
        options: ['-protocol_whitelist', 'file', '-f', 'image2', '-framerate', '1', '-start_number', '0'],
      },
    ],
    filterComplex: `[0:v:0]tile=${grid.columns}x${grid.rows}[sheet]`,
    outputs: [
      {
        path: path.join(workDir, `${SPRITE_PREFIX}%03d.jpg`),
        options: [
          '-map',
          '[sheet]',
          '-c:v',
          'mjpeg',
          '-q:v',
          String(mediaLadder.storyboard.jpegQuality),
          '-start_number',
          '0',
          '-f',
          'image2',
        ],
      },
    ],
    timeoutMs,
  };
}

/** The storyboard while the video is encoded: single thumbnails, listed as they are written (thumbnailsVtt). */
export const GROWING_STORYBOARD_VTT = 'storyboard-growing.vtt';
/** Where the single thumbnails are kept beside it (relative to the output, as the growing track names them). */
export const GROWING_THUMBNAILS_DIR = 'thumbnails';
const THUMBNAIL = /^thumb-(\d{5})\.jpg$/;

/** The whole thumbnails among `names` (a folder's listing: ffmpeg's temporary files left out), in order. */
export function thumbnailFiles(names: string[]): string[] {
  return names.filter((name) => THUMBNAIL.test(name)).sort();
}

/**
 * WebVTT thumbnails track over single images (`thumb-00000.jpg`...), the first `files.length` of the storyboard:
 * cue k covers [k*interval, (k+1)*interval) and names `folder/thumb-k.jpg`. Plyr shows a whole image when a cue has
 * no `#xywh`.
 */
export function thumbnailsVtt(files: string[], intervalS: number, folder: string): string {
  const cues = ['WEBVTT', ''];
  files.forEach((file, k) => {
    cues.push(`${vttTimestamp(k * intervalS)} --> ${vttTimestamp((k + 1) * intervalS)}`, `${folder}/${file}`, '');
  });
  return cues.join('\n');
}

/** WebVTT thumbnails track: cue k covers [k*interval, (k+1)*interval) and points at its tile. */
export function storyboardVtt(
  layout: StoryboardLayout & SpriteGrid & { count: number },
  durationS: number,
  spriteName: (sheet: number) => string,
): string {
  const perSheet = layout.columns * layout.rows;
  const cues = ['WEBVTT', ''];
  for (let k = 0; k < layout.count; k++) {
    const sheet = Math.floor(k / perSheet);
    const index = k % perSheet;
    const x = (index % layout.columns) * layout.tileWidth;
    const y = Math.floor(index / layout.columns) * layout.tileHeight;
    const start = k * layout.intervalS;
    const end = Math.min((k + 1) * layout.intervalS, Math.max(durationS, start + 0.001));
    cues.push(
      `${vttTimestamp(start)} --> ${vttTimestamp(end)}`,
      `${spriteName(sheet)}#xywh=${x},${y},${layout.tileWidth},${layout.tileHeight}`,
      '',
    );
  }
  return cues.join('\n');
}
