// A video that is still being encoded plays from playlists that grow (`Playback.growing`: EVENT, no ENDLIST yet).
// hls.js and Safari treat such a playlist as live and would start near its newest segment; this video is watched
// from the beginning, like any other, while more of it arrives. Pure and DOM-free: the player script uses it and
// the unit tests run it under Node.

/** What the page says under the player while the video grows, and once the player saw its end. */
export const GROWING_NOTE = {
  title: 'Still processing.',
  body: 'You can watch the part that is ready now; more of the video arrives as you watch.',
  finished: 'Processing is finished: the whole video is here now.',
} as const;

/**
 * hls.js settings for a growing video: start at 0 (not at the live edge), never jump ahead to the edge however far
 * behind it the viewer watches, and a media duration that is what is there so far (the timeline of a video that
 * grows, not the endless one of a broadcast). The playlist is reloaded every target duration, as for any live one.
 */
export const GROWING_HLS_CONFIG = {
  startPosition: 0,
  // both counts together: hls.js refuses a max latency without the sync one it must exceed
  liveSyncDurationCount: 3,
  liveMaxLatencyDurationCount: Number.POSITIVE_INFINITY,
  maxLiveSyncPlaybackRate: 1,
  liveDurationInfinity: false,
} as const;

/**
 * Where hls.js starts loading: where a retry left off, else where the element already is, else the page's start
 * position; for a growing video 0 rather than hls.js's "-1" (the live edge), and a start position further than what
 * is encoded yet is left to `canSeekTo` once the metadata is known.
 */
export function loadPosition({
  resumeAt,
  currentTime,
  start,
  growing,
}: {
  resumeAt: number | undefined;
  currentTime: number;
  start: number | undefined;
  growing: boolean;
}): number {
  if (resumeAt !== undefined) return resumeAt;
  if (currentTime > 0) return currentTime;
  if (growing) return 0;
  return start ?? -1;
}

/**
 * Whether `seconds` can be played now: before the duration when it is known, else (a native player showing an
 * endless live duration) before the end of what it can seek to.
 */
export function canSeekTo(seconds: number, duration: number, seekableEnd: number | undefined): boolean {
  if (Number.isFinite(duration)) return seconds < duration;
  return seekableEnd !== undefined && seconds < seekableEnd;
}
