// Creator analytics from the player: feeds the media element's events to a PlaybackRecorder and sends its batches to
// the site's /api/analytics (which forwards them to the CMS). Batched: a heartbeat every ANALYTICS_LIMITS.heartbeatSeconds
// while playing, and a beacon on pause, end and when the page is hidden or left (sendBeacon, which outlives the page).
// Nothing here can slow or break playback: sending never blocks, and a failed beacon is dropped.
import { ANALYTICS_LIMITS } from '@framecast/contracts';
import { newSessionId, PlaybackRecorder } from '../lib/player/playback-events';

const ENDPOINT = '/api/analytics';

export interface PlaybackAnalytics {
  /** hls.js switched rendition: `auto` when it chose it */
  quality(height: number, auto: boolean): void;
  /** hls.js or the element failed (`fatal`: playback stopped) */
  error(code: string, fatal: boolean): void;
}

function send(body: string, leaving: boolean): void {
  try {
    if (leaving && navigator.sendBeacon?.(ENDPOINT, new Blob([body], { type: 'application/json' }))) return;
    void fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      keepalive: true,
      credentials: 'same-origin',
      mode: 'same-origin',
    }).catch(() => undefined);
  } catch {
    // a beacon that cannot even be queued is a lost beacon, nothing the viewer needs to know about
  }
}

/** The page's `src` tag: `?src=` on the link that led here, or the embed's own. */
function sourceTag(root: HTMLElement): string | null {
  return root.dataset.analyticsSrc ?? new URLSearchParams(window.location.search).get('src');
}

/** document.referrer when it is another site (the platform's own pages are told apart by `src`). */
function offSiteReferrer(): string | null {
  try {
    const referrer = document.referrer ? new URL(document.referrer) : null;
    return referrer && referrer.origin !== window.location.origin ? referrer.href : null;
  } catch {
    return null;
  }
}

/** Starts recording for the player in `root` (its `data-analytics-video` names the video); null when not asked to. */
export function trackPlayback(root: HTMLElement, video: HTMLVideoElement): PlaybackAnalytics | null {
  const documentId = root.dataset.analyticsVideo;
  if (!documentId) return null;
  const recorder = new PlaybackRecorder({
    video: documentId,
    session: newSessionId((bytes) => crypto.getRandomValues(bytes)),
    src: sourceTag(root),
    referrer: offSiteReferrer(),
    now: () => performance.now(),
  });
  recorder.duration = Number(root.dataset.duration);
  let heartbeat: number | undefined;

  const flush = (leaving = false) => {
    for (let batch = recorder.takeBatch(); batch; batch = recorder.takeBatch()) send(JSON.stringify(batch), leaving);
  };
  const stopHeartbeat = () => {
    if (heartbeat !== undefined) window.clearInterval(heartbeat);
    heartbeat = undefined;
  };

  video.addEventListener('durationchange', () => (recorder.duration = video.duration));
  video.addEventListener('play', () => recorder.playRequested(video.currentTime));
  video.addEventListener('playing', () => {
    recorder.playing(video.currentTime);
    if (heartbeat === undefined)
      heartbeat = window.setInterval(() => {
        recorder.heartbeat();
        flush();
      }, ANALYTICS_LIMITS.heartbeatSeconds * 1000);
    flush();
  });
  video.addEventListener('timeupdate', () => {
    recorder.tick(video.currentTime);
    if (recorder.heartbeatDue) {
      recorder.heartbeat();
      flush();
    }
  });
  video.addEventListener('waiting', () => {
    if (!video.paused && !video.seeking) recorder.waiting();
  });
  video.addEventListener('seeking', () => recorder.seeking());
  video.addEventListener('emptied', () => recorder.jump());
  video.addEventListener('pause', () => {
    // `ended` follows a pause at the end: that is an end, not a pause
    if (video.ended) return;
    stopHeartbeat();
    recorder.pause(video.currentTime);
    flush();
  });
  video.addEventListener('ended', () => {
    stopHeartbeat();
    recorder.end(video.currentTime);
    flush();
  });
  // hidden (tab switched, app backgrounded: often the last chance on phones): send what was watched so far
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'hidden' || !recorder.started) return;
    recorder.heartbeat();
    flush(true);
  });
  // left: the session ends here
  window.addEventListener('pagehide', () => {
    if (!recorder.started) return;
    stopHeartbeat();
    if (!video.ended) recorder.end(video.currentTime, true);
    flush(true);
  });

  return {
    quality: (height, auto) => {
      recorder.quality(video.currentTime, height, auto);
    },
    error: (code, fatal) => {
      recorder.error(video.currentTime, code, fatal);
      flush();
    },
  };
}
