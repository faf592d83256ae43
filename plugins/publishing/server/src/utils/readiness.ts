/** Whether a video's media lets it be published, and if not, why, in words a creator understands. */
export interface MediaState {
  title?: string | null;
  processingStatus?: string | null;
  processingProgress?: number | null;
  failureReason?: string | null;
  sourceKey?: string | null;
  /** The creator chose to publish as soon as the first seconds play, while the rest is processed. */
  publishEarly?: boolean | null;
  /** `growing`: the first seconds play already (plugins/transcoding). */
  playbackAssets?: { growing?: boolean } | null;
}

/** Fields of a video row that readiness reads. */
export const MEDIA_STATE_FIELDS = [
  'title',
  'processingStatus',
  'processingProgress',
  'failureReason',
  'sourceKey',
  'publishEarly',
  'playbackAssets',
] as const;

/** Null when the video may be published; otherwise the reason, to follow "can't be published yet: ". */
export function notReadyReason(video: MediaState): string | null {
  switch (video.processingStatus) {
    case 'ready':
      return null;
    case 'processing':
      // published early: it plays from its first seconds and grows while the rest is processed
      if (video.publishEarly && video.playbackAssets?.growing) return null;
      return `its video is still being processed (${Math.max(0, Math.min(99, Math.round(video.processingProgress ?? 0)))} % done)`;
    case 'queued':
      return 'its video is waiting to be processed';
    case 'failed':
      return `its video could not be processed${video.failureReason ? ` (${video.failureReason.trim().replace(/\.$/, '')})` : ''}`;
    default:
      return video.sourceKey ? 'its video is waiting to be processed' : 'it has no video file yet';
  }
}

/** The whole message the admin shows when a publish is refused for want of media. */
export function refusalMessage(video: MediaState, reason: string): string {
  const what = video.title ? `“${video.title}”` : 'This video';
  const waiting = video.processingStatus === 'processing' || video.processingStatus === 'queued' || video.sourceKey;
  const advice =
    video.processingStatus === 'failed'
      ? 'Replace the video file, then publish.'
      : waiting && video.publishEarly
        ? 'It can be published as soon as its first seconds play, while the rest is processed: try again in a moment, or set “Scheduled at” and it is published then.'
        : waiting
          ? 'Set “Scheduled at” instead: it is published as soon as it is ready, at that time or later. To publish it while it is still processing, turn on “Publish early”.'
          : 'Upload its video file first (Videos: upload & queue).';
  return `${what} can’t be published yet: ${reason}. ${advice}`;
}
