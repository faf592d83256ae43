// The watch/embed player: Plyr's controls over hls.js (native HLS where hls.js cannot run), a quality menu
// from the HLS levels, storyboard previews, captions and an inline error with a retry. Loaded on demand by
// VideoPlayer.astro, only on pages whose video has a playlist. Without JavaScript the plain <video> stays.

import Hls from 'hls.js/light';
import type { ErrorData, FragBufferedData, LevelSwitchedData, LevelUpdatedData } from 'hls.js';
import Plyr from 'plyr';
import 'plyr/dist/plyr.css';
// Served from our own origin (Plyr's default is its CDN). The package's exports map leaves the sprite out,
// so it is reached by path in the workspace's shared node_modules.
import iconUrl from '../../../node_modules/plyr/dist/plyr.svg?url';
import { MIN_VIEW_SECONDS } from '../lib/discovery';
import { AUTO_QUALITY, autoQualityLabel, levelIndexFor, qualityOf, qualityOptions } from '../lib/player/quality';
import { parseStartTime } from '../lib/community/text';
import { chapterAt, chapterMarkers, parseChapters } from '../lib/player/chapter-markers';
import { WatchTime } from '../lib/player/watch-time';
import { GROWING_HLS_CONFIG, GROWING_NOTE, canSeekTo, loadPosition } from '../lib/player/growing';
import { trackPlayback, type PlaybackAnalytics } from './playback-analytics';

const HLS_MIME = 'application/vnd.apple.mpegurl';
const STORAGE_KEY = 'plyr';
const PLAYBACK_FAILED = 'This video can’t be played right now.';
const UNSUPPORTED = 'This browser can’t play this video.';

/** The parts of Plyr's runtime config the quality menu touches (not in Plyr's published types). */
interface PlyrRuntimeConfig {
  i18n: { qualityLabel: Record<number, string> };
  quality: { selected?: number };
}

interface Parts {
  root: HTMLElement;
  video: HTMLVideoElement;
  error: HTMLElement | null;
  errorText: HTMLElement | null;
  retry: HTMLButtonElement | null;
  /** Still being encoded: its playlists grow (VideoPlayer.astro's `data-growing`). */
  growing: boolean;
}

// Plyr remembers a chosen quality for every later video; adaptive switching should be the default each time.
function forgetStoredQuality(): void {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (stored && typeof stored === 'object' && 'quality' in stored) {
      delete (stored as { quality?: unknown }).quality;
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
    }
  } catch {
    // storage blocked or corrupt: Plyr copes on its own
  }
}

function showError(parts: Parts, message: string, canRetry: boolean): void {
  parts.root.dataset.playerState = 'error';
  if (parts.errorText) parts.errorText.textContent = message;
  if (parts.retry) parts.retry.hidden = !canRetry;
  if (parts.error) parts.error.hidden = false;
}

function hideError(parts: Parts): void {
  delete parts.root.dataset.playerState;
  if (parts.error) parts.error.hidden = true;
}

function numberFrom(value: string | undefined): number | undefined {
  const number = Number(value);
  return value && Number.isFinite(number) && number > 0 ? number : undefined;
}

/**
 * Where playback starts: `data-start-at` (the watch page's ?t= or resume point), else ?t= in this page's URL.
 * Read when loading starts, so "Start over" can clear it before the first play.
 */
function startPosition(root: HTMLElement): number | undefined {
  if ('startAt' in root.dataset) return numberFrom(root.dataset.startAt);
  return parseStartTime(new URLSearchParams(window.location.search).get('t'));
}

/**
 * Seek to the start position once the metadata is known (native HLS, and hls.js when a play came first). A growing
 * video starts at 0 unless the start position is already encoded: Safari starts such a playlist near its newest
 * segment, as it would a broadcast.
 */
