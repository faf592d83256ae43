/** How the upload inbox words a video's processing, and whether it waits for it. */
import type { InboxVideo } from '@framecast/contracts';

/** Still being processed: the inbox looks again every few seconds while any row is. */
export const isProcessing = (video: InboxVideo) =>
  video.hasVideoFile &&
  (video.processingStatus === 'uploaded' ||
    video.processingStatus === 'queued' ||
    video.processingStatus === 'processing');

/** The processing state in a few words: "Ready", "Processing 40 %", "Waiting to be processed", "Failed", "No video file". */
export function processingLabel(video: InboxVideo): string {
  if (!video.hasVideoFile) return 'No video file';
  switch (video.processingStatus) {
    case 'ready':
      return 'Ready';
    case 'processing':
      return `Processing ${Math.max(0, Math.min(99, Math.round(video.processingProgress ?? 0)))} %`;
    case 'failed':
      return 'Failed';
    default:
      return 'Waiting to be processed';
  }
}
