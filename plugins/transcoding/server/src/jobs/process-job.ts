/**
 * The one job code path, whichever runner calls it: fetch the source, validate it, run the one-pass ladder while its
 * first segments are published as they are finished (progressive-output.ts: the video plays from its first seconds),
 * store the rest and describe the result. Needs no Strapi.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { splitEncode, splitPlanFor } from './chunked-transcode';
import { fetchSource, sourcePathIn, SourceRefusedError } from './fetch-source';
import { ProgressiveOutput } from './progressive-output';
import { workFolderFor } from './work-folders';
import { MASTER } from '../media/hls-encode';
import { ladderSourceOf } from '../media/ladder';
import { transcodeLadder, type TranscodeLadderOptions } from '../media/transcode';
import { validateSource } from '../media/validate-source';
import { outputPrefixFor, type JobContext, type ReadyOutcome, type TranscodeJobData } from './types';

/** Progress shares of the stages; the encoder dominates. */
const FETCHED = 3;
const VALIDATED = 5;
const ENCODED = 92;

export { SourceRefusedError };

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
    const sourcePath = sourcePathIn(workDir, data.sourceName);
    await fetchSource(data.source, storage, sourcePath);
    progress(FETCHED);

    const validation = await validateSource(sourcePath, config.validation);
    if (!validation.ok) throw new SourceRefusedError(validation.code, validation.reason);
    const probe = validation.probe;
    progress(VALIDATED);

    const outputDir = path.join(workDir, 'out');
    const outputPrefix = outputPrefixFor(data.videoDocumentId, data.checksum);
    const output = new ProgressiveOutput(storage, outputPrefix, path.join(workDir, 'published'));
    const ladderOptions: TranscodeLadderOptions = {
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
    };
    // a long source with other workers at hand is split among them; otherwise one pass, here
    const chunks = splitPlanFor(config, context, ladderOptions.probe);
    const ladder = chunks
      ? await splitEncode({ data, context, chunks, workDir, ladder: ladderOptions })
      : await transcodeLadder(ladderOptions);

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