function seekToStart(parts: Parts, { loadedAlready = false }: { loadedAlready?: boolean } = {}): void {
  const { root, video, growing } = parts;
  const seek = () => {
    const seekable = video.seekable.length > 0 ? video.seekable.end(video.seekable.length - 1) : undefined;
    const requested = startPosition(root);
    if (growing) {
      const start = requested && canSeekTo(requested, video.duration, seekable) ? requested : 0;
      if (Math.abs(video.currentTime - start) > 1) video.currentTime = start;
      return;
    }
    if (requested && video.currentTime < 1 && (!Number.isFinite(video.duration) || requested < video.duration))
      video.currentTime = requested;
  };
  // native HLS may have read the metadata (preload) before this module arrived
  if (loadedAlready && video.readyState >= HTMLMediaElement.HAVE_METADATA) seek();
  else video.addEventListener('loadedmetadata', seek, { once: true });
}

/** The note under the player says so once the player has seen the playlist's end (the encode finished). */
function markFinished(parts: Parts): void {
  const { root } = parts;
  if (root.dataset.growing !== 'true') return;
  root.dataset.growing = 'finished';
  const note = root.closest('.player')?.parentElement?.querySelector<HTMLElement>('[data-player-growing]');
  if (note) note.textContent = GROWING_NOTE.finished;
}

/** Signed playlist URLs expire; after that only a fresh page (new signatures) can play. */
function signaturesExpired(root: HTMLElement): boolean {
  const expiresAt = Date.parse(root.dataset.expiresAt ?? '');
  return Number.isFinite(expiresAt) && expiresAt <= Date.now();
}

function plyrOptions(parts: Parts, quality: Plyr.QualityOptions | undefined): Plyr.Options {
  const { root, video, growing } = parts;
  // while it grows the storyboard covers what is encoded so far, and so does the timeline (not the final length)
  const storyboard = root.dataset.storyboard;
  const defaultTrack = video.querySelector<HTMLTrackElement>('track[default]');
  const duration = growing ? undefined : numberFrom(root.dataset.duration);
  const markers = chapterMarkers(root.dataset.chapters);
  // `title` (used in Plyr's aria-labels) is a Plyr option its published types leave out
  const options: Plyr.Options & { title?: string } = {
    title: root.dataset.title,
    iconUrl,
    controls: [
      'play-large',
      'play',
      'progress',
      'current-time',
      'duration',
      'mute',
      'volume',
      'captions',
      'settings',
      'pip',
      'airplay',
      'fullscreen',
    ],
    settings: ['captions', 'quality', 'speed'],
    keyboard: { focused: true, global: false },
    tooltips: { controls: true, seek: true },
    disableContextMenu: false,
    fullscreen: { enabled: true, fallback: true, iosNative: true },
    captions: { active: Boolean(defaultTrack), language: defaultTrack?.srclang || 'auto', update: false },
    previewThumbnails: storyboard ? { enabled: true, src: storyboard } : { enabled: false },
    // known before the playlist loads, so the time display and previews work before the first play
    ...(duration ? { duration } : {}),
    ...(quality ? { quality, i18n: { qualityLabel: { [AUTO_QUALITY]: 'Auto' } } } : {}),
    mediaMetadata: { title: root.dataset.title, artist: root.dataset.author },
    // chapters on the timeline; Plyr writes each label as HTML (chapterMarkers escapes the titles)
    ...(markers.length > 0 ? { markers: { enabled: true, points: markers } } : {}),
  };
  return options;
}

/**
 * The chapter's title over the storyboard frame while the pointer moves along the timeline (Plyr shows only the time,
 * and a marker's label at its exact second, which this replaces). Written as text, never HTML.
 */
