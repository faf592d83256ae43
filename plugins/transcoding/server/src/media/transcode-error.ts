/** Why transcodeLadder failed; the job turns it into a message for the creator (jobs/process-job.ts). */
export type TranscodeFailure =
  'invalid_input' | 'source_unreadable' | 'ffmpeg_failed' | 'timeout' | 'output_incomplete';

export class TranscodeError extends Error {
  readonly failure: TranscodeFailure;

  constructor(failure: TranscodeFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TranscodeError';
    this.failure = failure;
  }
}
