/** Watch-page player steps the end-to-end specs share (Plyr + hls.js, site/src/components/VideoPlayer.astro). */
import { expect, type Locator, type Page } from '@playwright/test';

export const stage = (page: Page) => page.locator('[data-player]');
export const videoProp = <T>(page: Page, read: (video: HTMLVideoElement) => T) =>
  page.locator('[data-player] video').evaluate(read);

/**
 * Plays the video muted and pauses it from inside the page at the first `timeupdate` past `seconds`: a pause sent
 * from the runner after seeing the time can come seconds late on a busy machine. Resolves once it is paused there.
 */
export async function playThenPauseAfter(
  page: Page,
  seconds: number,
  { timeout = 30_000 }: { timeout?: number } = {},
): Promise<void> {
  await page.locator('[data-player] video').evaluate((video: HTMLVideoElement, after: number) => {
    video.muted = true;
    const pauseOnce = () => {
      if (video.currentTime <= after) return;
      video.removeEventListener('timeupdate', pauseOnce);
      video.pause();
    };
    video.addEventListener('timeupdate', pauseOnce);
    return video.play();
  }, seconds);
  await expect
    .poll(() => videoProp(page, (element) => (element.paused ? element.currentTime : 0)), { timeout })
    .toBeGreaterThan(seconds);
}

/** Opens Plyr's settings menu on its quality pane (wherever the menu was left) and returns the choices. */
export async function openQualityMenu(page: Page): Promise<Locator> {
  const items = page.locator('.plyr__menu__container [data-plyr="quality"]');
  if (await items.first().isVisible()) return items;
  const settings = page.locator('.plyr__controls button[data-plyr="settings"]:not([role="menuitem"])');
  await page.locator('.plyr').hover();
  if ((await settings.getAttribute('aria-expanded')) !== 'true') await settings.click();
  await page.locator('.plyr__menu__container [role="menuitem"]', { hasText: 'Quality' }).click();
  await expect(items.first()).toBeVisible();
  return items;
}

/** Chooses a rung of the ladder and waits until hls.js plays it (the decoded picture is that tall). */
export async function chooseQuality(page: Page, height: number): Promise<void> {
  await (await openQualityMenu(page)).and(page.locator(`[value="${height}"]`)).click();
  await expect(stage(page)).toHaveAttribute('data-current-level', String(height), { timeout: 15_000 });
  await expect
    .poll(() => videoProp(page, (element) => Math.min(element.videoWidth, element.videoHeight)), { timeout: 15_000 })
    .toBe(height);
}

/**
 * Collects what the browser refused under the site's Content-Security-Policy (console reports, from every frame
 * and worker); a spec expects the list to stay empty.
 */
export function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy|Permissions-Policy/i.test(message.text()))
      seen.push(message.text());
  });
  return seen;
}
