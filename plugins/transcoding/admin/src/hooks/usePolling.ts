import * as React from 'react';

/**
 * Calls `poll` now and then every `intervalMs` after the previous call settled, while `enabled` and while the
 * browser tab is visible (a hidden tab asks nothing; it catches up as soon as it is shown again).
 */
export function usePolling(
  poll: (signal: AbortSignal) => Promise<void>,
  {
    intervalMs,
    enabled = true,
    restartKey,
  }: {
    intervalMs: number;
    enabled?: boolean;
    /** a new value polls at once and restarts the cycle */ restartKey?: unknown;
  },
) {
  const pollRef = React.useRef(poll);
  pollRef.current = poll;

  React.useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;

    const tick = async () => {
      timer = undefined;
      if (running || controller.signal.aborted) return;
      if (document.visibilityState === 'hidden') return; // resumed by the visibility listener
      running = true;
      try {
        await pollRef.current(controller.signal);
      } catch {
        // the poll reports its own errors; the next tick tries again
      } finally {
        running = false;
      }
      if (!controller.signal.aborted) timer = setTimeout(tick, intervalMs);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible' && timer === undefined && !running) void tick();
    };

    document.addEventListener('visibilitychange', onVisibility);
    void tick();
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [enabled, intervalMs, restartKey]);
}
