// The player's playback events for creator analytics (plugins/analytics, contracts' PlaybackBatch): what was watched
// (ranges of media time really played: a seek closes a range, it never counts), startup time, stalls, quality changes,
// errors. Pure and DOM-free: scripts/playback-analytics.ts feeds it the media element's events and sends its batches.
import {
  ANALYTICS_LIMITS,
  SOURCE_TAGS,
  type PlaybackBatch,
  type PlaybackEvent,
  type SourceTag,
  type WatchedRange,
} from '@framecast/contracts';
import { MAX_PLAYED_STEP_S } from './watch-time';

/** Distributes Omit over the event union, so each event type keeps its own fields. */
type EventBody<Event> = Event extends PlaybackEvent ? Omit<Event, 'seq' | 't'> : never;

export interface RecorderOptions {
  video: string;
  session: string;
  /** the page's `src` tag, when it is one the platform knows */
  src?: string | null;
  /** document.referrer when it is another site */
  referrer?: string | null;
  /** ms, monotonic (performance.now in the browser) */
  now: () => number;
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Playback that begins this close to 0 begins at the start: an HLS stream's first frame sits a few hundredths of a
 * second in (the encoder's delay), and hls.js seeks over that gap before the first frame, so no viewer ever "plays"
 * 0-0.07 s; without this, retention's first second would never reach 100%.
 */
const START_SLACK_S = 0.5;

export const isSourceTag = (value: string | null | undefined): value is SourceTag =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(SOURCE_TAGS, value);

/** A random, URL-safe session id (one per player mount: a new tab is a new session). */
export function newSessionId(random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(16));
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class PlaybackRecorder {
  readonly #options: RecorderOptions;
  readonly #startedAt: number;
  #seq = 0;
  #events: PlaybackEvent[] = [];
  /** ranges played since the last heartbeat, and the one still growing */
  #ranges: WatchedRange[] = [];
  #open: WatchedRange | undefined;
  #last: number | undefined;
  #duration = 0;
  #playRequestedAt: number | undefined;
  #started = false;
  #stallSince: number | undefined;

  constructor(options: RecorderOptions) {
    this.#options = options;
    this.#startedAt = options.now();
  }

  /** The media's duration (seconds), once known: batches are not sent before it is. */
  set duration(seconds: number) {
    if (Number.isFinite(seconds) && seconds > 0) this.#duration = seconds;
  }

  get started(): boolean {
    return this.#started;
  }

  #push(event: EventBody<PlaybackEvent>): void {
    this.#events.push({
      ...event,
      seq: this.#seq++,
      t: Math.round(this.#options.now() - this.#startedAt),
    } as PlaybackEvent);
  }

  /** A `timeupdate` at `currentTime`: a small forward step extends the open range; anything else starts a new one. */
  tick(currentTime: number): void {
    if (!Number.isFinite(currentTime) || currentTime < 0) return;
    const last = this.#last;
    this.#last = currentTime;
    const step = last === undefined ? -1 : currentTime - last;
    if (this.#open && step > 0 && step <= MAX_PLAYED_STEP_S) {
      this.#open[1] = currentTime;
      return;
    }
    this.#close();
    if (last !== undefined && step > 0 && step <= MAX_PLAYED_STEP_S)
      this.#open = [last < START_SLACK_S ? 0 : last, currentTime];
  }

  /** A seek (or a reload of the media): the range so far is closed, and the jump is not watched. */
  jump(): void {
    this.#close();
    this.#last = undefined;
  }

  #close(): void {
    if (this.#open && this.#open[1] > this.#open[0]) this.#ranges.push([round(this.#open[0]), round(this.#open[1])]);
    this.#open = undefined;
  }