function chapterTitlesInPreview(player: Plyr, root: HTMLElement): void {
  const chapters = parseChapters(root.dataset.chapters);
  const progress = (player.elements as { progress?: HTMLElement }).progress;
  if (chapters.length === 0 || !progress) return;
  const show = (event: MouseEvent) => {
    const time = progress.querySelector<HTMLElement>('.plyr__preview-thumb__time-container span');
    const duration = player.duration;
    if (!time || !(duration > 0)) return;
    const rect = progress.getBoundingClientRect();
    const seconds = Math.min(duration, Math.max(0, ((event.clientX - rect.left) / rect.width) * duration));
    // Plyr put the marker label before the time at a marker's second: keep the time alone
    const clock = time.lastChild?.textContent ?? '';
    const title = chapterAt(chapters, seconds);
    const line = document.createElement('span');
    line.className = 'plyr__preview-thumb__chapter';
    line.textContent = title ?? '';
    time.replaceChildren(...(title ? [line, document.createElement('br')] : []), document.createTextNode(clock));
  };
  progress.addEventListener('mousemove', show);
}

function markReady(player: Plyr, root: HTMLElement, engine: string, levels: number[]): void {
  player.on('ready', () => {
    chapterTitlesInPreview(player, root);
    root.dataset.engine = engine;
    root.dataset.levels = levels.join(',');
    root.dataset.playerReady = 'true';
  });
}

/** Shows which rung adaptive switching picked, in the menu item and in the settings summary. */
function updateAutoLabel(player: Plyr, label: string): void {
  const config = (player as unknown as { config: PlyrRuntimeConfig }).config;
  config.i18n.qualityLabel[AUTO_QUALITY] = label;
  const item = player.elements.container?.querySelector<HTMLElement>(
    `[data-plyr="quality"][value="${AUTO_QUALITY}"] > span`,
  );
  if (item) item.textContent = label;
  if ((config.quality.selected ?? AUTO_QUALITY) !== AUTO_QUALITY) return;
  // Plyr keeps the settings menu's entries at runtime; its published types leave them out
  const settings = (player.elements as unknown as { settings?: { buttons?: Record<string, HTMLElement | undefined> } })
    .settings;
  const summary = settings?.buttons?.quality?.querySelector<HTMLElement>('.plyr__menu__value');
  if (summary) summary.textContent = label;
}

