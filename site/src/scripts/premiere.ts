// A premiere's page in the browser: the time in the viewer's own time zone, a countdown, and at the start the watch
// page swapped in place (no reload) once the CMS has published the video, with its player mounted.
import { countdownText } from '../lib/premieres';

const LOCAL = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** Asks for this page until it is the watch page, then puts its main content in place of the premiere's. */
async function swapWhenLive(status: HTMLElement | null): Promise<void> {
  let wait = 2000;
  for (;;) {
    try {
      const response = await fetch(window.location.href, {
        credentials: 'same-origin',
        headers: { accept: 'text/html', 'cache-control': 'no-cache' },
      });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), 'text/html');
        const main = page.querySelector('main');
        if (main && page.querySelector('[data-player]') && !page.querySelector('[data-premiere]')) {
          document.querySelector('main')?.replaceWith(document.importNode(main, true));
          document.title = page.title;
          const stage = document.querySelector<HTMLElement>('[data-player]');
          if (stage) {
            const { mountPlayer } = await import('./player');
            mountPlayer(stage);
          }
          document.querySelector<HTMLElement>('[data-community-status]')?.replaceChildren('The premiere has started.');
          return;
        }
      }
    } catch {
      // offline for a moment: ask again
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 1.5, 15_000);
    if (status && !status.textContent) status.textContent = 'Starting… the video appears here in a moment.';
  }
}

/** Premiere times under `root`, in the viewer's own time zone. */
export function localizeTimes(root: ParentNode): void {
  for (const time of root.querySelectorAll<HTMLTimeElement>('time[data-local-time]')) {
    const moment = Date.parse(time.dateTime);
    if (!Number.isFinite(moment)) continue;
    time.textContent = LOCAL.format(new Date(moment));
    time.title = `${time.textContent} (your time zone)`;
  }
}

export function startPremiereClock(stage: HTMLElement): void {
  const startsAt = Date.parse(stage.dataset.startsAt ?? '');
  if (!Number.isFinite(startsAt)) return;
  localizeTimes(stage);
  const countdown = stage.querySelector<HTMLElement>('[data-countdown]');
  const status = stage.querySelector<HTMLElement>('[data-premiere-status]');
  const tick = () => {
    const left = countdownText(startsAt - Date.now());
    if (countdown) countdown.textContent = left ? `Starts in ${left}` : 'Starting now';
    if (left) return;
    window.clearInterval(timer);
    if (status) status.textContent = 'The premiere is starting.';
    void swapWhenLive(status);
  };
  const timer = window.setInterval(tick, 1000);
  tick();
}