  /**
   * The viewer asked to play at `at` (seconds): startup time runs from here to the first frame, and playback from this
   * position (by the `playing` event the element may already be a frame or two further on).
   */
  playRequested(at?: number): void {
    if (!this.#started && this.#playRequestedAt === undefined) this.#playRequestedAt = this.#options.now();
    if (this.#last === undefined && at !== undefined && Number.isFinite(at) && at >= 0) this.#last = at;
  }

  /** Frames are moving (`playing`): the first time, the start event; after a stall, the stall's length. */
  playing(at: number): void {
    const now = this.#options.now();
    // playback runs from here: the first tick extends a range that starts at this position
    if (this.#last === undefined && Number.isFinite(at) && at >= 0) this.#last = at;
    if (!this.#started) {
      this.#started = true;
      const startupMs = Math.round(now - (this.#playRequestedAt ?? now));
      this.#push({ type: 'start', at: round(at), startupMs: Math.min(startupMs, ANALYTICS_LIMITS.maxStartupMs) });
    } else if (this.#stallSince !== undefined) {
      const durationMs = Math.round(now - this.#stallSince);
      if (durationMs > 0)
        this.#push({ type: 'stall', at: round(at), durationMs: Math.min(durationMs, ANALYTICS_LIMITS.maxStallMs) });
    }
    this.#stallSince = undefined;
  }

  /** Playback waits for data (`waiting` while not paused and not seeking). */
  waiting(): void {
    if (this.#started && this.#stallSince === undefined) this.#stallSince = this.#options.now();
  }

  /** A seek's wait is not a stall. */
  seeking(): void {
    this.#stallSince = undefined;
    this.jump();
  }

  pause(at: number): void {
    if (!this.#started) return;
    this.heartbeat();
    this.#push({ type: 'pause', at: round(at) });
  }

  /** The end was reached, or (`left`) the page is being left. */
  end(at: number, left = false): void {
    if (!this.#started) return;
    this.heartbeat();
    this.#push({ type: 'end', at: round(at), ...(left ? { left: true } : {}) });
  }

  quality(at: number, height: number, auto: boolean): void {
    if (Number.isInteger(height) && height > 0) this.#push({ type: 'quality', at: round(at), height, auto });
  }

  error(at: number, code: string, fatal: boolean): void {
    this.#push({ type: 'error', at: round(at), code: code.slice(0, ANALYTICS_LIMITS.maxErrorCodeLength), fatal });
  }

  /** The ranges played since the last heartbeat, as one event (none when nothing was played). */
  heartbeat(): void {
    if (this.#open && this.#open[1] > this.#open[0]) {
      this.#ranges.push([round(this.#open[0]), round(this.#open[1])]);
      // keep extending from here: the next heartbeat starts where this one ended
      this.#open = [this.#open[1], this.#open[1]];
    }
    while (this.#ranges.length > 0) {
      this.#push({ type: 'heartbeat', ranges: this.#ranges.splice(0, ANALYTICS_LIMITS.maxRangesPerHeartbeat) });
    }
  }

  /** True when more ranges have piled up than one heartbeat holds: send one now. */
  get heartbeatDue(): boolean {
    return this.#ranges.length >= ANALYTICS_LIMITS.maxRangesPerHeartbeat;
  }

  /** The next beacon (at most maxEventsPerBatch events), or null when there is nothing to send or no duration yet. */
  takeBatch(): PlaybackBatch | null {
    if (this.#events.length === 0 || this.#duration <= 0) return null;
    const events = this.#events.splice(0, ANALYTICS_LIMITS.maxEventsPerBatch);
    const { src, referrer } = this.#options;
    return {
      video: this.#options.video,
      session: this.#options.session,
      duration: round(this.#duration),
      ...(isSourceTag(src) ? { src } : {}),
      ...(referrer ? { referrer: referrer.slice(0, ANALYTICS_LIMITS.maxReferrerLength) } : {}),
      events,
    };
  }

  /** Events not sent yet (a beacon that failed is not resent: analytics never slow or break playback). */
  get pending(): number {
    return this.#events.length;
  }
}