function mountHls(parts: Parts, src: string, analytics: PlaybackAnalytics | null): void {
  const { root, video } = parts;
  let hls: Hls;
  let player: Plyr | undefined;
  let attached = false;
  let loading = false;
  let wantsLoading = false;
  /** Where a retry picks up (detaching hls.js resets the element's currentTime and pauses it). */
  let resumeAt: number | undefined;
  let resumePlaying = false;
  /** A quality picked while paused: redraw the paused frame once the new level is buffered. */
  // the level a paused player switched to: its picture is redrawn once that level's data is under the playhead
  let redrawLevel: number | null = null;

  const startLoading = () => {
    if (loading) return;
    if (!attached) {
      wantsLoading = true;
      return;
    }
    loading = true;
    hls.startLoad(
      loadPosition({ resumeAt, currentTime: video.currentTime, start: startPosition(root), growing: parts.growing }),
    );
  };

  const selectQuality = (quality: number) => {
    const index = levelIndexFor(hls.levels, quality);
    if (index === -1) {
      // back to adaptive at the next segment, without dropping what is buffered
      if (!hls.autoLevelEnabled) hls.nextLevel = -1;
      return;
    }
    startLoading();
    // a viewer who picks a quality wants to see it now: switch immediately
    if (hls.autoLevelEnabled || hls.currentLevel !== index) {
      redrawLevel = video.paused ? index : null;
      hls.currentLevel = index;
    }
  };

  const selectedQuality = () =>
    player
      ? ((player as unknown as { config: PlyrRuntimeConfig }).config.quality.selected ?? AUTO_QUALITY)
      : AUTO_QUALITY;

  const start = (retryAt: number | undefined, playAfterRetry = false) => {
    let recoveredMediaError = false;
    attached = false;
    loading = false;
    resumeAt = retryAt;
    resumePlaying = playAfterRetry;
    wantsLoading = retryAt !== undefined;
    hls = new Hls({ autoStartLoad: false, capLevelToPlayerSize: true, ...(parts.growing ? GROWING_HLS_CONFIG : {}) });

    // The playlist first, then Plyr (it needs the levels for its menu), then the media: Plyr moves the <video>
    // into its wrapper, and moving it after hls.js attached makes Chromium refetch the MediaSource URL.
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      if (!player) {
        const options = qualityOptions(hls.levels);
        forgetStoredQuality();
        player = new Plyr(
          video,
          plyrOptions(parts, { default: AUTO_QUALITY, options, forced: true, onChange: selectQuality }),
        );
        markReady(player, root, 'hls.js', options.slice(1));
      }
      hls.attachMedia(video);
    });

    hls.on(Hls.Events.MEDIA_ATTACHED, () => {
      attached = true;
      // after a retry, keep the viewer's quality choice
      if (selectedQuality() !== AUTO_QUALITY) selectQuality(selectedQuality());
      if (wantsLoading) startLoading();
      if (resumePlaying) void video.play().catch(() => undefined);
    });

    hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data: LevelSwitchedData) => {
      const level = hls.levels[data.level];
      if (!level) return;
      root.dataset.currentLevel = String(qualityOf(level));
      analytics?.quality(level.height, hls.autoLevelEnabled);
      if (player) updateAutoLabel(player, hls.autoLevelEnabled ? autoQualityLabel(level) : autoQualityLabel(undefined));
    });

    // a growing playlist is reloaded by hls.js every target duration; the one that ends is the whole video
    hls.on(Hls.Events.LEVEL_UPDATED, (_event, data: LevelUpdatedData) => {
      if (parts.growing && !data.details.live) markFinished(parts);
    });

    hls.on(Hls.Events.FRAG_BUFFERED, (_event, data: FragBufferedData) => {
      const { frag } = data;
      if (redrawLevel === null || frag.level !== redrawLevel) return;
      if (!video.paused) {
        redrawLevel = null;
        return;
      }
      const at = video.currentTime;
      if (at >= frag.start && at < frag.start + frag.duration) {
        // a paused element keeps showing the old frame; seeking in place decodes it again, from the new level
        redrawLevel = null;
        video.currentTime = at;
      }
    });

    hls.on(Hls.Events.ERROR, (_event, data: ErrorData) => {
      if (!data.fatal) return;
      analytics?.error(data.details, !(data.type === Hls.ErrorTypes.MEDIA_ERROR && !recoveredMediaError));
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recoveredMediaError) {
        recoveredMediaError = true;
        hls.recoverMediaError();
        return;
      }
      hls.stopLoad();
      showError(parts, PLAYBACK_FAILED, true);
    });

    hls.loadSource(src);
  };

  // The server-rendered <source> is for browsers without JavaScript. Browsers with native HLS have already
  // started on it: drop it and stop that load, hls.js brings its own.
  for (const source of video.querySelectorAll('source')) source.remove();
  video.load();
  start(undefined);

  // Segments load once the viewer shows interest (as preload="metadata" would), not on every page view.
  for (const type of ['pointerenter', 'focusin', 'touchstart'])
    root.addEventListener(type, startLoading, { passive: true });
  video.addEventListener('play', startLoading);
  video.addEventListener('seeking', startLoading);

  parts.retry?.addEventListener('click', () => {
    if (signaturesExpired(root)) return window.location.reload();
    hideError(parts);
    const position = video.currentTime;
    const playing = !video.paused;
    hls.destroy();
    start(position, playing);
  });
}

