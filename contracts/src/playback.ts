/**
 * The media contract the transcoding plugin serves and its readers (the admin pages, the site) consume:
 * one definition, so a field added here is a type error wherever it is not handled.
 * See plugins/transcoding/README.md.
 */

/** One poster size in both formats. */
export interface PosterImage {
  width: number;
  height: number;
  webp: string;
  jpeg: string;
}

/** One rung of the HLS ladder, as the master playlist declares it. */
export interface PlaybackRendition {
  label: string;
  width: number;
  height: number;
  /** bit/s */
  bandwidth: number;
}

/**
 * Where a video plays from; `null` until its first seconds can play. URLs may be absolute or relative to the
 * CMS (`/media/...`).
 */
export interface Playback {
  /** Master playlist URL. */
  hls: string;
  /** Largest first. */
  posters: PosterImage[];
  /** WebVTT thumbnails track; image URLs inside are relative to it (sprite sheets, or single thumbnails while growing). */
  storyboard: string | null;
  renditions: PlaybackRendition[];
  /**
   * Still being encoded: the playlists grow as segments are finished (`EVENT`, no end yet), so does the storyboard
   * (single thumbnails), and the duration is not final. A player starts at the beginning and keeps reloading the playlist.
   * Absent (an answer from before it existed, still in a cache) means finished.
   */
  growing?: boolean;
  /** ISO time the signed URLs stop working; null when they are public. */
  expiresAt: string | null;
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

/** A transcoding job as the admin's queue page shows it. */
export interface TranscodeJobView {
  id: string;
  videoDocumentId: string;
  videoTitle: string | null;
  state: JobState;
  progress: number;
  attemptsMade: number;
  failedReason: string | null;
  createdAt: string;
  finishedAt: string | null;
}
