/** What a video's schedule says, in the viewer's own time zone: shared by the edit view panel and the list column. */
export interface ScheduledVideo {
  scheduledAt?: string | null;
  unpublishAt?: string | null;
  processingStatus?: string | null;
  processingProgress?: number | null;
  publishedAt?: string | null;
  status?: string | null;
}

export const VIDEO_UID = 'api::video.video';

/** The admin user's time zone, named as the browser knows it (Europe/Paris). */
export function timeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "Tue, Dec 8, 2026, 6:00 PM" in the browser's zone. */
export function momentLabel(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: timeZone(),
  }).format(new Date(iso));
}

/** Why a due publish waits, or null when the media is ready. */
export function mediaWait(video: ScheduledVideo): string | null {
  switch (video.processingStatus) {
    case 'ready':
      return null;
    case 'processing':
      return `its video is still being processed (${Math.round(video.processingProgress ?? 0)} % done)`;
    case 'failed':
      return 'its video could not be processed: replace the video file';
    default:
      return 'its video is not processed yet';
  }
}

/** "Dec 8, 6:00 PM" in the browser's zone (the year only when it is not this one): short enough for a table cell. */
export function shortMomentLabel(iso: string, locale?: string, now = new Date()): string {
  const moment = new Date(iso);
  const sameYear =
    new Intl.DateTimeFormat('en-US', { year: 'numeric', timeZone: timeZone() }).format(moment) ===
    new Intl.DateTimeFormat('en-US', { year: 'numeric', timeZone: timeZone() }).format(now);
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
    timeZone: timeZone(),
  }).format(moment);
}

/** One line for the list column: "Scheduled for …", or null when nothing is scheduled. */
export function scheduleLine(video: ScheduledVideo, now = Date.now()): string | null {
  if (video.scheduledAt) {
    const due = new Date(video.scheduledAt).getTime() <= now;
    return `${due ? 'Due since' : 'Scheduled for'} ${shortMomentLabel(video.scheduledAt)}`;
  }
  if (video.unpublishAt) return `Unpublishes ${shortMomentLabel(video.unpublishAt)}`;
  return null;
}