function mountNative(parts: Parts, analytics: PlaybackAnalytics | null): void {
  const { root, video } = parts;
  const onError = () => {
    analytics?.error(`media-error-${video.error?.code ?? 'source'}`, true);
    showError(parts, PLAYBACK_FAILED, true);
  };
  video.addEventListener('error', onError);
  // with <source> children a failed load is reported on the source element, not the video
  for (const source of video.querySelectorAll('source')) source.addEventListener('error', onError);
  // preload="metadata" may have failed before this module arrived
  if (video.error || video.networkState === HTMLMediaElement.NETWORK_NO_SOURCE) onError();
  // a native player shows a playlist without its end as endless, and the real length once the end is listed
  if (parts.growing) {
    let endless = false;
    video.addEventListener('durationchange', () => {
      if (video.duration === Number.POSITIVE_INFINITY) endless = true;
      else if (endless && video.duration > 0) markFinished(parts);
    });
  }
  forgetStoredQuality();
  const player = new Plyr(video, plyrOptions(parts, undefined));
  markReady(player, root, 'native', []);
  parts.retry?.addEventListener('click', () => {
    if (signaturesExpired(root)) return window.location.reload();
    hideError(parts);
    const position = video.currentTime;
    const playing = !video.paused;
    video.load();
    video.addEventListener(
      'loadedmetadata',
      () => {
        video.currentTime = position;
        if (playing) void video.play().catch(() => undefined);
      },
      { once: true },
    );
  });
}

/**
 * Once MIN_VIEW_SECONDS have really been played (not skipped over), tells the site once per page load; the
 * site adds the viewer session and the CMS decides whether it is a new view.
 */
function countView(root: HTMLElement, video: HTMLVideoElement): void {
  const documentId = root.dataset.viewVideo;
  if (!documentId) return;
  const watched = new WatchTime();
  let sent = false;
  const restart = () => watched.jump();
  // a seek, or a retry that reloads the media, starts a new run instead of counting the jump
  video.addEventListener('seeking', restart);
  video.addEventListener('emptied', restart);
  const onTime = () => {
    if (watched.tick(video.currentTime) < MIN_VIEW_SECONDS || sent) return;
    sent = true;
    video.removeEventListener('timeupdate', onTime);
    const body = JSON.stringify({ video: documentId, watchedSeconds: Math.round(watched.seconds * 10) / 10 });
    // keepalive: the beacon still goes out when the viewer leaves the page right then
    fetch('/api/views', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      keepalive: true,
      credentials: 'same-origin',
      mode: 'same-origin',
    })
      .then(async (response) => {
        const answer: unknown = response.ok ? await response.json() : undefined;
        root.dataset.viewCounted = String((answer as { counted?: unknown } | undefined)?.counted === true);
      })
      .catch(() => {
        // a lost beacon is a lost view, nothing the viewer needs to know about
      });
  };
  video.addEventListener('timeupdate', onTime);
}

/** Turns a server-rendered `[data-player]` into the full player. Safe to call twice. */
export function mountPlayer(root: HTMLElement): void {
  const video = root.querySelector<HTMLVideoElement>('video');
  const src = root.dataset.hls;
  if (!video || !src || root.dataset.playerMounted) return;
  root.dataset.playerMounted = 'true';

  const parts: Parts = {
    root,
    video,
    error: root.querySelector<HTMLElement>('[data-player-error]'),
    errorText: root.querySelector<HTMLElement>('[data-player-error-text]'),
    retry: root.querySelector<HTMLButtonElement>('[data-player-retry]'),
    growing: root.dataset.growing === 'true',
  };

  // the <picture> already picked WebP or JPEG at the right width: Plyr reuses that download as its poster
  const poster = root.querySelector<HTMLImageElement>('[data-player-poster] img');
  const posterUrl = poster?.currentSrc || poster?.src;
  if (posterUrl) video.poster = posterUrl;

  countView(root, video);
  const analytics = trackPlayback(root, video);
  if (Hls.isSupported()) {
    // hls.js starts loading at the start position, but a play that comes first can begin at 0: seek once the
    // metadata is known, as for native HLS
    seekToStart(parts);
    mountHls(parts, src, analytics);
  } else if (video.canPlayType(HLS_MIME)) {
    seekToStart(parts, { loadedAlready: true });
    mountNative(parts, analytics);
  } else showError(parts, UNSUPPORTED, false);
}
