/**
 * The one job code path, whichever runner calls it: fetch the source, validate it, run the one-pass ladder while its
 * first segments are published as they are finished (progressive-output.ts: the video plays from its first seconds),
 * store the rest and describe the result. Needs no Strapi.
 */
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ProgressiveOutput } from './progressive-output';
import { workFolderFor } from './work-folders';
import { MASTER } from '../media/hls-encode';
import { ladderSourceOf } from '../media/ladder';
import { transcodeLadder } from '../media/transcode';
import { validateSource } from '../media/validate-source';
import { StoredObjectMissingError } from '../storage/shared';
import type { MediaStorage } from '../storage/types';
import {
  outputPrefixFor,
  type JobContext,
  type ReadyOutcome,
  type SourceLocation,
  type TranscodeJobData,
} from './types';

/** The source was refused: retrying cannot help, and the reason is for the creator. */
export class SourceRefusedError extends Error {
  readonly code: string;

  constructor(code: string, reason: string) {
    super(reason);
    this.name = 'SourceRefusedError';
    this.code = code;
  }
}

/** Progress shares of the stages; the encoder dominates. */
const FETCHED = 3;
const VALIDATED = 5;
const ENCODED = 92;

const MISSING_SOURCE = 'The uploaded file is no longer in storage, so it cannot be processed. Upload the video again.';

/** Fetches the source; a source that is gone is final (retrying cannot bring it back), anything else may pass. */
async function fetchSource(source: SourceLocation, storage: MediaStorage, target: string): Promise<void> {
  try {
    await fetchSourceOnce(source, storage, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      error instanceof StoredObjectMissingError ||
      code === 'ENOENT' ||
      (error as { status?: number }).status === 404
    ) {
      throw new SourceRefusedError('missing', MISSING_SOURCE);
    }
    throw error;
  }
}

async function fetchSourceOnce(source: SourceLocation, storage: MediaStorage, target: string): Promise<void> {
  switch (source.kind) {
    case 'storage':
      await storage.downloadToFile(source.key, target);
      return;
    case 'file':
      await copyFile(source.path, target);
      return;
    case 'url': {
      if (!/^https?:\/\//i.test(source.url)) throw new Error(`Source URL must be http(s): ${source.url}`);
      const response = await fetch(source.url, { redirect: 'follow' });
      if (!response.ok || !response.body) {
        throw Object.assign(new Error(`Could not download the source (${response.status} ${response.statusText})`), {
          status: response.status,
        });
      }
      await pipeline(
        Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
        createWriteStream(target),
      );
      return;
    }
  }
}

export async function processTranscodeJob(data: TranscodeJobData, context: JobContext): Promise<ReadyOutcome> {
  const { config, storage } = context;
  let reported = -1;
  const progress = (percent: number) => {
    const value = Math.max(0, Math.min(100, Math.floor(percent)));
    if (value <= reported) return;
    reported = value;
    context.onProgress?.(value);
  };

  const workDir = workFolderFor(config.workDir, context.jobId);
  await mkdir(workDir, { recursive: true });
  try {
    progress(0);
    const extension = (path
      .extname(data.sourceName)
      .toLowerCase()
      .match(/^\.[a-z0-9]{1,5}$/) ?? [''])[0];
    const sourcePath = path.join(workDir, `source${extension}`);
    await fetchSource(data.source, storage, sourcePath);
    progress(FETCHED);

    const validation = await validateSource(sourcePath, config.validation);
    if (!validation.ok) throw new SourceRefusedError(validation.code, validation.reason);
    const probe = validation.probe;
    progress(VALIDATED);

    const outputDir = path.join(workDir, 'out');
    const outputPrefix = outputPrefixFor(data.videoDocumentId, data.checksum);
    const output = new ProgressiveOutput(storage, outputPrefix, path.join(workDir, 'published'));
    const ladder = await transcodeLadder({
      sourcePath,
      outputDir,
      probe: ladderSourceOf(probe),
      preset: config.preset,
      threads: config.threads,
      onProgress: (percent) => progress(VALIDATED + (percent * (ENCODED - VALIDATED)) / 100),
      onSegments: async (update) => {
        if (!(await output.update(update)) || !context.onPlayable) return;
        await context.onPlayable({
          status: 'playable',
          jobId: context.jobId,
          videoDocumentId: data.videoDocumentId,
          checksum: data.checksum,
          ...(data.requestId ? { requestId: data.requestId } : {}),
          outputPrefix,
          master: MASTER,
          renditions: output.renditions,
          posters: update.posters,
          storyboard: output.storyboard,
        });
      },
      onSegmentsError: (error) =>
        context.onWarning?.(
          `the first segments could not be published while encoding (the finished output will be): ${(error as Error).message}`,
        ),
    });

    await output.finish(outputDir);
    progress(100);

    return {
      status: 'ready',
      jobId: context.jobId,
      videoDocumentId: data.videoDocumentId,
      checksum: data.checksum,
      ...(data.requestId ? { requestId: data.requestId } : {}),
      outputPrefix,
      master: ladder.master,
      renditions: ladder.renditions,
      posters: ladder.poster.images,
      storyboard: { vtt: ladder.storyboard.vtt, sprites: ladder.storyboard.sprites },
      media: {
        container: probe.container,
        durationS: probe.durationS,
        width: probe.width,
        height: probe.height,
        frameRate: probe.frameRate,
        videoCodec: probe.videoCodec,
        audioCodec: probe.audioCodec,
        sizeBytes: probe.sizeBytes,
      },
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** A message for the creator from any failure of the job. */
export function describeFailure(error: unknown): { code: string; reason: string } {
  if (error instanceof SourceRefusedError) return { code: `refused:${error.code}`, reason: error.message };
  const name = error instanceof Error ? error.name : 'Error';
  if (name === 'TranscodeError' && (error as { failure?: string }).failure === 'timeout') {
    return { code: 'timeout', reason: 'Processing took too long and was stopped. Try a shorter or smaller file.' };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: name === 'TranscodeError' || name === 'FfmpegError' ? 'transcode' : 'internal',
    reason: `Processing failed: ${detail.slice(0, 500)}`,
  };
}
