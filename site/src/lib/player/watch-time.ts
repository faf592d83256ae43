// Seconds of a video actually played, from the element's `timeupdate` ticks. Seeks and jumps do not count:
// only small forward steps between two ticks do. Pure and DOM-free (the player uses it; unit tests run it).

/** `timeupdate` fires every 15–250 ms while playing; a bigger forward step is a seek, not playback. */
export const MAX_PLAYED_STEP_S = 2;

export class WatchTime {
  #seconds = 0;
  #last: number | undefined;

  /** Seconds played so far. */
  get seconds(): number {
    return this.#seconds;
  }

  /** A `timeupdate` at `currentTime`: counts the step since the previous tick when it looks like playback. */
  tick(currentTime: number): number {
    if (!Number.isFinite(currentTime) || currentTime < 0) return this.#seconds;
    const last = this.#last;
    this.#last = currentTime;
    if (last !== undefined) {
      const step = currentTime - last;
      if (step > 0 && step <= MAX_PLAYED_STEP_S) this.#seconds += step;
    }
    return this.#seconds;
  }

  /** A seek (or a reload of the media): the next tick starts a new run instead of counting the jump. */
  jump(): void {
    this.#last = undefined;
  }
}
